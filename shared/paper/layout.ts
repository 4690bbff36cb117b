import { concatTransformationMatrix, decodePDFRawStream, fill, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingColor, type PDFFont, type PDFOperator, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { embedPaperFace, type PaperFace } from './font';

/** The faces a paper is set in (DejaVu Serif subset ahead of time, resources/fonts/). Passed in, so shared/ reads no files. */
export interface PaperFonts {
  regular: PaperFace;
  bold: PaperFace;
}

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'paragraph'; text: string; bold?: boolean; align?: 'left' | 'center' | 'right'; size?: number }
  /** Label and value pairs, the label column narrow. */
  | { kind: 'facts'; rows: (readonly [string, string])[] }
  | { kind: 'table'; columns: { title: string; width: number }[]; rows: string[][] }
  /** "Position ______ Name", one line per signer. */
  | { kind: 'signatures'; lines: { position: string; name: string }[] }
  | { kind: 'space'; height: number };

/** One paper in one language, laid out top to bottom; long text wraps within the margins and flows onto new pages. */
export interface Paper {
  /** Shown in the PDF's metadata. */
  title: string;
  /** The office, centred at the top of the first page; empty on the applicant's own paper. */
  office: string;
  /** Right-aligned lines under the office: the unique number and the date. */
  header: string[];
  blocks: Block[];
  /**
   * The QR code's text and its caption; the seal place «М.О.» beside it when `sealPlace` is set.
   * `small` for a code that holds only a number (the receipt's), not a signed seal.
   */
  seal?: { qr: string; caption: string; sealPlace: string | null; small?: boolean };
  /** Small print at the end: the law's footer. */
  footer: string[];
  landscape?: boolean;
  /** Files the PDF carries inside it (an NCA RK signature and what it signed). */
  attachments?: Attachment[];
}

export interface Attachment {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  description: string;
}

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
/** Kazakhstan's office-paper margins (left 30 mm for binding, right 10–15 mm, top and bottom 20 mm). */
const MARGIN = { left: 25 * MM, right: 15 * MM, top: 18 * MM, bottom: 18 * MM };
const SIZE = 11.5;
const SMALL = 8.5;
const LEADING = 1.32;
const QR_SIZE = 46 * MM;
const QR_SMALL = 24 * MM;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);
/** The same bytes for the same data: no clock, no random in the file. */
const FIXED_DATE = new Date('2000-01-01T00:00:00.000Z');

/** Splits text into lines no wider than `width`; a word wider than the line is cut. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

class Cursor {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  constructor(
    private readonly pdf: PDFDocument,
    readonly width: number,
    readonly height: number,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.pdf.addPage([this.width, this.height]);
    this.pages.push(this.page);
    this.y = this.height - MARGIN.top;
  }
  /** Makes room for `height` points, on a new page if this one is full. */
  need(height: number) {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }
}

/**
 * Long work on a paper (a journal of thousands of entries): told how many table rows are drawn
 * of how many, and stopped by the signal between two batches of rows.
 */
export interface PaperWatch {
  onProgress?(done: number, total: number): void;
  /** After each paper: many results printed at once tell their progress by the paper. */
  onPaper?(done: number, total: number): void;
  signal?: AbortSignal;
}

/** Rows drawn between two looks at the watch: the page stays responsive and a stop is heard soon. */
const ROWS_PER_BREATH = 200;

