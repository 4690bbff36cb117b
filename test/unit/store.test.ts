import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError, foldEvents, MAX_RESOLUTIONS, verifyChain, type Actor, type Command } from '../../shared';
import { clearOfficeTerms, editCalendarDay, importService, officeData, pastRetention, setOfficeHours, setOfficeTerms, setResolutions, setRetention } from '../../renderer/store/catalog';
import { SAMPLES } from '../../shared/samples';
import { newServiceFile, NEW_SERVICE_ID } from '../newService';
import { KenseDb } from '../../renderer/store/db';
import { execute } from '../../renderer/store/commands';
import { setupProblems, setUpOffice, type OfficeSetup } from '../../renderer/store/office';
import { staffProblems } from '../../renderer/store/accounts';
import { OFFICE_STAFF, PASSWORD, peopleOf, staffedOffice } from '../syncOffice';
import { createAdminKey, createSigningKey, registerKey, signCase } from '../../renderer/store/signing';
import { caseEvents, openCasesOf, overdueCases, stageCounts, worklist } from '../../renderer/store/queries';
import { raiseStageFloors } from '../../renderer/store/stageFloors';
import { allChecked, calendar, calendarData, catalog, intakeCommand, loadCatalogFiles, resultDraft } from './fixtures';

const data = { catalog, calendar };
let db: KenseDb;
let people: Record<'clerk' | 'head' | 'spec' | 'admin', Actor>;

async function dump() {
  return { events: await db.events.toArray(), cases: await db.cases.toArray(), device: await db.device.toArray() };
}

beforeEach(async () => {
  db = new KenseDb(`test-${crypto.randomUUID()}`);
  await staffedOffice(db, { officeCode: 'pvl', deviceCode: 'k1' }, OFFICE_STAFF);
  const as = await peopleOf(db);
  people = { clerk: as('clerk'), head: as('head'), spec: as('specialist'), admin: as('admin') };
});
afterEach(() => db.delete());

const NOW = new Date('2026-11-24T05:00:00.000Z');
const intake = (caseId = 'case-1') => ({ ...intakeCommand, caseId }) as Command;

const setup = (change: Partial<OfficeSetup> = {}): OfficeSetup => ({
  nameKk: 'Бөлім',
  nameRu: 'Отдел',
  district: 'Павлодар ауданы',
  officeCode: 'PVL',
  deviceCode: 'K1',
  admin: { name: 'Бауыржан Төлеуов', password: PASSWORD, repeat: PASSWORD },
  ...change,
});

describe('setting up the office', () => {
  it.each([
    [{ district: ' ' }, 'field.required', { field: 'setup.district' }],
    [{ officeCode: 'PV-L' }, 'code.format', { field: 'setup.officeCode' }],
    [{ admin: { name: 'Б', password: 'қысқа', repeat: 'қысқа' } }, 'password.tooShort', { min: 8 }],
    [{ admin: { name: 'Б', password: PASSWORD, repeat: `${PASSWORD}!` } }, 'password.differ', {}],
  ] as const)('refuses %j with %s, and writes nothing', async (change, code, params) => {
    const fresh = new KenseDb(`test-${crypto.randomUUID()}`);
    await expect(setUpOffice(fresh, setup(change))).rejects.toMatchObject({ code, params });
    expect([await fresh.device.count(), await fresh.staff.count(), await fresh.events.count()]).toEqual([0, 0, 0]);
    expect(fresh.officeKey).toBeNull();
    await fresh.delete();
  });

  it('lists every problem of the form at once, each with its field, for the set-up screen to show together', () => {
    const empty = setup({ nameKk: '', nameRu: ' ', district: '', officeCode: 'ПВЛ', deviceCode: 'K-1', admin: { name: '', password: 'қысқа', repeat: '' } });
    expect(setupProblems(empty).map((p) => [p.field, p.error.code])).toEqual([
      ['setup.nameKk', 'field.required'],
      ['setup.nameRu', 'field.required'],
      ['setup.district', 'field.required'],
      ['setup.officeCode', 'code.format'],
      ['setup.deviceCode', 'code.format'],
      ['setup.adminName', 'field.required'],
      ['setup.adminPassword', 'password.tooShort'],
    ]);
    expect(setupProblems(setup({ officeCode: ' pvl ' }))).toEqual([]);
    expect(staffProblems({ name: ' ', roles: [], active: true, iin: '123' }).map((p) => [p.field, p.error.code])).toEqual([
      ['staff.name', 'field.required'],
      ['staff.iin', 'iin.invalid'],
      ['staff.roles', 'staff.noRole'],
      ['staff.password', 'field.required'],
    ]);
  });

  it('makes the administrator, whose password wraps the office key, and records the account in the chain', async () => {
    const fresh = new KenseDb(`test-${crypto.randomUUID()}`);
    const admin = await setUpOffice(fresh, setup());
    expect(admin).toMatchObject({ roles: ['admin'], active: true, mustChange: false, credential: { kdf: 'PBKDF2-SHA-256', iterations: 600_000 } });
    expect(JSON.stringify(admin)).not.toContain(PASSWORD);
    expect(fresh.officeKey).toHaveLength(32);
    expect((await fresh.events.toArray()).map((e) => e.type)).toEqual(['office.staffSaved']);
    await fresh.delete();
  });

  it('happens once', async () => {
    await expect(setUpOffice(db, setup())).rejects.toMatchObject({ code: 'setup.done' });
  });
});

