import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { admitEvent, emptyOfficeFold, MAX_EVENT_TEXT, officeVerdict, staffFold, type CaseEvent, type Command } from '../../shared';
import { lock, saveStaffMember, signIn } from '../../renderer/store/accounts';
import { execute } from '../../renderer/store/commands';
import { newDb, PASSWORD, peopleOf, staffedOffice } from '../syncOffice';
import { allChecked, atStage, calendar, catalog, device, intakeCommand, NOW, refused, resultDraft, sealFor, staff } from './fixtures';

/*
 * Issue 24, "Impossible values are accepted": the bounds hold in the commands, so a refused one
 * changes nothing; the rulebook keeps a looser cap on length only, so that events older versions
 * wrote stay valid at the hub and on every device.
 */

const long = (n: number) => 'А'.repeat(n);

/** A signed result waiting for handover. */
async function atHandover() {
  const d = atStage('signing');
  d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
  return d;
}

describe('the commands refuse what nobody could have typed, and change nothing', () => {
  it('refuses a 20,000-character name and a child born in the future, as the issue found them', () => {
    refused(device(), { ...intakeCommand, applicant: { ...intakeCommand.applicant, name: long(20_000) } }, 'u-clerk', 'field.tooLong', { field: 'applicant.name', max: 200, length: 20_000 });
    refused(device(), { ...intakeCommand, application: { ...intakeCommand.application, childBirthDate: '2027-05-01', childIin: '' } }, 'u-clerk', 'date.birthInFuture', { field: 'application.childBirthDate' });
    refused(device(), { ...intakeCommand, applicant: { ...intakeCommand.applicant, phone: '123456789' } }, 'u-clerk', 'phone.invalid', { field: 'applicant.phone', format: '+7 7XX XXX XX XX' });
  });

  it('keeps the phone as the format prints it', () => {
    const d = device();
    d.run({ ...intakeCommand, applicant: { ...intakeCommand.applicant, phone: '8 (701) 123-45-67' } }, 'u-clerk');
    expect(d.state!.applicant.phone).toBe('+7 701 123 45 67');
  });

  it('bounds the representative, the package’s place and each text of a later step', async () => {
    const representative = { name: 'Бауыржан Нұров', iin: '800416300257', poaNumber: '2026-1187', poaDate: '1899-01-01', notary: 'Ә. Бекова', notarised: true };
    refused(device(), { ...intakeCommand, representative }, 'u-clerk', 'date.outOfRange', { field: 'representative.poaDate', earliest: '1900-01-01', latest: '2099-12-31' });
    refused(device(), { ...intakeCommand, representative: { ...representative, poaDate: '2026-11-20', notary: long(201) } }, 'u-clerk', 'field.tooLong', { field: 'representative.notary', max: 200 });
    refused(device(), { ...intakeCommand, type: 'submit', channel: 'mobile-centre', place: long(201), registerChecks: { individuals: 'byHand' }, scans: [] }, 'u-crew', 'field.tooLong', { field: 'place' });

    refused(atStage('visa'), { type: 'visa', caseId: 'case-1', resolution: long(2001), specialistId: 'u-spec' }, 'u-head', 'field.tooLong', { field: 'resolution', max: 2000, length: 2001 });
    refused(atStage('visa'), { type: 'extend', caseId: 'case-1', reason: 'Сұрау', stepDueOn: '2026-11-30', termDueOn: '2100-01-01' }, 'u-head', 'date.outOfRange', { field: 'termDueOn' });
    const review = atStage('review');
    refused(review, { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: { outcome: 'refusal', grounds: ['unreliableData'], reasons: long(2001) } }, 'u-spec', 'field.tooLong', { field: 'draft.reasons' });
    refused(review, { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: { ...resultDraft, fields: { ...resultDraft.fields, childBirthDate: '2030-01-01' } } }, 'u-spec', 'date.birthInFuture', { field: 'draft.childBirthDate' });
    refused(atStage('signing'), { type: 'return', caseId: 'case-1', reason: long(2001) }, 'u-head', 'field.tooLong', { field: 'reason' });
    const handover = await atHandover();
    refused(handover, { type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: long(201) }, handedOverOn: '2026-11-24' }, 'u-clerk', 'field.tooLong', { field: 'recipient.name' });
    refused(handover, { type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'Сәуле', idDocument: long(201) }, handedOverOn: '2026-11-24' }, 'u-clerk', 'field.tooLong', { field: 'recipient.idDocument' });
  });

  it('leaves the store as it was when the device refuses', async () => {
    const db = newDb('limits');
    await staffedOffice(db, { officeCode: 'PVL' }, [{ name: 'Бауыржан Төлеуов', roles: ['admin'] }, { name: 'Әйгерім Сәрсенова', roles: ['clerk'] }], new Date(NOW));
    const as = await peopleOf(db);
    lock(db);
    await signIn(db, as('clerk').userId, PASSWORD, new Date(NOW));
    const before = { events: await db.events.count(), cases: await db.cases.count(), device: await db.device.get('this') };
    const command = { ...intakeCommand, applicant: { ...intakeCommand.applicant, name: long(20_000) } } as Command;
    await expect(execute(db, { catalog, calendar }, as('clerk'), command, new Date(NOW))).rejects.toMatchObject({ code: 'field.tooLong', params: { field: 'applicant.name' } });
    expect({ events: await db.events.count(), cases: await db.cases.count(), device: await db.device.get('this') }).toEqual(before);
    // So does the staff list for a name of that length.
    lock(db);
    await signIn(db, as('admin').userId, PASSWORD, new Date(NOW));
    const staffBefore = await db.staff.toArray();
    await expect(saveStaffMember(db, as('admin'), { name: long(201), roles: ['clerk'], active: true, password: { password: PASSWORD, repeat: PASSWORD } }, new Date(NOW))).rejects.toMatchObject({
      code: 'field.tooLong',
      params: { field: 'staff.name', max: 200, length: 201 },
    });
    expect(await db.staff.toArray()).toEqual(staffBefore);
  });
});

