import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, CaseState, Command } from '../../shared';
import { caseMatches, defaultView, isFiltered, listCases, parseListView, sortCases, type ListView } from '../../renderer/store/caseList';
import { execute } from '../../renderer/store/commands';
import type { KenseDb } from '../../renderer/store/db';
import { waitingCount } from '../../renderer/store/queries';
import type { CaseRow } from '../../renderer/store/rows';
import { newDb, peopleOf, staffedOffice } from '../syncOffice';
import { calendar, catalog, intakeCommand } from './fixtures';

const OFFSET = 300;
const NOW = '2026-12-02T06:00:00.000Z';

/** A case row as the rules read it: only what the filters and the orders look at. */
function row(change: Partial<CaseRow> & { serviceId?: string; stepStartedAt?: string | null }): CaseRow {
  const { serviceId = 'guardianship-certificate', stepStartedAt = '2026-11-20T04:00:00.000Z', ...fields } = change;
  const base = { id: 'c', regNumber: 'PVL-2026-K1-00001', stage: 'visa', stepDueAt: '2026-12-10T18:59:59.999Z', specialistId: '', applicantName: 'А', updatedAt: '2026-11-20T04:00:00.000Z', registeredAt: '2026-11-20T04:00:00.000Z', registeredBy: 'clerk', search: [], ...fields } as CaseRow;
  return { ...base, state: { serviceId, stage: base.stage, stepDueAt: base.stepDueAt || null, stepStartedAt } as CaseState };
}

const view = (change: Partial<ListView>): ListView => ({ sort: 'updated', ...change });
const matches = (r: CaseRow, change: Partial<ListView>) => caseMatches(r, view(change), NOW, OFFSET);

describe('which cases a list’s filters keep', () => {
  it('keeps a service’s, a status’s and a specialist’s cases only', () => {
    const r = row({ stage: 'review', specialistId: 'spec-1', serviceId: 'foster-care' });
    expect(matches(r, {})).toBe(true);
    expect(matches(r, { serviceId: 'foster-care' })).toBe(true);
    expect(matches(r, { serviceId: 'guardianship-certificate' })).toBe(false);
    expect(matches(r, { stage: 'review' })).toBe(true);
    expect(matches(r, { stage: 'visa' })).toBe(false);
    expect(matches(r, { specialistId: 'spec-1' })).toBe(true);
    expect(matches(r, { specialistId: 'spec-2' })).toBe(false);
  });

  it('reads the period in office dates, both ends included, and leaves out a package the office never registered', () => {
    // 19:30 UTC on 30 November is 00:30 on 1 December in Kazakhstan (UTC+5).
    const first = row({ registeredAt: '2026-11-30T19:30:00.000Z' });
    expect(matches(first, { registeredFrom: '2026-12-01' })).toBe(true);
    expect(matches(first, { registeredTo: '2026-11-30' })).toBe(false);
    expect(matches(first, { registeredFrom: '2026-12-01', registeredTo: '2026-12-01' })).toBe(true);
    // The last minute of 1 December, office time.
    expect(matches(row({ registeredAt: '2026-12-01T18:59:00.000Z' }), { registeredTo: '2026-12-01' })).toBe(true);
    expect(matches(row({ registeredAt: '2026-12-01T19:00:00.000Z' }), { registeredTo: '2026-12-01' })).toBe(false);
    const unregistered = row({ registeredAt: '' });
    expect(matches(unregistered, { registeredFrom: '2026-01-01' })).toBe(false);
    expect(matches(unregistered, { registeredTo: '2026-12-31' })).toBe(false);
  });

  it('tells overdue from at risk as the lists show them, and a closed case is neither', () => {
    const overdue = row({ stepDueAt: '2026-12-01T18:59:59.999Z' });
    // Started 20 November, due 10 December: 20 days, and 2 December leaves more than a quarter.
    const onTime = row({});
    // Started 20 November, due 3 December: less than a quarter of 13 days is left on 2 December.
    const atRisk = row({ stepDueAt: '2026-12-03T05:00:00.000Z' });
    expect([overdue, onTime, atRisk].map((r) => matches(r, { due: 'overdue' }))).toEqual([true, false, false]);
    expect([overdue, onTime, atRisk].map((r) => matches(r, { due: 'atRisk' }))).toEqual([false, false, true]);
    expect(matches(row({ stage: 'closed', stepDueAt: '' }), { due: 'overdue' })).toBe(false);
  });
});