describe('executing commands', () => {
  it('finds the open cases of an applicant for a service by the IIN’s search tag: what intake warns of', async () => {
    const iin = intakeCommand.applicant.iin;
    await execute(db, data, people.clerk, intake('case-1'), NOW);
    // Closed: returned to its centre. Another applicant whose representative has the IIN. Another service.
    await execute(db, data, people.clerk, intake('case-2'), NOW);
    await execute(db, data, people.head, { type: 'returnToCentre', caseId: 'case-2', reasons: 'Көшірме оқылмайды' }, NOW);
    const representative = { name: 'Сәуле Жұмабекова', iin, poaNumber: '7', poaDate: '2026-11-20', notary: 'Ә. Бекова', notarised: true };
    await execute(db, data, people.clerk, { ...intake('case-3'), applicant: { ...intakeCommand.applicant, name: 'Бауыржан Нұров', iin: '800416300257' }, representative } as Command, NOW);
    const s7 = SAMPLES['tvet-document-duplicate']!;
    await execute(db, data, people.clerk, { type: 'intake', caseId: 'case-4', serviceId: 'tvet-document-duplicate', channel: 'office', applicant: { ...s7.applicant, iin }, application: s7.application, documentsReceived: s7.documents, consent: true } as Command, NOW);
    expect((await openCasesOf(db, people.clerk, 'guardianship-certificate', iin)).map((r) => r.regNumber)).toEqual(['PVL-2026-K1-00001']);
    expect((await openCasesOf(db, people.clerk, 'tvet-document-duplicate', iin)).map((r) => r.id)).toEqual(['case-4']);
    expect(await openCasesOf(db, people.clerk, 'guardianship-certificate', '800416300257')).toHaveLength(1);
    expect(await openCasesOf(db, people.clerk, 'guardianship-certificate', '12345')).toEqual([]);
  });

  it('writes the event and the projection together, numbering applications per device', async () => {
    await execute(db, data, people.clerk, intake('case-1'), NOW);
    const second = await execute(db, data, people.clerk, intake('case-2'), NOW);
    expect(second.regNumber).toBe('PVL-2026-K1-00002');
    // The chain begins with the four staff accounts.
    expect(await db.events.where('caseId').anyOf('case-1', 'case-2').count()).toBe(2);
    expect((await db.cases.get('case-2'))!.state).toEqual(second);
    expect(await db.device.get('this')).toMatchObject({ lastSeq: 6, regSequence: { '2026': 2 } });
  });

  it('keeps the projection equal to the fold of the stored events, through the whole flow', async () => {
    await execute(db, data, people.clerk, intake(), NOW);
    await execute(db, data, people.head, { type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: people.spec.userId }, NOW);
    await execute(db, data, people.spec, { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft } as Command, NOW);
    await createAdminKey(db, people.admin, '246810', '246810', NOW);
    await registerKey(db, people.admin, await createSigningKey(db, people.head, '135790', '135790', NOW), '246810', NOW);
    await signCase(db, data, people.head, 'case-1', '135790', NOW);
    const closed = await execute(db, data, people.clerk, { type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'Сәуле Жұмабекова' }, handedOverOn: '2026-11-24' }, NOW);
    const events = await caseEvents(db, 'case-1');
    expect(closed.stage).toBe('closed');
    expect(foldEvents(events)).toEqual((await db.cases.get('case-1'))!.state);
    expect(verifyChain(await db.events.orderBy('[deviceId+deviceSeq]').toArray())).toEqual({ ok: true });
    // The HLC keeps the order even though every command ran at the same wall time.
    expect(events.map((e) => e.type)).toEqual(['case.registered', 'case.visaed', 'case.drafted', 'case.resultSigned', 'case.handedOver']);

    // Kept five years after closing: listed for the office's decision after them, never deleted.
    const retention = { serviceId: closed.serviceId, years: 5, basis: 'Істер номенклатурасы, 12-бап' };
    const catalogRows = async () => [await db.retention.toArray(), await db.events.count()];
    const before = await catalogRows();
    await expect(setRetention(db, catalog, retention, people.clerk, NOW)).rejects.toMatchObject({ code: 'role.forbidden' });
    await expect(setRetention(db, catalog, { ...retention, years: 0 }, people.admin, NOW)).rejects.toMatchObject({ code: 'field.invalid', params: { field: 'retention.years' } });
    await expect(setRetention(db, catalog, { ...retention, basis: ' ' }, people.admin, NOW)).rejects.toMatchObject({ code: 'field.required', params: { field: 'retention.basis' } });
    expect(await catalogRows()).toEqual(before);
    await setRetention(db, catalog, retention, people.admin, NOW);
    expect(await pastRetention(db, new Date('2031-11-23T00:00:00Z'))).toEqual([]);
    expect(await pastRetention(db, new Date('2031-11-25T00:00:00Z'))).toEqual([{ regNumber: closed.regNumber, serviceId: closed.serviceId, closedAt: closed.history.at(-1)!.at, until: expect.stringMatching(/^2031-11-24/) }]);
    expect(await db.cases.get('case-1')).toBeDefined();
  });

  it('leaves the store exactly as it was when a command is refused', async () => {
    await execute(db, data, people.clerk, intake(), NOW);
    const before = await dump();
    await expect(execute(db, data, people.clerk, { type: 'visa', caseId: 'case-1', resolution: 'x', specialistId: people.spec.userId }, NOW)).rejects.toMatchObject({
      code: 'role.forbidden',
    });
    await expect(execute(db, data, people.clerk, { ...intake('case-2'), documentsReceived: [] } as Command, NOW)).rejects.toBeInstanceOf(DomainError);
    expect(await dump()).toEqual(before);
  });

  it('refuses a role the person does not hold, and a person not on the staff', async () => {
    await expect(execute(db, data, { ...people.clerk, role: 'head' }, intake(), NOW)).rejects.toMatchObject({ code: 'role.forbidden' });
    await expect(execute(db, data, { userId: 'stranger', role: 'clerk', name: 'X' }, intake(), NOW)).rejects.toMatchObject({ code: 'role.forbidden' });
    expect(await db.events.where('caseId').notEqual('office').count()).toBe(0);
  });

  it('never keeps an event without its projection: a failed write rolls both back', async () => {
    await execute(db, data, people.clerk, intake(), NOW);
    const before = await dump();
    db.cases.hook('updating', () => {
      throw new Error('disk full');
    });
    await expect(execute(db, data, people.head, { type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: people.spec.userId }, NOW)).rejects.toThrow('disk full');
    expect(await dump()).toEqual(before);
  });

  it('lists a stage’s cases, most urgent first, and a specialist’s own', async () => {
    // Ids sort the other way round from urgency, so only the due-time index can give this order.
    await execute(db, data, people.clerk, intake('z-early'), new Date('2026-11-19T05:00:00.000Z'));
    await execute(db, data, people.clerk, intake('a-late'), new Date('2026-11-20T05:00:00.000Z'));
    expect((await worklist(db, 'visa')).map((r) => r.id)).toEqual(['z-early', 'a-late']);
    await execute(db, data, people.head, { type: 'visa', caseId: 'a-late', resolution: 'Орындалсын', specialistId: people.spec.userId }, NOW);
    expect((await worklist(db, 'review', people.spec.userId)).map((r) => r.id)).toEqual(['a-late']);
    expect(await worklist(db, 'review', 'someone-else')).toEqual([]);
  });

  it('reads each list from its stage’s floor, which rises past the cases that left and falls for a case due earlier', async () => {
    const floor = async () => (await db.stageFloors.get('visa'))?.dueAt;
    await execute(db, data, people.clerk, intake('first'), new Date('2026-11-19T05:00:00.000Z'));
    await execute(db, data, people.clerk, intake('second'), new Date('2026-11-20T05:00:00.000Z'));
    const [first, second] = (await db.cases.bulkGet(['first', 'second'])).map((row) => row!.stepDueAt);
    await raiseStageFloors(db, NOW.toISOString());
    expect(await floor()).toBe(first);

    await execute(db, data, people.head, { type: 'visa', caseId: 'first', resolution: 'Орындалсын', specialistId: people.spec.userId }, NOW);
    await raiseStageFloors(db, NOW.toISOString());
    expect(await floor()).toBe(second);
    // Writing a case lowers the floor in its transaction; one without the floors table is refused.
    const planted = { ...(await db.cases.get('second'))!, id: 'planted', regNumber: 'planted', stepDueAt: first! };
    await expect(db.cases.put(planted)).rejects.toThrow();
    expect(await db.cases.get('planted')).toBeUndefined();
    await db.transaction('rw', [db.cases, db.stageFloors], () => db.cases.put(planted));
    expect(await floor()).toBe(first);
    expect((await worklist(db, 'visa')).map((r) => r.id)).toEqual(['planted', 'second']);
    // A row below the floor is not read: that is what the floor saves.
    await db.stageFloors.put({ stage: 'visa', dueAt: second! });
    expect((await worklist(db, 'visa')).map((r) => r.id)).toEqual(['second']);
    await db.cases.delete('planted');

    // An application registered with an earlier clock (a laptop's, say) is due before the floor.
    await execute(db, data, people.clerk, intake('earlier'), new Date('2026-11-18T05:00:00.000Z'));
    expect((await worklist(db, 'visa')).map((r) => r.id)).toEqual(['earlier', 'second']);
    expect(await stageCounts(db, 'visa', NOW.toISOString())).toEqual({ waiting: 2, overdue: 2 });

    // With nobody waiting the floor is now; a case that comes later lowers it again.
    for (const caseId of ['earlier', 'second']) await execute(db, data, people.head, { type: 'visa', caseId, resolution: 'Орындалсын', specialistId: people.spec.userId }, NOW);
    await raiseStageFloors(db, NOW.toISOString());
    expect(await floor()).toBe(NOW.toISOString());
    await execute(db, data, people.clerk, intake('late'), new Date('2026-11-17T05:00:00.000Z'));
    expect((await worklist(db, 'visa')).map((r) => r.id)).toEqual(['late']);
  });

  it('lists the open cases past their step’s due time, the longest overdue first, and no closed or timely one', async () => {
    await execute(db, data, people.clerk, intake('later'), new Date('2026-11-20T05:00:00.000Z'));
    await execute(db, data, people.clerk, intake('earlier'), new Date('2026-11-19T05:00:00.000Z'));
    await execute(db, data, people.clerk, intake('timely'), NOW);
    await execute(db, data, people.clerk, { ...intakeCommand, caseId: 'returned', channel: 'service-centre' } as Command, new Date('2026-11-18T05:00:00.000Z'));
    await execute(db, data, people.head, { type: 'returnToCentre', caseId: 'returned', reasons: 'Құжат оқылмайды' }, new Date('2026-11-18T05:10:00.000Z'));
    expect((await overdueCases(db, '2026-11-24T05:10:00.000Z')).map((c) => c.id)).toEqual(['earlier', 'later']);
  });
});

