import { describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { MAX_SCAN_BYTES, MAX_SCANS, timeline } from '../../shared';
import { caseRow } from '../../renderer/store/db';
import { execute } from '../../renderer/store/commands';
import { PUSH_BYTES, withinPushBytes } from '../../renderer/store/push';
import type { ChainEvent } from '../../shared';
import { newDb, peopleOf, staffedOffice } from '../syncOffice';
import { allChecked, calendar, catalog, device, intakeCommand, refused, resultDraft, sealFor } from './fixtures';

/** A scan's bytes: only their size matters to the rules. */
const picture = (bytes: number) => btoa('x'.repeat(bytes));
const scan = (documentId: string, bytes = 120_000) => ({ documentId, type: 'image/jpeg', width: 1600, height: 2200, data: picture(bytes) });

const submit = {
  ...intakeCommand,
  type: 'submit',
  channel: 'mobile-centre',
  place: 'Ақсу ауылы',
  registerChecks: { individuals: 'byHand' },
  scans: [scan('application'), scan('identity'), scan('childBirthCertificate')],
};

function submitted() {
  const d = device();
  d.run(submit, 'u-crew');
  return d;
}

describe('a crew takes an application in the field', () => {
  it('waits at intake for the office, with its place, scans and checks, the receipt promising the term', () => {
    const d = submitted();
    const state = d.state!;
    expect(state).toMatchObject({
      stage: 'intake',
      channel: 'mobile-centre',
      regNumber: 'PVL-2026-K1-00001',
      registeredBy: { userId: 'u-crew', role: 'operator' },
      package: { place: 'Ақсу ауылы', takenAt: '2026-11-24T05:00:00.000Z' },
      registerChecks: { individuals: { status: 'byHand', by: { userId: 'u-crew' } } },
    });
    // The pictures stay in the event; the case lists them only.
    expect(state.package!.scans).toEqual([
      { documentId: 'application', type: 'image/jpeg', width: 1600, height: 2200, bytes: 120_000 },
      { documentId: 'identity', type: 'image/jpeg', width: 1600, height: 2200, bytes: 120_000 },
      { documentId: 'childBirthCertificate', type: 'image/jpeg', width: 1600, height: 2200, bytes: 120_000 },
    ]);
    expect(JSON.stringify(state)).not.toContain(picture(100));
    expect(d.events[0]!.type).toBe('case.submitted');
    // Tuesday 24 Nov: the office registers or returns it by the end of Friday 27 Nov (3 working days).
    expect(state.stepDueAt).toBe('2026-11-27T18:59:59.999Z');
    // S1: 3 working days, the day of acceptance not counted.
    expect(state.termDueAt).toBe('2026-11-27T18:59:59.999Z');
    // Not in the incoming journal until the office registers it, which the plan expects within the same 3 days.
    expect(caseRow(state, catalog).registeredAt).toBe('');
    expect(state.plan[0]).toMatchObject({ stepId: 'intake', dueAt: '2026-11-27T18:59:59.999Z' });
  });

  it('is the operator’s alone, from a centre’s channel, with the place, the consent and each register check', () => {
    refused(device(), submit, 'u-clerk', 'role.forbidden', { role: 'clerk', action: 'submit' });
    refused(device(), { ...submit, channel: 'office' }, 'u-crew', 'channel.unknown');
    refused(device(), { ...submit, place: ' ' }, 'u-crew', 'field.required', { field: 'place' });
    refused(device(), { ...submit, consent: false }, 'u-crew', 'intake.consentRequired');
    refused(device(), { ...submit, registerChecks: {} }, 'u-crew', 'intake.registerCheckMissing', { check: 'individuals' });
    const representative = { name: 'Бауыржан Нұров', iin: '800416300257', poaNumber: '2026-1187', poaDate: '2026-11-20', notary: 'Ә. Бекова', notarised: true };
    refused(device(), { ...submit, representative }, 'u-crew', 'intake.registerCheckMissing', { check: 'notary' });
    const d = device();
    d.run({ ...submit, representative, registerChecks: { individuals: 'pending', notary: 'byHand' } }, 'u-crew');
    expect(d.state!.registerChecks).toMatchObject({ individuals: { status: 'pending' }, notary: { status: 'byHand' } });
  });

  it('takes pictures and a scanner’s PDFs; refuses scans that are too many, too large, of another kind, or of a document not received, keeping nothing', () => {
    refused(device(), { ...submit, scans: Array.from({ length: MAX_SCANS + 1 }, () => scan('identity', 10)) }, 'u-crew', 'scan.tooMany', { max: MAX_SCANS });
    refused(device(), { ...submit, scans: [scan('identity', MAX_SCAN_BYTES + 3)] }, 'u-crew', 'scan.tooLarge', { document: 'identity' });
    refused(device(), { ...submit, scans: [scan('guardianshipDecision')] }, 'u-crew', 'scan.notReceived', { document: 'guardianshipDecision' });
    refused(device(), { ...submit, scans: [{ ...scan('identity'), data: 'not base64!' }] }, 'u-crew', 'field.invalid', { field: 'scans.0.data' });
    refused(device(), { ...submit, scans: [{ ...scan('identity'), type: 'image/gif' }] }, 'u-crew', 'field.invalid', { field: 'scans.0.type' });
    // A scanner's PDF is kept as it came.
    const d = device();
    d.run({ ...submit, scans: [{ ...scan('identity'), type: 'application/pdf', width: 595, height: 842 }] }, 'u-crew');
    expect(d.state!.package!.scans).toEqual([{ documentId: 'identity', type: 'application/pdf', width: 595, height: 842, bytes: 120_000 }]);
  });
});

describe('the office receives the package', () => {
  it('the clerk registers it: into the incoming journal, on to the head', () => {
    const d = submitted();
    d.run({ type: 'registerPackage', caseId: 'case-1' }, 'u-clerk', '2026-11-25T04:00:00.000Z');
    const state = d.state!;
    expect(state).toMatchObject({ stage: 'visa', registeredAt: '2026-11-25T04:00:00.000Z', registeredBy: { userId: 'u-crew' } });
    expect(caseRow(state, catalog).registeredAt).toBe('2026-11-25T04:00:00.000Z');
    // The visa step's 20 minutes run from the registration.
    expect(state.stepDueAt).toBe('2026-11-25T04:20:00.000Z');
    // The intake step ran from the field to the office's registration.
    expect(timeline(state, catalog.get(state.serviceId)!)[0]).toMatchObject({ startedAt: '2026-11-24T05:00:00.000Z', finishedAt: '2026-11-25T04:00:00.000Z' });
    refused(d, { type: 'registerPackage', caseId: 'case-1' }, 'u-clerk', 'stage.wrong', { stage: 'visa' });
  });

  it('or the clerk returns it with the written reasons, within 3 working days of its taking', () => {
    const back = { type: 'returnToCentre', caseId: 'case-1', reasons: 'Туу туралы куәліктің сканы оқылмайды' };
    const d = submitted();
    d.run(back, 'u-clerk', '2026-11-27T18:00:00.000Z');
    expect(d.state).toMatchObject({ stage: 'closed', returnedToCentre: { reasons: back.reasons, by: { userId: 'u-clerk' } }, stepDueAt: null });
    const late = submitted();
    const before = structuredClone(late.state);
    expect(() => late.run(back, 'u-clerk', '2026-11-27T19:00:00.000Z')).toThrow(expect.objectContaining({ code: 'returnToCentre.late', params: { deadline: '2026-11-27' } }));
    expect(late.state).toEqual(before);
    // Only whoever holds the package at its stage: at intake, the clerk.
    refused(submitted(), back, 'u-head', 'role.forbidden', { role: 'head', action: 'returnToCentre' });
    refused(submitted(), { ...back, reasons: '' }, 'u-clerk', 'field.required', { field: 'reasons' });
  });

  it('a register check left for later is recorded once, with what was found', () => {
    const d = device();
    d.run({ ...submit, registerChecks: { individuals: 'pending' } }, 'u-crew');
    refused(d, { type: 'checkRegister', caseId: 'case-1', check: 'individuals', status: 'online', note: '' }, 'u-clerk', 'field.required', { field: 'note' });
    d.run({ type: 'checkRegister', caseId: 'case-1', check: 'individuals', status: 'online', note: 'ЖТ МДБ: деректер сәйкес' }, 'u-clerk');
    expect(d.state).toMatchObject({ stage: 'intake', registerChecks: { individuals: { status: 'online', by: { userId: 'u-clerk' }, note: 'ЖТ МДБ: деректер сәйкес' } } });
    refused(d, { type: 'checkRegister', caseId: 'case-1', check: 'individuals', status: 'byHand', note: 'тағы' }, 'u-clerk', 'registerCheck.notPending');
    refused(d, { type: 'checkRegister', caseId: 'case-1', check: 'notary', status: 'byHand', note: 'сенімхат' }, 'u-clerk', 'registerCheck.notPending');
  });
});

describe('the result goes back to the field', () => {
  async function signed() {
    const d = submitted();
    d.run({ type: 'registerPackage', caseId: 'case-1' }, 'u-clerk');
    d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!, '2026-11-24T05:05:00.000Z') }, 'u-head', '2026-11-24T05:05:00.000Z');
    return d;
  }

  it('the crew that took it hands it over, writing down the identity document shown', async () => {
    const d = await signed();
    const handover = { type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: d.state!.applicant.name, idDocument: 'ЖК № 045112233' }, handedOverOn: '2026-11-24' };
    refused(d, { ...handover, recipient: { kind: 'applicant', name: 'А' } }, 'u-crew', 'field.required', { field: 'recipient.idDocument' });
    d.run(handover, 'u-crew');
    expect(d.state).toMatchObject({ stage: 'closed', handover: { recipient: { idDocument: 'ЖК № 045112233' }, by: { userId: 'u-crew', role: 'operator' } } });
  });

  it('another crew may neither read nor hand over what it did not take', async () => {
    const d = await signed();
    const handover = { type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'А', idDocument: 'ЖК' }, handedOverOn: '2026-11-24' };
    refused(d, handover, 'u-crew2', 'case.notYours', { regNumber: 'PVL-2026-K1-00001' });
  });
});

