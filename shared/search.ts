import type { CaseState } from './case';
import type { FormField } from './catalog';
import type { Child, Person } from './fields';
import { registrationParts } from './registration';

/**
 * Finding a case by what a person says at the window: the registration number or a part of it,
 * an IIN, or the start of a name of anyone on the case. A case row carries its search terms; the
 * store keeps them only as keyed tags (renderer/store/sealing.ts), so the database on disk does
 * not list names or IINs.
 */

/** Name prefixes are indexed from 2 letters up to this many; a longer query is checked on the opened case. */
export const NAME_PREFIX_MAX = 6;
const NAME_PREFIX_MIN = 2;

/** Who on a case a search can find it by. */
export const CASE_ROLES = ['applicant', 'representative', 'child'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/** A person on a case as search knows them. */
export interface CasePerson {
  role: CaseRole;
  name: string;
  iin?: string;
}

/** What a found case matched: one of its people, or its registration number. */
export type SearchMatch = CaseRole | 'regNumber';

/** The words of a name as search compares them: lower case, Kazakh letters kept, ё read as е. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[\s\-.,]+/)
    .filter(Boolean);
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * The people of a case: its applicant, its representative, and the children its form names: a
 * children list, a person field for a minor (ageUnder), and an IIN field whose name and birth
 * date fields are a minor's (the ward in guardianship). The form is the case's service's.
 */
export function casePeople(state: Pick<CaseState, 'applicant' | 'representative' | 'application'>, form: readonly FormField[] = []): CasePerson[] {
  const people: CasePerson[] = [{ role: 'applicant', name: state.applicant.name, iin: state.applicant.iin }];
  if (state.representative) people.push({ role: 'representative', name: state.representative.name, iin: state.representative.iin });
  const child = (name: string, iin: string) => {
    if (name) people.push({ role: 'child', name, ...(iin ? { iin } : {}) });
  };
  for (const field of form) {
    const value = state.application[field.id];
    if (field.type === 'children' && Array.isArray(value)) for (const c of value as Child[]) child(text(c.name), text(c.iin));
    else if (field.type === 'person' && field.ageUnder && value && typeof value === 'object') child(text((value as Person).name), text((value as Person).iin));
    else if (field.type === 'iin' && field.iinChecks?.name) {
      const birth = form.find((f) => f.id === field.iinChecks!.birthDate);
      if (birth?.ageUnder) child(text(state.application[field.iinChecks.name]), text(value));
    }
  }
  return people;
}

/** The digits after a registration number's last dash: what a person reads out of it. */
function sequenceOf(regNumber: string): string | null {
  return registrationParts(regNumber) ? regNumber.slice(regNumber.lastIndexOf('-') + 1) : null;
}

/**
 * The terms a case is found by: each IIN on it, the prefixes of its people's name words, and each
 * part of its registration number's sequence that has a digit other than 0 («4», «04», «00004» of
 * …-00004). Siblings share a surname, so a family's children add few terms.
 */
export function searchTerms(people: readonly CasePerson[], regNumber: string): string[] {
  const terms = new Set<string>();
  for (const person of people) {
    if (person.iin) terms.add(`iin:${person.iin}`);
    for (const word of nameWords(person.name)) {
      for (let n = NAME_PREFIX_MIN; n <= Math.min(word.length, NAME_PREFIX_MAX); n++) terms.add(`name:${word.slice(0, n)}`);
    }
  }
  const sequence = sequenceOf(regNumber) ?? '';
  for (let start = 0; start < sequence.length; start++) {
    for (let end = start + 1; end <= sequence.length; end++) {
      const part = sequence.slice(start, end);
      if (/[1-9]/.test(part)) terms.add(`reg:${part}`);
    }
  }
  return [...terms];
}

/** A found case: what it matched, or nothing when it does not match after all (a longer name than the indexed prefix). */
type Matcher = (row: { people: readonly CasePerson[]; regNumber: string }) => SearchMatch[];

export type SearchQuery = { kind: 'regNumber'; regNumber: string } | { kind: 'term'; term: string; matches: Matcher } | { kind: 'tooShort' };

const rolesOf = (people: readonly CasePerson[], found: (p: CasePerson) => boolean): SearchMatch[] => [...new Set(people.filter(found).map((p) => p.role))];

/**
 * What the search box asks for: 12 digits are an IIN, a whole registration number is that case,
 * fewer digits or a tail with dashes («K1-00004») are part of one, anything else is a name.
 */
export function searchQuery(text: string): SearchQuery {
  const typed = text.trim();
  if (/^\d{12}$/.test(typed)) return { kind: 'term', term: `iin:${typed}`, matches: (row) => rolesOf(row.people, (p) => p.iin === typed) };
  const upper = typed.toUpperCase();
  if (registrationParts(upper)) return { kind: 'regNumber', regNumber: upper };
  const part = /^(?:[A-Z0-9]+-)*0*([1-9]\d*)$/.exec(upper);
  if (part && /^[\d-]|-/.test(upper)) {
    return { kind: 'term', term: `reg:${part[1]}`, matches: (row) => (row.regNumber.includes(upper) ? ['regNumber'] : []) };
  }
  const words = nameWords(typed);
  if (!words.length || words[0]!.length < NAME_PREFIX_MIN) return { kind: 'tooShort' };
  const first = words[0]!;
  return {
    kind: 'term',
    term: `name:${first.slice(0, NAME_PREFIX_MAX)}`,
    // Every word typed starts some word of one person's name: «жұмабеков сә» finds «Сәуле Жұмабекова».
    matches: (row) =>
      rolesOf(row.people, (p) => {
        const have = nameWords(p.name);
        return words.every((w) => have.some((h) => h.startsWith(w)));
      }),
  };
}
