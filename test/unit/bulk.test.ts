import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor, Command } from '../../shared';
import { KenseDb } from '../../renderer/store/db';
import { execute } from '../../renderer/store/commands';
import { executeEach } from '../../renderer/store/bulk';
import { staffedOffice } from '../syncOffice';
import { calendar, catalog, intakeCommand } from './fixtures';

const data = { catalog, calendar };
let db: KenseDb;
let clerk: Actor;
let head: Actor;
let specialistId: string;

beforeEach(async () => {
  db = new KenseDb(`test-${crypto.randomUUID()}`);
  await staffedOffice(db, { officeCode: 'pvl', deviceCode: 'k1' }, [
    { name: 'Бауыржан Төлеуов', roles: ['admin'] },
    { name: 'Әйгерім Сәрсенова', roles: ['clerk'] },
    { name: 'Нұрлан Қасымов', roles: ['head'] },
    { name: 'Гүлнар Өмірбекова', roles: ['specialist'] },
  ]);
  const staff = await db.staff.toArray();
  const as = (role: Actor['role']): Actor => {
    const m = staff.find((s) => s.roles.includes(role))!;
    return { userId: m.id, role, name: m.name };
  };
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
