import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { casePeople, searchQuery, searchTerms, type CasePerson, type CaseState, type Command } from '../../shared';
import { lock, signIn } from '../../renderer/store/accounts';
import { execute } from '../../renderer/store/commands';
import { caseRow, INDEXED_VERSION, type KenseDb } from '../../renderer/store/db';
import { searchCases } from '../../renderer/store/queries';
import { newDb, PASSWORD, peopleOf, staffedOffice } from '../syncOffice';
import { calendar, catalog, intakeCommand } from './fixtures';
import { SAMPLES } from '../../shared/samples';

const representative = { name: 'Бауыржан Нұров', iin: '800416300257', poaNumber: '2026-1187', poaDate: '2026-11-20', notary: 'Ә. Бекова' };
const ward = SAMPLES['guardianship-certificate']!.application as { childName: string; childIin: string };

/** The people of a sample application, as its service's form names them. */
function namedOn(serviceId: string, withRepresentative = false): CasePerson[] {
  const sample = SAMPLES[serviceId]!;
  const state = { applicant: sample.applicant, representative: withRepresentative ? representative : null, application: sample.application } as Pick<CaseState, 'applicant' | 'representative' | 'application'>;
  return casePeople(state, catalog.get(serviceId)!.form);
}

const matched = (text: string, people: readonly CasePerson[], regNumber = 'PVL-2026-K1-00004') => {
  const query = searchQuery(text);
  if (query.kind !== 'term') throw new Error(`«${text}» is not a term query`);
  return searchTerms(people, regNumber).includes(query.term) ? query.matches({ people, regNumber }) : [];
};

describe('who is on a case', () => {
  it('names the applicant, the representative and the ward of a guardianship', () => {
    expect(namedOn('guardianship-certificate', true)).toEqual([
      { role: 'applicant', name: 'Сәуле Жұмабекова', iin: '871008401427' },
      { role: 'representative', name: 'Бауыржан Нұров', iin: '800416300257' },
      { role: 'child', name: 'Әлихан Жұмабеков', iin: ward.childIin },
    ]);
  });

  it('names each child of a children list and the foster child, not the parents, the spouse or the deceased', () => {
    expect(namedOn('minors-deposits-certificate').filter((p) => p.role === 'child').map((p) => p.name)).toEqual(['Әлихан Жұмабеков', 'Аружан Жұмабекова']);
    expect(namedOn('minors-property-certificate').filter((p) => p.role === 'child')).toHaveLength(2);
    expect(namedOn('foster-care-placement').filter((p) => p.role === 'child').map((p) => p.name)).toEqual(['Нұрсұлтан Әбілов']);
    expect(namedOn('minors-deposits-certificate').map((p) => p.name)).not.toContain('Гүлжан Жұмабекова');
    expect(namedOn('tvet-document-duplicate').map((p) => p.role)).toEqual(['applicant']);
  });

  it('names a ward without an IIN by name alone, and leaves out a child with no name', () => {
    const form = catalog.get('guardianship-certificate')!.form;
    const base = { applicant: SAMPLES['guardianship-certificate']!.applicant as CaseState['applicant'], representative: null };
    expect(casePeople({ ...base, application: { childName: 'Әлихан Жұмабеков' } }, form).at(-1)).toEqual({ role: 'child', name: 'Әлихан Жұмабеков' });
    expect(casePeople({ ...base, application: { childName: ' ' } }, form)).toHaveLength(1);
  });
});