describe('the lists’ orders', () => {
  const rows = [
    row({ id: 'a', regNumber: 'PVL-2026-K1-00002', updatedAt: '2026-11-22T04:00:00.000Z', registeredAt: '2026-11-19T04:00:00.000Z', stepDueAt: '2026-12-05T18:59:59.999Z' }),
    row({ id: 'b', regNumber: 'PVL-2026-K1-00003', updatedAt: '2026-11-21T04:00:00.000Z', registeredAt: '2026-11-21T04:00:00.000Z', stage: 'closed', stepDueAt: '' }),
    row({ id: 'c', regNumber: 'PVL-2026-K1-00001', updatedAt: '2026-11-20T04:00:00.000Z', registeredAt: '2026-11-20T04:00:00.000Z', stepDueAt: '2026-12-03T18:59:59.999Z' }),
  ];
  const ids = (sort: ListView['sort']) => sortCases(rows, sort).map((r) => r.id);

  it('sorts by the latest change, the latest registration, the nearest deadline (closed cases last) and the number', () => {
    expect(ids('updated')).toEqual(['a', 'b', 'c']);
    expect(ids('registered')).toEqual(['b', 'c', 'a']);
    expect(ids('due')).toEqual(['c', 'a', 'b']);
    expect(ids('number')).toEqual(['c', 'a', 'b']);
  });
});

describe('a kept view', () => {
  it('comes back as it was kept; a worklist drops a status filter (it is one stage), the review list a specialist', () => {
    const kept = { serviceId: 'foster-care', stage: 'visa', registeredFrom: '2026-12-01', due: 'overdue', sort: 'number' };
    expect(parseListView('all', kept)).toEqual(kept);
    expect(parseListView('visa', kept)).toEqual({ ...kept, stage: undefined });
    expect(parseListView('review', { ...kept, specialistId: 'someone' })).toEqual({ ...kept, stage: undefined, specialistId: undefined });
  });

  it('falls back to the list’s default when it is missing or broken', () => {
    expect(parseListView('all', null)).toEqual({ sort: 'updated' });
    expect(parseListView('visa', undefined)).toEqual({ sort: 'due' });
    expect(parseListView('all', { sort: 'alphabet' })).toEqual(defaultView('all'));
    expect(parseListView('all', { sort: 'due', registeredFrom: '01.12.2026' })).toEqual(defaultView('all'));
    expect(parseListView('all', { sort: 'due', due: 'soon' })).toEqual(defaultView('all'));
  });

  it('says whether it filters anything: the sort alone is not a filter', () => {
    expect(isFiltered({ sort: 'number' })).toBe(false);
    expect(isFiltered({ sort: 'number', serviceId: undefined })).toBe(false);
    expect(isFiltered({ sort: 'due', specialistId: 's' })).toBe(true);
  });
});

