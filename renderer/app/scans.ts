import { DomainError, MAX_SCAN_BYTES, toBase64, type Scan } from '../../shared';

/** A scanned page is kept at most this many pixels on its longer side: an A4 page stays legible at about 190 dpi. */
const MAX_SIDE = 2200;

/**
 * A scanner's picture or a camera frame as a scan to keep with the case: scaled down to
 * MAX_SIDE and compressed as JPEG, less finely until it fits MAX_SCAN_BYTES.
 */
export async function compressScan(picture: Blob, documentId: string, fileName: string): Promise<Scan> {
  const bitmap = await createImageBitmap(picture).catch(() => {
    throw new DomainError('scan.unreadable', { file: fileName });
  });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  // A transparent PNG would turn black as JPEG: paper is white.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  for (const quality of [0.8, 0.65, 0.5, 0.35]) {
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    if (blob.size <= MAX_SCAN_BYTES) return { documentId, type: 'image/jpeg', width, height, data: toBase64(new Uint8Array(await blob.arrayBuffer())) };
  }
  throw new DomainError('scan.tooLarge', { document: fileName, max: MAX_SCAN_BYTES / 1_000_000 });
}

/** A scan as an image source. */
export const scanSource = (scan: Pick<Scan, 'type' | 'data'>) => `data:${scan.type};base64,${scan.data}`;
