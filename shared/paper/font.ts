import { CustomFontEmbedder, PDFFont, PDFHexString, PDFString, type PDFContext, type PDFDocument, type PDFRef } from 'pdf-lib';
import { UnprintableText } from './printable';

/** What embedding a face needs of it, written by `npm run fonts` (scripts/paperFonts.ts) beside its subset. */
export interface FaceMetrics {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  /** minX, minY, maxX, maxY. */
  bbox: number[];
  /** The PDF font descriptor's flags. */
  flags: number;
  /** The advance width of each glyph of the subset, by glyph id, in font units. */
  widths: number[];
  /** The subset's glyph id of each character it has. */
  cmap: Record<string, number>;
}

/** A TrueType face subset ahead of time (resources/fonts/) and its metrics. */
export interface PaperFace {
  file: Uint8Array;
  metrics: FaceMetrics;
}

/**
 * A subset face as a pdf-lib font, without fontkit: text becomes glyph ids through the committed
 * cmap, and the font goes in as a Type0 font (Identity-H, CIDFontType2) with the outlines, the
 * widths and a ToUnicode map of the glyphs the PDF used, so its text reads back and copies out.
 * pdf-lib takes only its own embedder classes for drawText: this one extends CustomFontEmbedder
 * and hands it no fontkit font, overriding each method pdf-lib calls to draw, measure and save.
 */
class SubsetEmbedder extends CustomFontEmbedder {
  private readonly used = new Set<number>([0]);
  private readonly metrics: FaceMetrics;

  constructor({ file, metrics }: PaperFace) {
    super({ postscriptName: metrics.postscriptName, unitsPerEm: metrics.unitsPerEm } as never, file);
    this.metrics = metrics;
  }

  /** The glyph ids of the text; refused when the font lacks a character. */
  private glyphs(text: string): number[] {
    const ids: number[] = [];
    for (const ch of text) {
      const id = this.metrics.cmap[ch];
      if (id === undefined) throw new UnprintableText(ch, text);
      ids.push(id);
    }
    return ids;
  }

  override encodeText(text: string): PDFHexString {
    const ids = this.glyphs(text);
    for (const id of ids) this.used.add(id);
    return PDFHexString.of(ids.map((id) => id.toString(16).padStart(4, '0')).join(''));
  }

  // pdf-lib's arithmetic, so a line breaks where it broke with fontkit.
  override widthOfTextAtSize(text: string, size: number): number {
    let total = 0;
    for (const id of this.glyphs(text)) total += this.metrics.widths[id]! * this.scale;
    return total * (size / 1000);
  }

  override heightOfFontAtSize(size: number, { descender = true }: { descender?: boolean } = {}): number {
    const { ascent, descent } = this.metrics;
    const height = (ascent - descent) * this.scale;
    return ((descender ? height : height - Math.abs(descent) * this.scale) / 1000) * size;
  }

  override sizeOfFontAtHeight(height: number): number {
    return (1000 * height) / ((this.metrics.ascent - this.metrics.descent) * this.scale);
  }

  override async embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    const m = this.metrics;
    const used = [...this.used].sort((a, b) => a - b);
    const name = `${subsetTag(used)}+${m.postscriptName}`;
    const s = this.scale;
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: name,
        Flags: m.flags,
        FontBBox: m.bbox.map((v) => v * s),
        ItalicAngle: m.italicAngle,
        Ascent: m.ascent * s,
        Descent: m.descent * s,
        CapHeight: m.capHeight * s,
        XHeight: m.xHeight * s,
        StemV: 0,
        FontFile2: context.register(context.flateStream(withGlyphsOnly(this.fontData, used))),
      }),
    );
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        CIDToGIDMap: 'Identity',
        BaseFont: name,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        W: widthRuns(used, (id) => m.widths[id]! * s),
      }),
    );
    const font = context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: name,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: context.register(context.flateStream(toUnicode(used, m.cmap))),
    });
    if (!ref) return context.register(font);
    context.assign(ref, font);
    return ref;
  }
}

/** The face as a font of the document; its dictionary is written by `font.embed()` once the text is drawn. */
export function embedPaperFace(pdf: PDFDocument, face: PaperFace): PDFFont {
  return PDFFont.of(pdf.context.nextRef(), pdf, new SubsetEmbedder(face));
}

/** The /W array: runs of consecutive glyph ids, each with its widths. */
function widthRuns(ids: number[], width: (id: number) => number): (number | number[])[] {
  const runs: (number | number[])[] = [];
  let run: number[] = [];
  ids.forEach((id, i) => {
    if (i === 0 || id !== ids[i - 1]! + 1) runs.push(id, (run = []));
    run.push(width(id));
  });
  return runs;
}

