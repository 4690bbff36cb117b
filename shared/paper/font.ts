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
 * cmap, and the font goes in as a Type0 font (Identity-H, CIDFontType2) with the widths and a
 * ToUnicode map of the glyphs the PDF used, so its text reads back and copies out.
 * pdf-lib takes only its own embedder classes for drawText: this one extends CustomFontEmbedder
 * and hands it no fontkit font, overriding every method that would read one.
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
        FontFile2: context.register(context.flateStream(this.fontData)),
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
