import { DomainError, fromBase64, MAX_SCAN_BYTES, toBase64, type Scan } from '../../shared';

/** A scanned page is kept at most this many pixels on its longer side: an A4 page stays legible at about 190 dpi. */
const MAX_SIDE = 2200;

/**
 * A scanner's file or a camera frame as a scan to keep with the case: a picture is compressed
 * (compressPicture); a scanner's PDF is kept as it is, if it opens and fits MAX_SCAN_BYTES.
 */
export async function scanOf(file: Blob, documentId: string, fileName: string): Promise<Scan> {
  // By its first bytes, not its name: a scanner may name files anyhow.
  if (new TextDecoder().decode(await file.slice(0, 5).arrayBuffer()) !== '%PDF-') return compressPicture(file, documentId, fileName);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length > MAX_SCAN_BYTES) throw new DomainError('scan.tooLarge', { document: fileName, max: MAX_SCAN_BYTES / 1_000_000 });
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false }).catch(() => null);
  const page = pdf?.getPageCount() ? pdf.getPage(0).getSize() : null;
  if (!page) throw new DomainError('scan.unreadable', { file: fileName });
  return { documentId, type: 'application/pdf', width: Math.round(page.width), height: Math.round(page.height), data: toBase64(bytes) };
}

/** A picture scaled down to MAX_SIDE and compressed as JPEG, less finely until it fits MAX_SCAN_BYTES. */
async function compressPicture(picture: Blob, documentId: string, fileName: string): Promise<Scan> {
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

/** A picture scan as an image source. */
export const scanSource = (scan: Pick<Scan, 'type' | 'data'>) => `data:${scan.type};base64,${scan.data}`;

/** A PDF scan for the browser's PDF viewer: a blob address, which Chromium shows in a frame (a data: one it does not). The caller revokes it. */
export const pdfScanUrl = (scan: Pick<Scan, 'data'>) => URL.createObjectURL(new Blob([fromBase64(scan.data) as BlobPart], { type: 'application/pdf' }));
