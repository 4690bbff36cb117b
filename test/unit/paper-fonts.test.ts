import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { UnprintableText, type Paper } from '../../shared';
import { embedPaperFace } from '../../shared/paper/font';
import { renderPapers } from '../../shared/paper/layout';
import { paperFonts, RESOURCES } from '../../server/resources';
import { en } from '../../renderer/i18n/en';
import { kk } from '../../renderer/i18n/kk';
import { ru } from '../../renderer/i18n/ru';

/**
 * The paper fonts are subset ahead of time (`npm run fonts`, resources/fonts/): what a paper can
 * print is what the subset holds, so these tests keep the subset and the papers' texts together.
 */
const fonts = paperFonts();
const root = join(RESOURCES, '..');
const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const paper = (text: string, bold = false): Paper => ({ title: 'T', office: '', header: [], blocks: [{ kind: 'paragraph', text, bold }], footer: [] });
const pdfFile = async (papers: Paper[]) => {
  const file = join(mkdtempSync(join(tmpdir(), 'kense-fonts-')), 'p.pdf');
  writeFileSync(file, await renderPapers(papers, fonts));
  return file;
};
const KAZAKH = 'ӘәҒғҚқҢңӨөҰұҮүҺһІі';

describe('the paper fonts', () => {
  it('have every character the papers’ templates, the catalog’s texts and the screens’ texts can print, in both faces', () => {
    const printed = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') for (const c of v) printed.add(c);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk([kk, ru, en]);
    for (const f of readdirSync(join(RESOURCES, 'services'))) walk(JSON.parse(readFileSync(join(RESOURCES, 'services', f), 'utf8')));
    // The fixed texts of the papers, as their source spells them; comments are not printed.
    for (const f of readdirSync(join(root, 'shared/paper')).filter((f) => f.endsWith('.ts'))) walk(readFileSync(join(root, 'shared/paper', f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''));
    printed.delete('\n');
    expect(printed.size).toBeGreaterThan(150);
    for (const face of [fonts.regular, fonts.bold]) expect([...printed].filter((c) => !(c in face.metrics.cmap))).toEqual([]);
  });

  it('hold Basic Latin, Latin-1, Latin Extended-A and -B, every Cyrillic letter DejaVu Serif has, and the papers’ signs', () => {
    const has = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
    const source = fontkit.create(readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf')));
    const cyrillic = has(0x400, 0x4ff).filter((c) => source.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(cyrillic.length).toBeGreaterThan(200);
    for (const face of [fonts.regular, fonts.bold]) {
      expect([...has(0x20, 0x7e), ...has(0xa0, 0x24f), ...cyrillic, ...KAZAKH, ...'№₸«»—–…“”„‘’ʻʼ€'].filter((c) => !(c in face.metrics.cmap))).toEqual([]);
    }
  });

  it('measure text as pdf-lib with fontkit measured the whole DejaVu Serif, so lines break where they did', async () => {
    const text = `${KAZAKH} Павлодар қаласы, № 12 үй — 1 500 ₸ «Ærøskøbing» Łódź ŞğİıÇ ǅ`;
    for (const [face, name] of [[fonts.regular, 'DejaVuSerif'], [fonts.bold, 'DejaVuSerif-Bold']] as const) {
      const pdf = await PDFDocument.create();
      pdf.registerFontkit(fontkit);
      const whole = await pdf.embedFont(readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`)));
      const ours = embedPaperFace(pdf, face);
      for (const c of text) expect(ours.widthOfTextAtSize(c, 11.5), c).toBeCloseTo(whole.widthOfTextAtSize(c, 11.5), 6);
      expect(ours.widthOfTextAtSize(text, 11.5)).toBeCloseTo(whole.widthOfTextAtSize(text, 11.5), 6);
    }
  });

  it('read back as the text drawn, Kazakh, Russian and Latin names with their marks, in both faces', async () => {
    const texts = [
      `${KAZAKH} Қазақстан Республикасы`,
      'Ёлка, Щука, Ъъ Ыы Ээ Юю Яя — Республика Казахстан, № 5, 1 500 ₸',
      'Ærøskøbing Łódź Şahin Gülnur Oʻzbekiston Müller ñ ß',
    ];
    const file = await pdfFile(texts.flatMap((t) => [paper(t), paper(t, true)]));
    const read = tool('pdftotext', ['-layout', file, '-']).split('\n').map((l) => l.trim()).filter(Boolean);
    expect(read).toEqual(texts.flatMap((t) => [t, t]));
  });

  it('are embedded as subsets, holding only the glyphs the paper drew', async () => {
    const fonts = tool('pdffonts', [await pdfFile([paper('Әлихан', true), paper('Сәуле')])]).split('\n').slice(2).filter(Boolean);
    expect(fonts).toHaveLength(2);
    expect(fonts.map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z]{6}\+DejaVuSerif-Bold$/), expect.stringMatching(/^[A-Z]{6}\+DejaVuSerif$/)]));
    // Type, encoding, then embedded, subset, ToUnicode.
    for (const l of fonts) expect(l).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/);
    const short = readFileSync(await pdfFile([paper('Ә')])).length;
    const long = readFileSync(await pdfFile([paper('Әлихан Жұмабеков, Сәуле, Қайырбаев көшесі, Republic of Kazakhstan')])).length;
    expect(long - short).toBeGreaterThan(3000);
    expect(short).toBeLessThan(40_000);
  });

  it('refuse a paper with a character they lack, naming it, and make no file', async () => {
    const made = renderPapers([paper('Айгүл'), paper('Мухаммад ئەخمەت')], fonts);
    await expect(made).rejects.toBeInstanceOf(UnprintableText);
    await expect(made).rejects.toMatchObject({ character: 'ئ', text: 'Мухаммад ئەخمەت', message: 'The paper font has no «ئ» (U+0626), in «Мухаммад ئەخمەت»' });
    // A letter DejaVu Serif has not: refused rather than printed as a gap in a name.
    await expect(renderPapers([paper('Ԥ')], fonts)).rejects.toMatchObject({ character: 'Ԥ' });
    for (const texts of [kk, ru, en]) expect(texts.print.unprintable).toMatch(/«\{\{character\}\}».*«\{\{text\}\}»/);
  });
});