describe('the search rules', () => {
  const guardianship = namedOn('guardianship-certificate', true);

  it('finds a case by the ward’s first name and IIN, and says it was the child', () => {
    expect(matched('Әлихан', guardianship)).toEqual(['child']);
    expect(matched('әлихан жұмаб', guardianship)).toEqual(['child']);
    expect(matched(ward.childIin, guardianship)).toEqual(['child']);
    expect(matched('Бауыр', guardianship)).toEqual(['representative']);
    expect(matched('800416300257', guardianship)).toEqual(['representative']);
    // The surname the applicant and the ward share: both.
    expect(matched('Жұмабеков', guardianship)).toEqual(['applicant', 'child']);
    // Every word must start a word of one person's name: the applicant's first name with the ward's is no one.
    expect(matched('Сәуле Әлихан', guardianship)).toEqual([]);
  });

  it('finds a case by any part of its number’s sequence, whole or with the codes before it', () => {
    for (const part of ['00004', '0004', '004', '4', 'K1-00004', '2026-K1-00004', 'k1-00004']) expect([part, matched(part, guardianship)]).toEqual([part, ['regNumber']]);
    expect(matched('K2-00004', guardianship)).toEqual([]);
    // A part with dashes is read as written: the zeros of the sequence are in it.
    expect(matched('K1-4', guardianship)).toEqual([]);
    expect(matched('5', guardianship)).toEqual([]);
    expect(matched('42', guardianship, 'PVL-2026-K1-00142')).toEqual(['regNumber']);
    expect(searchQuery('pvl-2026-k1-00004')).toEqual({ kind: 'regNumber', regNumber: 'PVL-2026-K1-00004' });
  });

  it('indexes no part made of zeros alone, and asks for more than one letter', () => {
    const terms = searchTerms(guardianship, 'PVL-2026-K1-00040');
    expect(terms.filter((t) => t.startsWith('reg:')).sort()).toEqual(['reg:0004', 'reg:00040', 'reg:004', 'reg:0040', 'reg:04', 'reg:040', 'reg:4', 'reg:40'].sort());
    expect(searchQuery('0')).toEqual({ kind: 'tooShort' });
    expect(searchQuery('ә')).toEqual({ kind: 'tooShort' });
  });

  it('keeps a case’s terms few: a family’s children share their surname', () => {
    const count = (serviceId: string) => searchTerms(namedOn(serviceId, true), 'PVL-2026-K1-00042').length;
    // Applicant, representative, ward: three names of two words, three IINs, the number's parts.
    expect(count('guardianship-certificate')).toBeLessThanOrEqual(45);
    expect(count('minors-deposits-certificate')).toBeLessThanOrEqual(50);
    expect(count('tvet-document-duplicate')).toBeLessThanOrEqual(30);
  });
});

describe('searching the store', () => {
  const NOW = new Date('2026-11-24T05:00:00.000Z');
  let db: KenseDb;
  let as: Awaited<ReturnType<typeof peopleOf>>;
  beforeEach(async () => {
    db = newDb('search');
    await staffedOffice(db, { officeCode: 'PVL' }, [
      { name: 'Бауыржан Төлеуов', roles: ['admin', 'clerk'] },
      { name: 'Гүлнар Өмірбекова', roles: ['specialist'] },
    ], NOW);
    as = await peopleOf(db);
    await execute(db, { catalog, calendar }, as('clerk'), { ...intakeCommand, caseId: 'c-1' } as Command, NOW);
  });

  it('finds the guardianship by the ward’s name, IIN and the tail of its number, with no name or IIN in the index', async () => {
    const row = (await db.cases.get('c-1'))!;
    expect(row.regNumber).toBe('PVL-2026-K1-00001');
    for (const [text, match] of [['Әлихан', 'child'], [ward.childIin, 'child'], ['00001', 'regNumber'], ['1', 'regNumber'], ['сәуле', 'applicant']] as const) {
      const found = await searchCases(db, as('clerk'), text);
      expect([text, found.kind === 'found' && found.rows.map((r) => [r.id, r.matched])]).toEqual([text, [['c-1', [match]]]]);
    }
    const raw = await new Promise<{ search: string[]; sealed: Uint8Array }>((resolve) => {
      const open = indexedDB.open(db.name);
      open.onsuccess = () => {
        const request = open.result.transaction('cases').objectStore('cases').get('c-1');
        request.onsuccess = () => (resolve(request.result as { search: string[]; sealed: Uint8Array }), open.result.close());
      };
    });
    expect(raw.search.every((tag) => /^[0-9a-f]{16}$/.test(tag))).toBe(true);
    expect(raw.search).toHaveLength(row.search.length);
    expect(JSON.stringify(raw.search)).not.toContain(ward.childIin);
    expect('people' in raw).toBe(false);
  });

  it('rebuilds once, at sign-in, the index of a store from before the children were searched', async () => {
    const row = (await db.cases.get('c-1'))!;
    // As version 7 wrote it: the applicant's terms only, and no people.
    const applicantOnly = row.people.filter((p) => p.role === 'applicant');
    const { people: _p, ...old } = { ...row, search: searchTerms(applicantOnly, 'PVL-2026-K1-00001').filter((t) => !t.startsWith('reg:')) };
    await db.transaction('rw', [db.cases, db.stageFloors], () => db.cases.put(old as typeof row));
    await db.device.update('this', { indexedVersion: 7 });
    expect(await searchCases(db, as('clerk'), 'Әлихан')).toEqual({ kind: 'found', rows: [], more: false });
    lock(db);
    await signIn(db, as('clerk').userId, PASSWORD, NOW);
    expect((await db.device.get('this'))!.indexedVersion).toBe(INDEXED_VERSION);
    expect({ ...(await db.cases.get('c-1')), search: [] }).toEqual({ ...caseRow(row.state, catalog), search: [] });
    const found = await searchCases(db, as('clerk'), 'Әлихан');
    expect(found.kind === 'found' && found.rows.map((r) => r.matched)).toEqual([['child']]);
  });
});
