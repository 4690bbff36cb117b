import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor, Command } from '../../shared';
import { KenseDb } from '../../renderer/store/db';
import { execute } from '../../renderer/store/commands';
import { executeEach } from '../../renderer/store/bulk';
import { OFFICE_STAFF, peopleOf, staffedOffice } from '../syncOffice';
import { calendar, catalog, intakeCommand } from './fixtures';

const data = { catalog, calendar };
let db: KenseDb;
let clerk: Actor;
let head: Actor;
let specialistId: string;

beforeEach(async () => {
  db = new KenseDb(`test-${crypto.randomUUID()}`);
  await staffedOffice(db, { officeCode: 'pvl', deviceCode: 'k1' }, OFFICE_STAFF);
  const as = await peopleOf(db);
  [clerk, head, specialistId] = [as('clerk'), as('head'), as('specialist').userId];
});
afterEach(() => db.delete());

it('gives one visa to many cases, each checked on its own: one refused is told and changes nothing, the rest go on', async () => {
  for (const caseId of ['case-1', 'case-2', 'case-3']) await execute(db, data, clerk, { ...intakeCommand, caseId } as Command);
  const visa = (caseId: string) => ({ type: 'visa', caseId, resolution: 'Қарап, анықтама дайындалсын', specialistId }) as Command;
  await execute(db, data, head, visa('case-2'));
  const before = await db.cases.get('case-2');
  const eventsBefore = await db.events.count();
  const seen: [number, number][] = [];
  const outcome = await executeEach(db, data, head, ['case-1', 'case-2', 'case-3'].map(visa), (done, total) => seen.push([done, total]));
  expect(outcome.done.map((s) => [s.id, s.stage])).toEqual([['case-1', 'review'], ['case-3', 'review']]);
  expect(outcome.refused).toMatchObject([{ caseId: 'case-2', error: { code: 'stage.wrong', params: { stage: 'review', action: 'visa' } } }]);
  expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
  expect(await db.cases.get('case-2')).toEqual(before);
  expect(await db.events.count()).toBe(eventsBefore + 2);
});