describe('on the crew’s laptop', () => {
  it('numbers each package apart, and a refused one leaves the store as it was', async () => {
    const db = newDb('crew');
    await staffedOffice(db, { officeCode: 'MOB', deviceCode: 'M1' }, [{ name: 'Бауыржан Төлеуов', roles: ['admin'] }, { name: 'Асқар Нұрғалиев', roles: ['operator'] }]);
    const crew = (await peopleOf(db))('operator');
    const data = { catalog, calendar };
    const first = await execute(db, data, crew, { ...submit, caseId: 'p-1' } as never);
    const second = await execute(db, data, crew, { ...submit, caseId: 'p-2' } as never);
    expect([first.regNumber, second.regNumber]).toEqual([expect.stringMatching(/^MOB-\d{4}-M1-00001$/), expect.stringMatching(/^MOB-\d{4}-M1-00002$/)]);

    const before = { events: await db.events.count(), cases: await db.cases.count(), device: await db.device.get('this') };
    await expect(execute(db, data, crew, { ...submit, caseId: 'p-3', scans: [scan('identity', MAX_SCAN_BYTES + 3)] } as never)).rejects.toMatchObject({ code: 'scan.tooLarge' });
    expect({ events: await db.events.count(), cases: await db.cases.count(), device: await db.device.get('this') }).toEqual(before);
  });
});

describe('pushing packages', () => {
  it('sends at most PUSH_BYTES of events a request, and never none', () => {
    const event = (bytes: number) => ({ id: 'e', payload: { data: 'x'.repeat(bytes) } }) as unknown as ChainEvent;
    const packages = Array.from({ length: 10 }, () => event(3_000_000));
    expect(withinPushBytes(packages)).toHaveLength(Math.floor(PUSH_BYTES / 3_000_100));
    const huge = [event(PUSH_BYTES * 2), event(10)];
    expect(withinPushBytes(huge)).toEqual([huge[0]]);
    const small = Array.from({ length: 500 }, () => event(100));
    expect(withinPushBytes(small)).toHaveLength(500);
  });
});