/** Renders papers (say the Kazakh and the Russian version of one result) into one PDF. */
export async function renderPapers(papers: readonly Paper[], fonts: PaperFonts, watch: PaperWatch = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = embedPaperFace(pdf, fonts.regular);
  const bold = embedPaperFace(pdf, fonts.bold);
  const total = papers.reduce((n, p) => n + p.blocks.reduce((m, b) => m + (b.kind === 'table' ? b.rows.length : 0), 0), 0);
  let done = 0;
  const drew = async () => {
    if (++done % ROWS_PER_BREATH) return;
    watch.onProgress?.(done, total);
    await new Promise((resolve) => setTimeout(resolve, 0));
    watch.signal?.throwIfAborted();
  };
  for (const [i, paper] of papers.entries()) {
    await drawPaper(pdf, paper, regular, bold, drew);
    if (!watch.onPaper) continue;
    watch.onPaper(i + 1, papers.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
    watch.signal?.throwIfAborted();
  }
  // One copy of each file, however many languages the papers are in.
  const attached = new Map(papers.flatMap((p) => p.attachments ?? []).map((a) => [a.name, a]));
  for (const a of attached.values()) await pdf.attach(a.bytes, a.name, { mimeType: a.mimeType, description: a.description, creationDate: FIXED_DATE, modificationDate: FIXED_DATE });
  watch.signal?.throwIfAborted();
  watch.onProgress?.(total, total);
  pdf.setTitle(papers.map((p) => p.title).join(' / '));
  pdf.setCreator('Kense');
  pdf.setProducer('Kense (pdf-lib)');
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  // The QR's text also travels as the file's subject, so a PDF is read without reading its picture.
  const seal = papers.find((p) => p.seal)?.seal;
  if (seal) pdf.setSubject(seal.qr);
  // The fonts go in last: each holds only the glyphs the papers drew.
  await regular.embed();
  await bold.embed();
  const bytes = await pdf.save({ useObjectStreams: false });
  // Stopped while the file was being written: nothing is shown or saved.
  watch.signal?.throwIfAborted();
  return bytes;
}

/** The QR code's text a PDF made by renderPapers carries (a seal, or a receipt's number); null when the file has none or is no PDF. */
export async function qrTextOfPdf(bytes: Uint8Array): Promise<string | null> {
  try {
    return (await PDFDocument.load(bytes, { updateMetadata: false })).getSubject() || null;
  } catch {
    return null;
  }
}

/** The seal text a PDF made by renderPapers carries; null when the file has none or is no PDF. */
export async function sealTextOfPdf(bytes: Uint8Array): Promise<string | null> {
  const text = await qrTextOfPdf(bytes);
  return text?.startsWith('KENSE1.') ? text : null;
}

/** A file Kense attaches (a signed payload, its CMS) is a few kilobytes compressed; a larger one is not inflated. */
const MAX_ATTACHMENT_BYTES = 256 * 1024;

/** The files a PDF made by renderPapers carries (attachments), by name; empty when it has none or is no PDF. */
export async function attachmentsOfPdf(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)?.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; names && i + 1 < names.size(); i += 2) {
      const name = names.lookup(i);
      const stream = names.lookupMaybe(i + 1, PDFDict)?.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
      if ((name instanceof PDFHexString || name instanceof PDFString) && stream instanceof PDFRawStream && stream.contents.length <= MAX_ATTACHMENT_BYTES) files.set(name.decodeText(), decodePDFRawStream(stream).decode());
    }
  } catch {
    // Not a PDF, or not one of ours: no files.
  }
  return files;
}

async function drawPaper(pdf: PDFDocument, paper: Paper, regular: PDFFont, bold: PDFFont, drew: () => Promise<void>) {
  const [width, height] = paper.landscape ? [A4.height, A4.width] : [A4.width, A4.height];
  const c = new Cursor(pdf, width, height);
  const left = MARGIN.left;
  const inner = width - MARGIN.left - MARGIN.right;

  const lines = (text: string, opts: { font?: PDFFont; size?: number; align?: 'left' | 'center' | 'right'; x?: number; w?: number; color?: typeof BLACK } = {}) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? SIZE;
    const x0 = opts.x ?? left;
    const w = opts.w ?? inner;
    for (const line of wrap(text, font, size, w)) {
      c.need(size * LEADING);
      const lw = font.widthOfTextAtSize(line, size);
      const x = opts.align === 'center' ? x0 + (w - lw) / 2 : opts.align === 'right' ? x0 + w - lw : x0;
      c.page.drawText(line, { x, y: c.y - size, size, font, color: opts.color ?? BLACK });
      c.y -= size * LEADING;
    }
  };

  if (paper.office) {
    lines(paper.office, { font: bold, align: 'center' });
    c.page.drawLine({ start: { x: left, y: c.y - 2 }, end: { x: left + inner, y: c.y - 2 }, thickness: 0.8, color: BLACK });
    c.y -= 8;
  }
  for (const h of paper.header) lines(h, { align: 'right', size: SIZE - 1 });
  c.y -= 6;

  for (const block of paper.blocks) {
    switch (block.kind) {
      case 'title':
        c.y -= 6;
        lines(block.text, { font: bold, size: SIZE + 2, align: 'center' });
        c.y -= 6;
        break;
      case 'paragraph':
        lines(block.text, { font: block.bold ? bold : regular, align: block.align, size: block.size });
        c.y -= 4;
        break;
      case 'facts': {
        const labelW = inner * 0.36;
        for (const [label, value] of block.rows) {
          const l = wrap(label, regular, SIZE - 1, labelW - 6);
          const v = wrap(value, bold, SIZE - 1, inner - labelW);
          const h = Math.max(l.length, v.length) * (SIZE - 1) * LEADING;
          c.need(h);
          l.forEach((t, i) => c.page.drawText(t, { x: left, y: c.y - (SIZE - 1) * (1 + i * LEADING), size: SIZE - 1, font: regular, color: GREY }));
          v.forEach((t, i) => c.page.drawText(t, { x: left + labelW, y: c.y - (SIZE - 1) * (1 + i * LEADING), size: SIZE - 1, font: bold }));
          c.y -= h + 2;
        }
        c.y -= 4;
        break;
      }
      case 'table':
        await drawTable(c, block, left, inner, regular, bold, drew);
        break;
      case 'signatures':
        for (const s of block.lines) {
          c.y -= 10;
          const pos = wrap(s.position, regular, SIZE, inner * 0.45);
          c.need(pos.length * SIZE * LEADING + 4);
          const top = c.y;
          pos.forEach((t, i) => c.page.drawText(t, { x: left, y: top - SIZE * (1 + i * LEADING), size: SIZE, font: regular }));
          const baseline = top - SIZE * (1 + (pos.length - 1) * LEADING);
          c.page.drawLine({ start: { x: left + inner * 0.48, y: baseline - 2 }, end: { x: left + inner * 0.7, y: baseline - 2 }, thickness: 0.5, color: BLACK });
          const nameW = bold.widthOfTextAtSize(s.name, SIZE);
          c.page.drawText(s.name, { x: left + inner - Math.min(nameW, inner * 0.28), y: baseline, size: SIZE, font: bold, maxWidth: inner * 0.28 });
          c.y = baseline - SIZE * (LEADING - 1) - 4;
        }
        break;
      case 'space':
        c.y -= block.height;
        break;
    }
  }

  if (paper.seal) {
    const qrSize = paper.seal.small ? QR_SMALL : QR_SIZE;
    const caption = wrap(paper.seal.caption, regular, SMALL, inner - qrSize - 8);
    c.y -= 10;
    c.need(Math.max(qrSize, caption.length * SMALL * LEADING));
    drawQr(c.page, paper.seal.qr, left, c.y - qrSize, qrSize);
    caption.forEach((t, i) => c.page.drawText(t, { x: left + qrSize + 8, y: c.y - SMALL * (1 + i * LEADING), size: SMALL, font: regular, color: GREY }));
    if (paper.seal.sealPlace) c.page.drawText(paper.seal.sealPlace, { x: left + inner - 40, y: c.y - qrSize + 10, size: SIZE, font: bold });
    c.y -= qrSize + 6;
  }
  if (paper.footer.length) {
    c.y -= 4;
    c.page.drawLine({ start: { x: left, y: c.y }, end: { x: left + inner, y: c.y }, thickness: 0.4, color: GREY });
    c.y -= 4;
    for (const f of paper.footer) lines(f, { size: SMALL, color: GREY });
  }
  if (c.pages.length > 1) {
    c.pages.forEach((page, i) => {
      const label = `${i + 1} / ${c.pages.length}`;
      page.drawText(label, { x: width - MARGIN.right - regular.widthOfTextAtSize(label, SMALL), y: MARGIN.bottom / 2, size: SMALL, font: regular, color: GREY });
    });
  }
}

