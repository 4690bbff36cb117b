import { DATE_FORMS, KK_CASES, RU_CASES } from './declension';

/**
 * A result's printed wording (catalog `text`, `addressee`): `{field}` is a value as it stands,
 * `{field:case}` a name in a grammatical case (kk gen/dat/acc/loc/abl, ru gen/dat/acc/ins/prep)
 * and `{date:form}` a date inside a sentence (attr, loc, dat). `{to}` is the applicant, `{office}` the office.
 */
export const PLACEHOLDER = /\{(\w+)(?::(\w+))?\}/g;

/** The types whose value a case can decline: names, and the texts and addresses that end a phrase. */
const DECLINABLE = ['text', 'person', 'address', 'bilingual'];

/** What is wrong with one placeholder, or null: the catalog schema refuses a file with any. */
export function placeholderProblem(name: string, modifier: string | undefined, lang: 'kk' | 'ru', fields: readonly { id: string; type: string }[], of: 'result' | 'form' = 'result'): string | null {
  const field = fields.find((f) => f.id === name);
  if (!field && name !== 'to' && name !== 'office') return `{${name}} is not a field of the ${of}, nor {to} or {office}`;
  if (modifier === undefined) return null;
  const allowed: readonly string[] = field?.type === 'date' ? DATE_FORMS : field && !DECLINABLE.includes(field.type) ? [] : lang === 'kk' ? KK_CASES : RU_CASES;
  return allowed.includes(modifier) ? null : `{${name}:${modifier}}: a ${field?.type ?? 'text'} field in ${lang} takes ${allowed.length ? allowed.join(', ') : 'no form'}`;
}
