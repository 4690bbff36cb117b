import type { Language } from './roles';

/**
 * What Chromium's ICU lacks for Kazakh, by hand: it sorts with the root order (І after И, Ү
 * before Ұ) and formats numbers as English (12,345.6). Checked in Debian's Chromium.
 */

/** The Kazakh Cyrillic alphabet, 42 letters in order; Russian's 33 are among them. */
const ALPHABET = 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя';
const RANK = new Map([...ALPHABET].map((letter, i) => [letter, i]));

/** Kazakh alphabetical order, ignoring case; a character outside the alphabet (Latin, a digit) sorts by its code point, after the letters. */
export function compareKazakh(a: string, b: string): number {
  const x = a.normalize('NFC').toLowerCase();
  const y = b.normalize('NFC').toLowerCase();
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i] === y[i]) continue;
    const rx = RANK.get(x[i]!) ?? ALPHABET.length + x.charCodeAt(i);
    const ry = RANK.get(y[i]!) ?? ALPHABET.length + y.charCodeAt(i);
    return rx - ry;
  }
  return x.length - y.length;
}

/**
 * A number as each language writes it: kk and ru group thousands with a no-break space and
 * write a decimal comma (12 345,6); en writes 12,345.6.
 */
export function formatNumber(value: number, language: Language, fractionDigits = 0): string {
  const digits = Math.abs(value).toFixed(fractionDigits);
  const [whole, fraction] = digits.split('.') as [string, string | undefined];
  const [group, decimal] = language === 'en' ? [',', '.'] : ['\u00a0', ','];
  // A negative that rounds to zero is written without a sign.
  const sign = value < 0 && Number(digits) !== 0 ? '−' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, group)}${fraction ? decimal + fraction : ''}`;
}