describe('the rulebook keeps events older versions wrote', () => {
  const office = { ...emptyOfficeFold(''), staff: staffFold(staff) };
  /** The intake event a version before issue 24 could write: the same event, with its payload changed. */
  function olderIntake(change: (payload: Record<string, unknown>) => Record<string, unknown>): CaseEvent {
    const d = device();
    const event = d.run(intakeCommand, 'u-clerk');
    return { ...event, payload: change(event.payload as Record<string, unknown>) } as CaseEvent;
  }
  const verdict = (event: CaseEvent) => admitEvent(event, undefined, office, new Set(), null);

  it('accepts the 20,000-character name, a child born «in the future» and any phone, which only new commands refuse', () => {
    const applicant = { ...intakeCommand.applicant, name: long(20_000), phone: '12' };
    const event = olderIntake((p) => ({ ...p, applicant, application: { ...(p.application as object), childBirthDate: '2027-05-01', childName: long(30_000) } }));
    expect(verdict(event)).toMatchObject({ status: 'accepted' });
  });

  it('refuses a text over its hard cap, anywhere in the payload, saying so', () => {
    const byName = olderIntake((p) => ({ ...p, applicant: { ...intakeCommand.applicant, name: long(MAX_EVENT_TEXT + 1) } }));
    expect(officeVerdict(byName, office, new Set())).toMatchObject({ status: 'rejected', reason: { code: 'field.tooLong', params: { field: 'applicant.name', max: MAX_EVENT_TEXT, length: MAX_EVENT_TEXT + 1 } } });
    const inForm = olderIntake((p) => ({ ...p, application: { ...(p.application as object), children: [{ name: long(MAX_EVENT_TEXT + 1) }] } }));
    expect(verdict(inForm)).toMatchObject({ status: 'rejected', reason: { code: 'field.tooLong', params: { field: 'application.children.0.name', max: MAX_EVENT_TEXT } } });
    expect(verdict(olderIntake((p) => ({ ...p, application: { ...(p.application as object), childName: long(MAX_EVENT_TEXT) } })))).toMatchObject({ status: 'accepted' });
  });
});