describe('reading a list from the store', () => {
  let db: KenseDb;
  let as: (role: Actor['role']) => Actor;
  const now = new Date(NOW);

  beforeEach(async () => {
    db = newDb('case-list');
    await staffedOffice(db, { officeCode: 'PVL', deviceCode: 'K1' }, [
      { name: 'Бауыржан Төлеуов', roles: ['admin'] },
      { name: 'Әйгерім Сәрсенова', roles: ['clerk'] },
      { name: 'Нұрлан Қасымов', roles: ['head'] },
      { name: 'Гүлнар Өмірбекова', roles: ['specialist'] },
      { name: 'Самат Оспанов', roles: ['operator'] },
    ], now);
    as = await peopleOf(db);
    // Registered a day apart from 24 November: the first is the oldest and the most urgent.
    for (const [i, id] of ['k-1', 'k-2', 'k-3', 'k-4'].entries()) {
      await execute(db, { catalog, calendar }, as('clerk'), { ...intakeCommand, caseId: id } as Command, new Date(Date.parse('2026-11-24T05:00:00.000Z') + i * 86_400_000));
    }
    await execute(db, { catalog, calendar }, as('head'), { type: 'visa', caseId: 'k-2', resolution: 'Орындалсын', specialistId: as('specialist').userId }, now);
    // Another service's case, planted as the projection would hold it.
    const other = (await db.cases.get('k-4'))!;
    await db.transaction('rw', [db.cases, db.stageFloors], () => db.cases.put({ ...other, id: 'other', regNumber: 'PVL-2026-K1-00099', state: { ...other.state, id: 'other', serviceId: 'foster-care' } }));
  });
  afterEach(() => db.delete());

  const list = async (actor: Actor, name: Parameters<typeof listCases>[2], change: Partial<ListView>, limit = 100) => {
    const page = await listCases(db, actor, name, { ...defaultView(name), ...change }, NOW, OFFSET, limit);
    return { ...page, ids: page.rows.map((r) => r.id) };
  };

  it('lists a worklist the most urgent first, narrowed by service and period, and in the number’s order when asked', async () => {
    const head = as('head');
    expect((await list(head, 'visa', {})).ids).toEqual(['k-1', 'k-3', 'k-4', 'other']);
    expect((await list(head, 'visa', { serviceId: 'foster-care' })).ids).toEqual(['other']);
    expect((await list(head, 'visa', { serviceId: 'guardianship-certificate', registeredFrom: '2026-11-26' })).ids).toEqual(['k-3', 'k-4']);
    expect((await list(head, 'visa', { sort: 'number' })).ids).toEqual(['k-1', 'k-3', 'k-4', 'other']);
    // 'other' is k-4's copy, registered with it: the id settles the tie.
    expect((await list(head, 'visa', { sort: 'registered' })).ids).toEqual(['k-4', 'other', 'k-3', 'k-1']);
  });

  it('gives a specialist’s review list only their own, whatever specialist a kept view names', async () => {
    expect((await list(as('specialist'), 'review', {})).ids).toEqual(['k-2']);
    expect((await list(as('specialist'), 'review', parseListView('review', { sort: 'due', specialistId: 'someone-else' }))).ids).toEqual(['k-2']);
  });

  it('filters all cases by status, specialist, deadline state and service, and pages them', async () => {
    const clerk = as('clerk');
    expect((await list(clerk, 'all', { stage: 'review' })).ids).toEqual(['k-2']);
    expect((await list(clerk, 'all', { specialistId: as('specialist').userId })).ids).toEqual(['k-2']);
    expect((await list(clerk, 'all', { serviceId: 'foster-care' })).ids).toEqual(['other']);
    expect((await list(clerk, 'all', { stage: 'closed' })).ids).toEqual([]);
    // The head's visa was due the next working day: by 2 December the three left at visa are overdue.
    expect((await list(clerk, 'all', { due: 'overdue', sort: 'number' })).ids).toEqual(['k-1', 'k-3', 'k-4', 'other']);
    expect((await list(clerk, 'all', { due: 'atRisk' })).ids).toEqual([]);
    const first = await list(clerk, 'all', { sort: 'registered' }, 2);
    expect(first).toMatchObject({ more: true, cut: false });
    expect(first.rows).toHaveLength(2);
    expect((await list(clerk, 'all', { sort: 'registered' }, 5)).more).toBe(false);
  });

  it('shows an operator only the applications they took, filters or not', async () => {
    // A mobile crew's package, sent to the office from the field: the office lists it to register.
    const submit = { ...intakeCommand, type: 'submit', caseId: 'own', channel: 'mobile-centre', place: 'Ақсу ауылы', registerChecks: { individuals: 'byHand' }, scans: [] };
    await execute(db, { catalog, calendar }, as('operator'), submit as Command, now);
    expect((await list(as('operator'), 'all', {})).ids).toEqual(['own']);
    expect((await list(as('operator'), 'all', { sort: 'number' })).ids).toEqual(['own']);
    expect((await list(as('operator'), 'all', { stage: 'visa' })).ids).toEqual([]);
    expect((await list(as('clerk'), 'all', { stage: 'intake' })).ids).toEqual(['own']);
    expect((await list(as('specialist'), 'all', { stage: 'visa', sort: 'number' })).ids).toEqual(['k-1', 'k-3', 'k-4', 'other']);
  });

  it('counts what waits on each list of work as the list shows it', async () => {
    expect(await waitingCount(db, as('head'), 'visa')).toBe(4);
    expect(await waitingCount(db, as('specialist'), 'review')).toBe(1);
    expect(await waitingCount(db, { ...as('specialist'), userId: 'someone-else' }, 'review')).toBe(0);
    expect(await waitingCount(db, as('clerk'), 'handover')).toBe(0);
    expect(await waitingCount(db, as('operator'), 'own/handover')).toBe(0);
  });
});
