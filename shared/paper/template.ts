import type { FormField } from '../catalog';
import type { Address, FieldValue, Person } from '../fields';
import { validateIin } from '../iin';
import { declineName, sexOfName, type DateForm, type NameCase, type Sex } from './declension';
import { PLACEHOLDER } from './placeholders';
import { russianPlace } from './places';

export type TemplateLanguage = 'kk' | 'ru';

/** A number as typed, without a leading «№» the paper already prints. */
export const withoutNumberSign = (value: string) => value.replace(/^№\s*/, '');

/** The key of a declined form in a draft's `forms`: language, placeholder and case. */
export const formKey = (lang: TemplateLanguage, name: string, grammaticalCase: string) => `${lang}.${name}:${grammaticalCase}`;

/** The text a name-like value is declined from: a person's name, a Kazakh address in its seed's order. */
export function nameOf(value: FieldValue | undefined, lang: TemplateLanguage): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || Array.isArray(value)) return undefined;
  if ('locality' in value) return addressText(value, lang);
  if ('kk' in value) return value[lang];
  return (value as Person).name;
}

/** A house's or an apartment's words on each page: «№ 12 үй» / «д. 12». */
const NUMBERED = { house: { kk: 'үй', ru: 'д.' }, apartment: { kk: 'пәтер', ru: 'кв.' } } as const;

/** The number of a house or an apartment typed with or without its words («№ 3а үй», «5-пәтер» → «3а», «5»); null when `wordRequired` and the word is not there. */
function numberOf(part: string, kind: keyof typeof NUMBERED, wordRequired = false): string | null {
  const number = withoutNumberSign(part.trim()).replace(new RegExp(`\\s*-?\\s*${NUMBERED[kind].kk}$`, 'i'), '');
  return wordRequired && number === withoutNumberSign(part.trim()) ? null : number;
}

/**
 * An address typed as one line in Kazakh, as a Russian page writes it: each comma-separated part by
 * the place words' rule, «12-үй» / «№ 12 үй» as «д. 12», «5-пәтер» as «кв. 5». What the rule does not
 * know stays as typed.
 */
export function russianAddress(line: string): string {
  const numbered = (part: string) => {
    for (const kind of ['house', 'apartment'] as const) {
      const number = numberOf(part, kind, true);
      if (number) return `${NUMBERED[kind].ru} ${number}`;
    }
    return null;
  };
  return line
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => numbered(part) ?? russianPlace(part))
    .join(', ');
}

/** An address as the seed forms write it: kk «Павлодар қаласы, Абай көшесі, № 5 үй, № 12 пәтер», ru «г. Павлодар, ул. Абая, д. 5, кв. 12». */
export function addressText(a: Address, lang: TemplateLanguage): string {
  // A draft being typed may hold part of an address: print what there is. A house typed as «3а үй» keeps only its number: the paper writes the word.
  const n = (part: string | undefined, kind: keyof typeof NUMBERED) => {
    const number = part && numberOf(part, kind);
    return number && (lang === 'kk' ? `№ ${number} ${NUMBERED[kind].kk}` : `${NUMBERED[kind].ru} ${number}`);
  };
  const place = (kk: string | undefined, ru: string | undefined) => (lang === 'kk' ? kk : ru?.trim() || (kk && russianPlace(kk)));
  return [place(a.locality, a.localityRu), place(a.street, a.streetRu), n(a.house, 'house'), n(a.apartment, 'apartment')].filter(Boolean).join(', ');
}

/** The sex of the person a value names: their IIN when the draft has one, else their name's endings. */
function sexOf(value: FieldValue | undefined, iin: string | undefined): Sex | null {
  const check = iin ? validateIin(iin) : undefined;
  if (check?.ok) return check.sex;
  const name = typeof value === 'string' ? value : value && !Array.isArray(value) && 'name' in value ? value.name : '';
  return sexOfName(name);
}

export interface ResultWording {
  text: { kk: readonly string[]; ru: readonly string[] };
  fields: readonly FormField[];
}

/**
 * The declined forms a result's wording needs, worked out from the draft's values: what the
 * specialist sees and may correct before the head signs. `iins` gives a field's person an IIN
 * (the applicant's for `to`, the child's IIN field for the child's name).
 */
export function declinedForms(wording: ResultWording, values: Record<string, FieldValue | undefined>, iins: Record<string, string | undefined>): Record<string, string> {
  const forms: Record<string, string> = {};
  for (const lang of ['kk', 'ru'] as const) {
    for (const paragraph of wording.text[lang]) {
      for (const [, name, modifier] of paragraph.matchAll(PLACEHOLDER)) {
        const field = wording.fields.find((f) => f.id === name);
        if (!modifier || field?.type === 'date') continue;
        const base = nameOf(values[name!], lang);
        if (base) forms[formKey(lang, name!, modifier)] = declineName(base, lang, modifier as NameCase, sexOf(values[name!], iins[name!]));
      }
    }
  }
  return forms;
}

/** The wording with its placeholders filled; returns the text and the fields it used. */
export function fillTemplate(
  template: string,
  lang: TemplateLanguage,
  value: (name: string) => string | undefined,
  date: (name: string, form: DateForm | undefined) => string | undefined,
  forms: Readonly<Record<string, string>>,
  dateFields: ReadonlySet<string>,
  missing = '—',
): { text: string; used: Set<string> } {
  const used = new Set<string>();
  const text = template.replace(PLACEHOLDER, (_, name: string, modifier: string | undefined, at: number) => {
    used.add(name);
    if (dateFields.has(name)) return date(name, modifier as DateForm | undefined) ?? missing;
    const filled = (modifier && forms[formKey(lang, name, modifier)]) || value(name) || missing;
    // «№ {number}» with a number typed as «№ 17-03/889» would print «№ №».
    return template.slice(0, at).endsWith('№ ') ? withoutNumberSign(filled) : filled;
  });
  return { text, used };
}
