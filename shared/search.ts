import type { CaseState } from './case';
import { registrationParts } from './registration';

/**
 * Finding a case by what a person says at the window: the registration number, an IIN, or the
 * start of a name. A case row carries its search terms; the store keeps them only as keyed tags
 * (renderer/store/sealing.ts), so the database on disk does not list names or IINs.
 */

/** Name prefixes are indexed from 2 letters up to this many; a longer query is checked on the opened case. */
export const NAME_PREFIX_MAX = 6;
const NAME_PREFIX_MIN = 2;

/** The words of a name as search compares them: lower case, Kazakh letters kept, ё read as е. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[\s\-.,]+/)
    .filter(Boolean);
}

/** The terms a case is found by: each IIN in it, and the prefixes of its applicant's and representative's name words. */
export function searchTerms(state: Pick<CaseState, 'applicant' | 'representative'>): string[] {
  const people = [state.applicant, ...(state.representative ? [state.representative] : [])];
  const terms = new Set<string>();
  for (const person of people) {
    if (person.iin) terms.add(`iin:${person.iin}`);
    for (const word of nameWords(person.name)) {
      for (let n = NAME_PREFIX_MIN; n <= Math.min(word.length, NAME_PREFIX_MAX); n++) terms.add(`name:${word.slice(0, n)}`);
    }
  }
  return [...terms];
}

export type SearchQuery =
  | { kind: 'regNumber'; regNumber: string }
  | { kind: 'term'; term: string; matches: (state: Pick<CaseState, 'applicant' | 'representative'>) => boolean }
  | { kind: 'tooShort' };

/** What the search box asks for: 12 digits are an IIN, a registration number has dashes and digits, anything else is a name. */
export function searchQuery(text: string): SearchQuery {
  const typed = text.trim();
  if (/^\d{12}$/.test(typed)) return { kind: 'term', term: `iin:${typed}`, matches: () => true };
  if (registrationParts(typed.toUpperCase())) return { kind: 'regNumber', regNumber: typed.toUpperCase() };
  const words = nameWords(typed);
  if (!words.length || words[0]!.length < NAME_PREFIX_MIN) return { kind: 'tooShort' };
  const first = words[0]!;
  return {
    kind: 'term',
    term: `name:${first.slice(0, NAME_PREFIX_MAX)}`,
    // Every word typed starts some word of the name: «жұмабеков сә» finds «Сәуле Жұмабекова».
    matches: (state) => {
      const names = [state.applicant, ...(state.representative ? [state.representative] : [])].map((p) => nameWords(p.name));
      return names.some((have) => words.every((w) => have.some((h) => h.startsWith(w))));
    },
  };
}
