import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../shared';
import { KenseDb } from '../../renderer/store/db';
import { execute } from '../../renderer/store/commands';
import { noticesFor } from '../../renderer/store/notices';
import { createAdminKey, createSigningKey, registerKey } from '../../renderer/store/signing';
import { OFFICE_STAFF, peopleOf, staffedOffice } from '../syncOffice';
import { allChecked, calendar, catalog, intakeCommand, resultDraft } from './fixtures';

const data = { catalog, calendar };
let db: KenseDb;
let people: Record<'clerk' | 'head' | 'spec' | 'spec2' | 'admin', Actor>;

beforeEach(async () => {
  db = new KenseDb(`test-${crypto.randomUUID()}`);
  await staffedOffice(db, { officeCode: 'pvl', deviceCode: 'k1' }, [...OFFICE_STAFF, { name: 'Дәурен Ғабитов', roles: ['specialist'] }]);
  const as = await peopleOf(db);
  people = { admin: as('admin'), clerk: as('clerk'), head: as('head'), spec: as('specialist', 'Гүлнар Өмірбекова'), spec2: as('specialist', 'Дәурен Ғабитов') };
});
afterEach(() => db.delete());

// Tuesday 24 November 2026, 10:00 in Pavlodar.
const NOW = new Date('2026-11-24T05:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const run = (actor: Actor, command: unknown, when = NOW) => execute(db, data, actor, command as Command, when);
const kinds = async (actor: Actor, when: Date) => (await noticesFor(db, actor, when.toISOString())).map((n) => [n.kind, n.count, n.cases.map((c) => c.row.regNumber)]);

describe('notices: what needs a person now', () => {
  it('tells the head of a step about to run out, then of one past due, the most urgent first', async () => {
    const first = await run(people.clerk, { ...intakeCommand, caseId: 'case-1' });
    // The 20-minute visa: due 10:20; at risk in its last quarter (after 10:15), overdue after 10:20.
    expect(await kinds(people.head, at(10))).toEqual([]);
    expect(await kinds(people.head, at(16))).toEqual([['atRisk', 1, [first.regNumber]]]);
    const second = await run(people.clerk, { ...intakeCommand, caseId: 'case-2' }, at(17));
    expect(await kinds(people.head, at(25))).toEqual([['overdue', 1, [first.regNumber]]]);
    expect(await kinds(people.head, at(50))).toEqual([['overdue', 2, [first.regNumber, second.regNumber]]]);
    // Nobody else is told of the head's deadlines.
    for (const other of [people.clerk, people.spec, people.admin]) expect(await kinds(other, at(50))).toEqual([]);
  });

  it('tells the specialist of a draft sent back, with the head’s reason, and of a review given to them', async () => {
    const state = await run(people.clerk, { ...intakeCommand, caseId: 'case-1' });
    await run(people.head, { type: 'visa', caseId: 'case-1', resolution: 'Қарап, анықтама дайындалсын', specialistId: people.spec.userId });
    expect(await kinds(people.spec, NOW)).toEqual([]);
    await run(people.spec, { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft });
    await run(people.head, { type: 'return', caseId: 'case-1', reason: 'Қаулының күнін тексеріңіз' });
    const [sentBack] = await noticesFor(db, people.spec, NOW.toISOString());
    expect(sentBack).toMatchObject({ kind: 'sentBack', count: 1, cases: [{ row: { regNumber: state.regNumber }, entry: { note: 'Қаулының күнін тексеріңіз', actor: { name: 'Нұрлан Қасымов' } } }] });
    await run(people.head, { type: 'reassign', caseId: 'case-1', specialistId: people.spec2.userId, reason: 'Гүлнар Өмірбекова демалыста' });
    expect(await kinds(people.spec, NOW)).toEqual([]);
    // Дәурен is told once, that it was given to him, though it had come back before.
    const [given, ...more] = await noticesFor(db, people.spec2, NOW.toISOString());
    expect(more).toEqual([]);
    expect(given).toMatchObject({ kind: 'reassigned', count: 1, cases: [{ entry: { note: 'Гүлнар Өмірбекова демалыста' } }] });
    // Once the new specialist sends the draft, nothing is left to tell.
    await run(people.spec2, { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft });
    expect(await kinds(people.spec2, NOW)).toEqual([]);
  });

  it('tells the administrator of a head’s key to register until it is registered', async () => {
    await createAdminKey(db, people.admin, '246810', '246810', NOW);
    const key = await createSigningKey(db, people.head, '135790', '135790', NOW);
    expect(await kinds(people.admin, NOW)).toEqual([['keyRequests', 1, []]]);
    await registerKey(db, people.admin, key, '246810', NOW);
    expect(await kinds(people.admin, NOW)).toEqual([]);
  });
});