/** The ToUnicode CMap of the used glyphs: each glyph reads back as the first character that maps to it. */
function toUnicode(ids: number[], cmap: Record<string, number>): string {
  const charOf = new Map<number, string>();
  for (const [ch, id] of Object.entries(cmap)) if (!charOf.has(id) || ch.codePointAt(0)! < charOf.get(id)!.codePointAt(0)!) charOf.set(id, ch);
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const pairs = ids.filter((id) => charOf.has(id)).map((id) => `<${hex(id)}> <${hex(charOf.get(id)!.codePointAt(0)!)}>`);
  // A bfchar section holds at most 100 entries (PDF 32000 9.10.3, after the CMap format).
  const sections: string[] = [];
  for (let i = 0; i < pairs.length; i += 100) sections.push(`${pairs.slice(i, i + 100).length} beginbfchar\n${pairs.slice(i, i + 100).join('\n')}\nendbfchar`);
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
${sections.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}

/** The six capital letters before a subset font's name (ISO 32000 9.6.4), from the glyphs it holds: the same for the same text. */
function subsetTag(ids: number[]): string {
  let h = 0x811c9dc5;
  for (const id of ids) h = Math.imul(h ^ id, 0x01000193) >>> 0;
  return Array.from({ length: 6 }, (_, i) => String.fromCharCode(65 + (Math.floor(h / 26 ** i) % 26))).join('');
}

/**
 * The subset file with only the given glyphs drawn (and the parts of composite glyphs): the others
 * keep their ids but lose their outlines, so a paper carries a few kilobytes of font, not the whole
 * subset. TrueType layout after the OpenType spec: table directory, head, loca, glyf.
 */
function withGlyphsOnly(file: Uint8Array, ids: Iterable<number>): Uint8Array {
  const src = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tables = Array.from({ length: src.getUint16(4) }, (_, i) => {
    const at = 12 + 16 * i;
    return { tag: String.fromCharCode(...file.subarray(at, at + 4)), offset: src.getUint32(at + 8), length: src.getUint32(at + 12) };
  });
  const table = (tag: string) => tables.find((t) => t.tag === tag)!;
  const head = table('head');
  const glyf = table('glyf');
  const longLoca = src.getInt16(head.offset + 50) === 1;
  const count = src.getUint16(table('maxp').offset + 4);
  const loca = (id: number) => (longLoca ? src.getUint32(table('loca').offset + 4 * id) : 2 * src.getUint16(table('loca').offset + 2 * id));
  const keep = new Set<number>();
  const queue = [...ids];
  while (queue.length) {
    const id = queue.pop()!;
    if (keep.has(id) || id >= count) continue;
    keep.add(id);
    let at = glyf.offset + loca(id);
    if (loca(id + 1) === loca(id) || src.getInt16(at) >= 0) continue;
    // A composite glyph: its components' ids, each after a flags word; the flags say how long the rest is.
    at += 10;
    for (let flags = 0x20; flags & 0x20; ) {
      flags = src.getUint16(at);
      queue.push(src.getUint16(at + 2));
      at += 4 + (flags & 0x01 ? 4 : 2) + (flags & 0x08 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    }
  }
  const outlines: Uint8Array[] = [];
  const offsets = new Uint32Array(count + 1);
  let size = 0;
  for (let id = 0; id < count; id++) {
    offsets[id] = size;
    if (!keep.has(id)) continue;
    const bytes = file.subarray(glyf.offset + loca(id), glyf.offset + loca(id + 1));
    outlines.push(bytes, new Uint8Array((4 - (bytes.length % 4)) % 4));
    size += bytes.length + ((4 - (bytes.length % 4)) % 4);
  }
  offsets[count] = size;
  const newGlyf = new Uint8Array(size);
  outlines.reduce((at, b) => (newGlyf.set(b, at), at + b.length), 0);
  const newLoca = new Uint8Array(4 * (count + 1));
  offsets.forEach((o, i) => new DataView(newLoca.buffer).setUint32(4 * i, o));
  const newHead = file.slice(head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setUint32(8, 0);
  headView.setInt16(50, 1);
  const bodies = tables.map((t) => (t.tag === 'glyf' ? newGlyf : t.tag === 'loca' ? newLoca : t.tag === 'head' ? newHead : file.subarray(t.offset, t.offset + t.length)));
  const padded = (n: number) => n + ((4 - (n % 4)) % 4);
  const out = new Uint8Array(12 + 16 * tables.length + bodies.reduce((n, b) => n + padded(b.length), 0));
  const view = new DataView(out.buffer);
  out.set(file.subarray(0, 12));
  let at = 12 + 16 * tables.length;
  bodies.forEach((body, i) => {
    out.set(file.subarray(12 + 16 * i, 12 + 16 * i + 4), 12 + 16 * i);
    out.set(body, at);
    view.setUint32(12 + 16 * i + 4, checksum(out.subarray(at, at + padded(body.length))));
    view.setUint32(12 + 16 * i + 8, at);
    view.setUint32(12 + 16 * i + 12, body.length);
    at += padded(body.length);
  });
  const headAt = view.getUint32(12 + 16 * tables.indexOf(head) + 8);
  view.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/** The TrueType checksum: the sum of the big-endian 32-bit words. */
function checksum(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}