async function drawTable(c: Cursor, block: Extract<Block, { kind: 'table' }>, left: number, inner: number, regular: PDFFont, bold: PDFFont, drew: () => Promise<void>) {
  const size = SIZE - 2.5;
  const pad = 3;
  const total = block.columns.reduce((s, col) => s + col.width, 0);
  const widths = block.columns.map((col) => (col.width / total) * inner);
  const row = (cells: string[], font: PDFFont) => {
    const wrapped = cells.map((cell, i) => wrap(cell, font, size, widths[i]! - 2 * pad));
    const h = Math.max(...wrapped.map((w) => w.length)) * size * LEADING + 2 * pad;
    return { wrapped, h };
  };
  const draw = (r: ReturnType<typeof row>, font: PDFFont) => {
    let x = left;
    r.wrapped.forEach((cellLines, i) => {
      c.page.drawRectangle({ x, y: c.y - r.h, width: widths[i]!, height: r.h, borderColor: BLACK, borderWidth: 0.5 });
      cellLines.forEach((t, j) => c.page.drawText(t, { x: x + pad, y: c.y - pad - size * (1 + j * LEADING) + 1, size, font }));
      x += widths[i]!;
    });
    c.y -= r.h;
  };
  const head = row(block.columns.map((col) => col.title), bold);
  c.need(head.h * 2);
  draw(head, bold);
  for (const cells of block.rows) {
    const r = row(cells, regular);
    if (c.y - r.h < MARGIN.bottom) {
      c.newPage();
      draw(head, bold);
    }
    draw(r, regular);
    await drew();
  }
  c.y -= 8;
}

/** The QR code as vector squares: sharp at any print size, and no image codec needed. */
function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  // One rectangle per run of dark modules in a row (a smaller file, no hairlines between modules),
  // each filled on its own, as readers snap a lone rectangle to the pixels. In module units, under
  // one transform and one colour: pdf-lib's drawRectangle writes a dozen operators a rectangle.
  const runs: PDFOperator[] = [];
  for (let r = 0; r < n; r++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(r, col)) continue;
      const start = col;
      while (col + 1 < n && qr.modules.get(r, col + 1)) col++;
      runs.push(rectangle(quiet + start, n - 1 - r + quiet, col - start + 1, 1), fill());
    }
  }
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(cell, 0, 0, cell, x, y), setFillingColor(BLACK), ...runs, popGraphicsState());
}