describe('the office catalog records', () => {
  const shipped = loadCatalogFiles();
  const rows = async () => ({ services: await db.services.toArray(), terms: await db.officeTerms.toArray(), edits: await db.calendarEdits.toArray() });

  it('adds an administrator’s service file to the catalog', async () => {
    await importService(db, catalog, 'camp.json', JSON.stringify(newServiceFile()), people.admin);
    const data = officeData(shipped, calendarData, await rows());
    expect(data.catalog.get(NEW_SERVICE_ID)?.names.en).toBe('Referral to a summer health camp');
    expect(data.catalog.size).toBe(catalog.size + 1);
  });

  it('refuses a wrong file, a file that is not JSON, an older version and a non-administrator, and stores nothing', async () => {
    await expect(importService(db, catalog, 'x.json', '{', people.admin)).rejects.toThrow(/x\.json: \(top\): not valid JSON/);
    await expect(importService(db, catalog, 'x.json', JSON.stringify({ ...newServiceFile(), steps: [] }), people.admin)).rejects.toThrow(/x\.json: steps/);
    const s1 = shipped['guardianship-certificate.json'];
    await expect(importService(db, catalog, 's1.json', JSON.stringify(s1), people.admin)).rejects.toMatchObject({ code: 'catalog.versionNotNewer' });
    await expect(importService(db, catalog, 'camp.json', JSON.stringify(newServiceFile()), people.clerk)).rejects.toMatchObject({ code: 'role.forbidden' });
    expect(await db.services.count()).toBe(0);
  });

  it('applies this office’s term to new cases, with its reason', async () => {
    await expect(setOfficeTerms(db, catalog, { serviceId: 'guardianship-certificate', term: { amount: 5, unit: 'workingDays' }, reason: ' ' }, people.admin)).rejects.toMatchObject({
      code: 'field.required',
    });
    await setOfficeTerms(db, catalog, { serviceId: 'guardianship-certificate', term: { amount: 5, unit: 'workingDays' }, reason: 'Seed 003' }, people.admin);
    const data = officeData(shipped, calendarData, await rows());
    const state = await execute(db, data, people.clerk, intake(), NOW);
    // 5 working days from Tuesday 24 November: Tuesday 1 December.
    expect(state.termDueAt).toBe('2026-12-01T18:59:59.999Z');
    await clearOfficeTerms(db, 'guardianship-certificate', people.admin);
    expect(officeData(shipped, calendarData, await rows()).catalog.get('guardianship-certificate')!.term.duration).toEqual({ amount: 3, unit: 'workingDays' });
  });

  it('counts with the administrator’s calendar edits', async () => {
    await expect(editCalendarDay(db, { date: '2026-11-25', dayOff: true, note: '' }, people.admin)).rejects.toMatchObject({ code: 'field.required' });
    expect(await db.calendarEdits.count()).toBe(0);
    await editCalendarDay(db, { date: '2026-11-25', dayOff: true, note: 'transfer order' }, people.admin);
    const data = officeData(shipped, calendarData, await rows());
    expect(data.calendar.isWorkingDay('2026-11-25')).toBe(false);
    const state = await execute(db, data, people.clerk, intake(), NOW);
    // Wednesday off: Thursday, Friday, Monday 30 November.
    expect(state.termDueAt).toBe('2026-11-30T18:59:59.999Z');
  });

  it('runs minute steps in the office’s hours, which only the administrator sets', async () => {
    const hours = { opens: '08:30', closes: '17:30', lunch: { from: '12:30', to: '13:30' } };
    const before = await db.events.count();
    await expect(setOfficeHours(db, { ...hours, closes: '08:00' }, people.admin)).rejects.toMatchObject({ code: 'field.invalid', params: { field: 'hours.closes' } });
    await expect(setOfficeHours(db, hours, people.clerk)).rejects.toMatchObject({ code: 'role.forbidden' });
    expect([await db.officeHours.count(), await db.events.count()]).toEqual([0, before]);
    await setOfficeHours(db, hours, people.admin);
    const data = officeData(shipped, calendarData, { ...(await rows()), hours: await db.officeHours.get('this') });
    expect(data.calendar.hours).toEqual(hours);
    // Registered at 17:20 on Tuesday: 10 minutes today, 10 from 08:30 on Wednesday.
    const state = await execute(db, data, people.clerk, intake(), new Date('2026-11-24T12:20:00.000Z'));
    expect(state.stepDueAt).toBe('2026-11-25T03:40:00.000Z');
  });

  it('keeps the head’s resolution texts, trimmed and without repeats; refuses too many, or another role, changing nothing', async () => {
    const before = await db.events.count();
    await expect(setResolutions(db, Array.from({ length: MAX_RESOLUTIONS + 1 }, (_, i) => `Мәтін ${i}`), people.head)).rejects.toMatchObject({ code: 'resolutions.tooMany', params: { max: MAX_RESOLUTIONS } });
    await expect(setResolutions(db, ['Қарап, анықтама дайындалсын'], people.clerk)).rejects.toMatchObject({ code: 'role.forbidden' });
    await expect(setResolutions(db, ['x'.repeat(2001)], people.head)).rejects.toMatchObject({ code: 'field.tooLong', params: { field: 'resolutions' } });
    expect([await db.resolutions.count(), await db.events.count()]).toEqual([0, before]);
    await setResolutions(db, ['  Қарап, анықтама дайындалсын ', '', 'Қарап, анықтама дайындалсын', 'Тексеріп, баяндаңыз'], people.head);
    expect((await db.resolutions.get('this'))!.resolutions).toEqual(['Қарап, анықтама дайындалсын', 'Тексеріп, баяндаңыз']);
    expect((await db.events.toArray()).filter((e) => e.type === 'office.resolutionsSet')).toMatchObject([{ payload: { resolutions: ['Қарап, анықтама дайындалсын', 'Тексеріп, баяндаңыз'] } }]);
  });
});
