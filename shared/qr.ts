import jsQR from 'jsqr';

/**
 * The text of the QR code in an image (RGBA pixels, as a canvas or a PNG decoder gives them).
 * The bytes are read as UTF-8: the seal's JSON is Kazakh text. Null when no code is found.
 */
export function readQr(pixels: Uint8ClampedArray, width: number, height: number): string | null {
  const code = jsQR(pixels, width, height, { inversionAttempts: 'dontInvert' });
  return code ? new TextDecoder().decode(Uint8Array.from(code.binaryData)) : null;
}
