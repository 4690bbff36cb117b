/**
 * Stands in for @pdf-lib/standard-fonts in the app's build (renderer/vite.config.ts): its metrics
 * of the 14 standard PDF fonts are about 95 KB gzipped, and no paper uses them — papers are set in
 * the DejaVu Serif subset (resources/fonts/). pdf-lib imports the names and encodings at load; a
 * standard font asked for is refused, by name.
 */
export enum FontNames {
  Courier = 'Courier',
  CourierBold = 'Courier-Bold',
  CourierOblique = 'Courier-Oblique',
  CourierBoldOblique = 'Courier-BoldOblique',
  Helvetica = 'Helvetica',
  HelveticaBold = 'Helvetica-Bold',
  HelveticaOblique = 'Helvetica-Oblique',
  HelveticaBoldOblique = 'Helvetica-BoldOblique',
  TimesRoman = 'Times-Roman',
  TimesRomanBold = 'Times-Bold',
  TimesRomanItalic = 'Times-Italic',
  TimesRomanBoldItalic = 'Times-BoldItalic',
  Symbol = 'Symbol',
  ZapfDingbats = 'ZapfDingbats',
}

export const Encodings = { Symbol: {}, ZapfDingbats: {}, WinAnsi: {} };

export const Font = {
  load(name: string): never {
    throw new Error(`The app ships no standard PDF font (${name}): papers are set in resources/fonts/`);
  },
};
