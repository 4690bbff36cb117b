import { useEffect, useRef } from 'react';

/**
 * The laptop's or webcam's video in a <video> while `active`; stopped when it ends. `failed`
 * runs when there is no camera or it is refused.
 */
export function useCamera(active: boolean, failed: () => void) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!active) return;
    let stream: MediaStream | null = null;
    let ended = false;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1920 } } })
      .then((s) => {
        stream = s;
        if (ended) s.getTracks().forEach((track) => track.stop());
        else if (video.current) video.current.srcObject = s;
      })
      .catch(failed);
    return () => {
      ended = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
    // One camera session per activation; `failed` is read once.
  }, [active]);
  return video;
}

/** The video's current frame as a picture. */
export function frameOf(video: HTMLVideoElement): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
}
