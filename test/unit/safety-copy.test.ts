import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared';
import { execute } from '../../renderer/store/commands';
import { missingFromDb, rebuildFromCopy } from '../../renderer/store/safetyCopy';
import { newDb, peopleOf } from '../syncOffice';
import { setUpOffice } from '../../renderer/store/office';
import { calendar, catalog, intakeCommand } from './fixtures';

const data = { catalog, calendar };
const NOW = new Date('2026-11-24T05:00:00.000Z');

describe('the safety copy of the event log', () => {
  it('puts back the events the database lost, with the device’s counters, and ignores a torn last line', async () => {
    const db = newDb('copy');
    await setUpOffice(db, { nameKk: 'Бөлім', nameRu: 'Отдел', officeCode: 'PVL', deviceCode: 'K1', staff: [{ name: 'Әйгерім', roles: ['clerk', 'head', 'specialist'] }] });
    const clerk = (await peopleOf(db))('clerk');
    const intake = (caseId: string) => execute(db, data, clerk, { ...intakeCommand, caseId } as Command, NOW);
    await intake('c-1');
    const deviceBefore = (await db.device.get('this'))!;
    await intake('c-2');
    await intake('c-3');
    const events = await db.events.orderBy('[deviceId+deviceSeq]').toArray();
    const cases = await db.cases.toArray();
    const copy = `${events.map((e) => JSON.stringify(e)).join('\n')}\n{"id":"torn`;

    // An old profile: the last two events and their cases are gone, the counters are back where they were.
    await db.events.bulkDelete(events.slice(1).map((e) => e.id));
    await db.cases.bulkDelete(['c-2', 'c-3']);
    await db.device.put(deviceBefore);

    const missing = await missingFromDb(db, copy);
    expect(missing.map((e) => e.caseId).sort()).toEqual(['c-2', 'c-3']);
    expect(await rebuildFromCopy(db, missing)).toBe(2);
    expect(await db.cases.toArray()).toEqual(cases);
    expect(await missingFromDb(db, copy)).toEqual([]);
    // The next application gets a new number: none is issued twice.
    const next = await intake('c-4');
    expect(next.regNumber).toBe('PVL-2026-K1-00004');
    expect((await db.device.get('this'))!.lastSeq).toBe(4);
  });

  it('takes nothing that does not hold its hash', async () => {
    const db = newDb('copy-bad');
    await setUpOffice(db, { nameKk: 'Бөлім', nameRu: 'Отдел', officeCode: 'PVL', deviceCode: 'K1', staff: [{ name: 'Әйгерім', roles: ['clerk', 'head', 'specialist'] }] });
    const event = await execute(db, data, (await peopleOf(db))('clerk'), { ...intakeCommand, caseId: 'c-1' } as Command, NOW).then(() => db.events.toArray());
    await db.events.clear();
    const changed = { ...event[0]!, caseId: 'other' };
    expect(await missingFromDb(db, `${JSON.stringify(changed)}\nnot json\n`)).toEqual([]);
  });
});
