/**
 * The paper fonts, subset ahead of time: `npm run fonts` writes resources/fonts/ from DejaVu Serif
 * (dejavu-fonts-ttf), so the app ships no font parser (fontkit is a devDependency, used here only).
 * Each face becomes a TrueType subset and its metrics (resources/fonts/DejaVuSerif.json): the glyph
 * of every character, the glyphs' widths and the font's vertical metrics, what shared/paper/font.ts
 * needs to embed it. Run again after changing PAPER_CHARACTERS; the output is committed.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { FaceMetrics } from '../shared/paper/font';

/**
 * What a paper can print: all the Cyrillic block (Kazakh, Russian and their neighbours' letters),
 * Basic Latin, Latin-1 and Latin Extended-A and -B (a name typed in Latin: Uzbek, Turkish, Tatar,
 * Azerbaijani letters), the modifier apostrophes of Uzbek Latin, the punctuation and the signs
 * the papers use (№, ₸). A character outside this is refused at print time, not dropped.
 */
const RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2bb, 0x2bc],
  [0x400, 0x4ff],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
  [0x20b8, 0x20b8],
  [0x20bd, 0x20bd],
  [0x2116, 0x2116],
];

const require = createRequire(import.meta.url);
const out = join(import.meta.dirname, '../resources/fonts');

/** The PDF's font flags (ISO 32000 9.8.2), as pdf-lib derives them: symbolic (glyph ids, no standard encoding), serif by the OS/2 family class. */
function fontFlags(font: ReturnType<typeof fontkit.create>) {
  const familyClass: number = font['OS/2']?.sFamilyClass ?? 0;
  return (font.post.isFixedPitch ? 1 : 0) | (familyClass >= 1 && familyClass <= 7 ? 1 << 1 : 0) | (1 << 2) | (familyClass === 10 ? 1 << 3 : 0) | (font.head.macStyle.italic ? 1 << 6 : 0);
}

async function subset(file: string, name: string) {
  const font = fontkit.create(readFileSync(file));
  const set = font.createSubset();
  const cmap: Record<string, number> = {};
  for (const [from, to] of RANGES) {
    for (let cp = from; cp <= to; cp++) if (font.hasGlyphForCodePoint(cp)) cmap[String.fromCodePoint(cp)] = set.includeGlyph(font.glyphForCodePoint(cp));
  }
  const bytes = await new Promise<Uint8Array>((resolve) => {
    const parts: Uint8Array[] = [];
    set
      .encodeStream()
      .on('data', (b: Uint8Array) => parts.push(b))
      .on('end', () => resolve(Buffer.concat(parts)));
  });
  // Composite glyphs bring their parts into the subset after the characters' glyphs: read the widths back from the subset.
  const glyphs = (set as unknown as { glyphs: number[] }).glyphs;
  const { bbox } = font;
  const metrics: FaceMetrics = {
    postscriptName: font.postscriptName ?? name,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    // DejaVu's OS/2 table is too old to give these: pdf-lib's stand-ins.
    capHeight: font.capHeight || font.ascent,
    xHeight: font.xHeight || 0,
    italicAngle: font.italicAngle,
    bbox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY],
    flags: fontFlags(font),
    widths: glyphs.map((id) => font.getGlyph(id).advanceWidth),
    cmap,
  };
  return { bytes, metrics };
}

mkdirSync(out, { recursive: true });
const faces = { regular: 'DejaVuSerif', bold: 'DejaVuSerif-Bold' } as const;
const metrics: Record<string, FaceMetrics> = {};
for (const [face, name] of Object.entries(faces)) {
  const { bytes, metrics: m } = await subset(require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`), name);
  writeFileSync(join(out, `${name}.ttf`), bytes);
  metrics[face] = m;
  console.log(`${name}.ttf: ${Object.keys(m.cmap).length} characters, ${m.widths.length} glyphs, ${(bytes.length / 1024).toFixed(1)} KB`);
}
writeFileSync(join(out, 'DejaVuSerif.json'), `${JSON.stringify(metrics)}\n`);
copyFileSync(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'LICENSE'), join(out, 'LICENSE'));
