/**
 * IIN (ЖСН): YYMMDD C NNNN K. C gives the century and sex; K is the check digit
 * (KAZAKHSTAN.md): Σ d[i]·w[i] mod 11 with w = 1..11, or w = 3..11,1,2 when that gives 10.
 */
export type IinCheck =
  | { ok: true; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: 'format' | 'century' | 'date' | 'checksum' };

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
const CENTURY: Record<string, number> = { '1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000 };

/** The check digit for the first 11 digits, or null when no valid number has them. */
export function iinCheckDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const weighted = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
  let r = weighted(FIRST_WEIGHTS);
  if (r === 10) r = weighted(SECOND_WEIGHTS);
  return r === 10 ? null : r;
}

export function validateIin(value: string): IinCheck {
  if (!/^\d{12}$/.test(value)) return { ok: false, reason: 'format' };
  const century = CENTURY[value[6]!];
  if (century === undefined) return { ok: false, reason: 'century' };
  const year = century + Number(value.slice(0, 2));
  const birthDate = `${year}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
  const parsed = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthDate) return { ok: false, reason: 'date' };
  if (iinCheckDigit(value.slice(0, 11)) !== Number(value[11])) return { ok: false, reason: 'checksum' };
  return { ok: true, birthDate, sex: Number(value[6]) % 2 === 1 ? 'male' : 'female' };
}

/** A valid IIN for a birth date and sex (KAZAKHSTAN.md): YYMMDD, century-and-sex digit, serial, check digit. */
export function iinFor(birthDate: string, sex: 'male' | 'female', serial = 1): string {
  const [y, m, d] = birthDate.split('-') as [string, string, string];
  const century = Number(y.slice(0, 2));
  const digit = (century - 17) * 2 - (sex === 'male' ? 1 : 0);
  for (let s = serial; ; s++) {
    const first11 = `${y.slice(2)}${m}${d}${digit}${String(s).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
}
