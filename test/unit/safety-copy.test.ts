import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared';
import { execute } from '../../renderer/store/commands';
import { missingFromDb, rebuildFromCopy, safetyCopyLine } from '../../renderer/store/safetyCopy';
import { newDb, peopleOf, staffedOffice } from '../syncOffice';
import { calendar, catalog, intakeCommand } from './fixtures';

const data = { catalog, calendar };
const NOW = new Date('2026-11-24T05:00:00.000Z');

describe('the safety copy of the event log', () => {
  it('puts back the events the database lost, with the device’s counters, and ignores a torn last line', async () => {
    const db = newDb('copy');
    await staffedOffice(db, { officeCode: 'PVL' }, [{ name: 'Әйгерім', roles: ['clerk', 'head', 'specialist'] }]);
    const clerk = (await peopleOf(db))('clerk');
    const intake = (caseId: string) => execute(db, data, clerk, { ...intakeCommand, caseId } as Command, NOW);
    await intake('c-1');
    const deviceBefore = (await db.device.get('this'))!;
    await intake('c-2');
    await intake('c-3');
    const events = await db.events.orderBy('[deviceId+deviceSeq]').toArray();
    const cases = await db.cases.toArray();
    const copy = `${events.map((e) => safetyCopyLine(db.officeKey!, e)).join('')}${safetyCopyLine(db.officeKey!, events[0]!).slice(0, 30)}`;
    // Sealed like the database: the file beside it names nobody.
    expect(copy).not.toContain(intakeCommand.applicant.name);

    // An old profile: the last two events and their cases are gone, the counters are back where they were.
    await db.events.bulkDelete(events.slice(3).map((e) => e.id));
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
    expect((await db.device.get('this'))!.lastSeq).toBe(6); // the administrator's account and roles, then four applications
  });

  it('takes nothing that does not hold its hash or was sealed with another key', async () => {
    const db = newDb('copy-bad');
    await staffedOffice(db, { officeCode: 'PVL' }, [{ name: 'Әйгерім', roles: ['clerk', 'head', 'specialist'] }]);
    const event = await execute(db, data, (await peopleOf(db))('clerk'), { ...intakeCommand, caseId: 'c-1' } as Command, NOW).then(() => db.events.toArray());
    await db.events.clear();
    const changed = { ...event[0]!, caseId: 'other' };
    const otherKey = new Uint8Array(32);
    expect(await missingFromDb(db, `${safetyCopyLine(db.officeKey!, changed)}not sealed\n${safetyCopyLine(otherKey, event[0]!)}`)).toEqual([]);
  });
});
