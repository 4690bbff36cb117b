import { describe, expect, it } from 'vitest';
import { admitEvent, caseVerdict, type ChainEvent, emptyOfficeFold, foldEvents, journalPapers, outcomeOf, outcomesReport, receiptPapers, sentBack, staffFold, supersededBy } from '../../shared';
import { SAMPLES } from '../../shared/samples';
import { allChecked, catalog, device, intakeCommand, refused, resultDraft, sealFor, staff } from './fixtures';

const visa = { type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' };

function inReview(command: object = intakeCommand) {
  const d = device();
  d.run(command, 'u-clerk');
  d.run(visa, 'u-head');
  return d;
}

describe('representative (notarised power of attorney)', () => {
  const representative = { name: 'Бауыржан Нұров', iin: '800416300257', poaNumber: '2026-1187', poaDate: '2026-11-20', notary: 'Ә. Бекова', notarised: true };

  it('records the representative who applies for the applicant', () => {
    const d = device();
    d.run({ ...intakeCommand, representative }, 'u-clerk');
    const { notarised: _, ...recorded } = representative;
    expect(d.state!.representative).toEqual(recorded);
    // Typed as the paper shows it, kept without its «№»: every sentence adds its own.
    const typed = device();
    typed.run({ ...intakeCommand, representative: { ...representative, poaNumber: '№ 2026-1187' } }, 'u-clerk');
    expect(typed.state!.representative!.poaNumber).toBe('2026-1187');
  });

  it('does not accept a power of attorney that is not notarised, or one dated in the future', () => {
    refused(device(), { ...intakeCommand, representative: { ...representative, notarised: false } }, 'u-clerk', 'representative.notNotarised');
    refused(device(), { ...intakeCommand, representative: { ...representative, poaDate: '2026-11-25' } }, 'u-clerk', 'date.inFuture', { field: 'representative.poaDate' });
    refused(device(), { ...intakeCommand, representative: { ...representative, iin: '123' } }, 'u-clerk', 'iin.invalid', { field: 'representative.iin' });
  });

  it('is named on the receipt as the one who filed and took it, and may take the result', async () => {
    const d = device();
    d.run({ ...intakeCommand, representative }, 'u-clerk');
    const ctx = { office: { id: 'o', code: 'O', names: { kk: 'Бөлім', ru: 'Отдел' } }, offsetMinutes: 300, catalog };
    const [kk, ru] = receiptPapers(d.state!, ctx, ['kk', 'ru']).map((p) => JSON.stringify(p.blocks));
    expect(kk).toContain('Сәуле Жұмабекованың атынан сенімхат бойынша әрекет ететін Бауыржан Нұров азаматтан (азаматшадан) өтініш пен төмендегі құжаттар қабылданды.');
    expect(ru).toContain('От гражданина (гражданки) Бауыржан Нұров, действующего (действующей) по доверенности от имени Сәуле Жұмабековой, приняты');
    expect(kk).toContain('{"position":"Қолхатты алдым","name":"Бауыржан Нұров"}');
    expect(kk).toContain('Бауыржан Нұров, № 2026-1187,');
    expect(kk).not.toContain('№ №');
  });

  it('is refused as the recipient of a result filed without one', async () => {
    const d = device();
    d.run(intakeCommand, 'u-clerk');
    d.run(visa, 'u-head');
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
    refused(d, { type: 'handover', caseId: 'case-1', recipient: { kind: 'representative', name: 'Бауыржан Нұров' }, handedOverOn: '2026-11-24' }, 'u-clerk', 'handover.noRepresentative');
    const withOne = device();
    withOne.run({ ...intakeCommand, representative }, 'u-clerk');
    withOne.run(visa, 'u-head');
    withOne.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    withOne.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(withOne.state!) }, 'u-head');
    withOne.run({ type: 'handover', caseId: 'case-1', recipient: { kind: 'representative', name: 'Бауыржан Нұров' }, handedOverOn: '2026-11-24' }, 'u-clerk');
    expect(withOne.state!.handover!.recipient).toEqual({ kind: 'representative', name: 'Бауыржан Нұров' });
    const ctx = { office: { id: 'o', code: 'O', names: { kk: 'Бөлім', ru: 'Отдел' } }, offsetMinutes: 300, catalog };
    const journal = JSON.stringify(journalPapers('outgoing', [withOne.state!], '2026-11-24', '2026-11-24', ctx, ['kk'])[0]!.blocks);
    expect(journal).toContain('Бауыржан Нұров (өкілі), 24.11.2026');
    const incoming = JSON.stringify(journalPapers('incoming', [withOne.state!], '2026-11-24', '2026-11-24', ctx, ['ru'])[0]!.blocks);
    expect(incoming).toContain('Сәуле Жұмабекова (представитель: Бауыржан Нұров)');
  });

  it('is refused where the service does not allow one', () => {
    const s4 = SAMPLES['foster-care-placement']!;
    const command = { type: 'intake', caseId: 'case-1', serviceId: 'foster-care-placement', channel: 'office', applicant: s4.applicant, application: s4.application, documentsReceived: s4.documents, consent: true };
    refused(device(), { ...command, representative }, 'u-clerk', 'representative.notAllowed');
  });
});

describe('refusal after notice and hearing (APC art. 73)', () => {
  const notice = { type: 'noticeRefusal', caseId: 'case-1', grounds: ['unreliableData'], reasons: 'Қаулы жалған', hearingOn: '2026-11-26' };
  const hearing = { type: 'recordHearing', caseId: 'case-1', heardOn: '2026-11-26', attended: true, statement: 'Келіспеймін' };
  /** The day set for the hearing, 10:00 in the office. */
  const HEARING_DAY = '2026-11-26T05:00:00.000Z';

  it('records the notice and the hearing in the history, the case staying with the specialist', () => {
    const d = inReview();
    d.run(notice, 'u-spec');
    d.run(hearing, 'u-spec', HEARING_DAY);
    expect(d.state).toMatchObject({
      stage: 'review',
      refusalNotice: { grounds: ['unreliableData'], hearingOn: '2026-11-26' },
      hearing: { heardOn: '2026-11-26', attended: true, statement: 'Келіспеймін' },
    });
    expect(d.state!.history.at(-1)).toMatchObject({ type: 'case.heard', note: 'Келіспеймін' });
  });

  it('lets the specialist give the result after all once the applicant was heard', () => {
    const d = inReview();
    d.run(notice, 'u-spec');
    d.run(hearing, 'u-spec', HEARING_DAY);
    const checks = { application: true, identity: true, childBirthCertificate: true };
    d.run({ type: 'review', caseId: 'case-1', documentChecks: checks, draft: { outcome: 'result', variant: 'certificate', fields: SAMPLES['guardianship-certificate']!.draft } }, 'u-spec');
    expect(d.state!.stage).toBe('signing');
  });

  it('refuses a hearing before the notice, in the future, or without what the applicant said', () => {
    refused(inReview(), hearing, 'u-spec', 'refusal.noNotice');
    const d = inReview();
    d.run(notice, 'u-spec', HEARING_DAY);
    refused(d, { ...hearing, heardOn: '2026-11-27' }, 'u-spec', 'refusal.hearingInFuture');
    refused(d, { ...hearing, heardOn: '2026-11-23' }, 'u-spec', 'refusal.hearingBeforeNotice');
    refused(d, { ...hearing, statement: ' ' }, 'u-spec', 'field.required', { field: 'statement' });
    d.run({ ...hearing, attended: false, statement: '' }, 'u-spec');
    expect(d.state!.hearing).toEqual({ heardOn: '2026-11-26', attended: false, statement: '' });
  });

  it('refuses a hearing recorded before the day the notice set for it (4.12 is not held on 2.12)', () => {
    const d = inReview();
    // Told on 25.11 that the hearing is on 26.11; on the 25th the specialist writes it down as held that day.
    d.run(notice, 'u-spec', '2026-11-25T05:00:00.000Z');
    refused(d, { ...hearing, heardOn: '2026-11-25' }, 'u-spec', 'refusal.hearingBeforeDate', { hearingOn: '2026-11-26' });
    // On the day itself, and later, it is recorded.
    d.run(hearing, 'u-spec', HEARING_DAY);
    expect(d.state!.hearing?.heardOn).toBe('2026-11-26');
  });

  it('is refused so by every device and the hub too, for a hearing event another device wrote early', () => {
    const d = inReview();
    d.run(notice, 'u-spec', '2026-11-25T05:00:00.000Z');
    const noticed = structuredClone(d.state!);
    // What the tampered or outdated device wrote: the hearing of the 26th, recorded on the 25th.
    const written = d.run(hearing, 'u-spec', HEARING_DAY) as ChainEvent;
    const early = { ...written, payload: { ...written.payload, heardOn: '2026-11-25' } } as ChainEvent;
    const office = { ...emptyOfficeFold('anchor'), staff: staffFold(staff) };
    const refusedAs = { status: 'rejected', reason: { code: 'refusal.hearingBeforeDate', params: { hearingOn: '2026-11-26' } } };
    expect(caseVerdict(early, noticed)).toEqual(refusedAs);
    expect(admitEvent(early, noticed, office, new Set(), null)).toEqual(refusedAs);
    // The same event with the day it was held passes, and folds the hearing in.
    expect(admitEvent(written, noticed, office, new Set(), null)).toMatchObject({ status: 'accepted', state: { hearing: { heardOn: '2026-11-26' } } });
  });

  it('refuses a notice with a hearing in the past, without grounds, or in a service without hearings', () => {
    refused(inReview(), { ...notice, hearingOn: '2026-11-23' }, 'u-spec', 'refusal.hearingInPast');
    refused(inReview(), { ...notice, grounds: [] }, 'u-spec', 'review.refusalGroundsRequired');
    refused(inReview(), notice, 'u-spec2', 'review.notAssigned');
    const s6 = SAMPLES['tvet-dormitory-referral']!;
    const d = inReview({ type: 'intake', caseId: 'case-1', serviceId: 'tvet-dormitory-referral', channel: 'office', applicant: s6.applicant, application: s6.application, documentsReceived: s6.documents, consent: true });
    refused(d, { ...notice, grounds: ['noPlaces'] }, 'u-spec', 'refusal.hearingNotUsed');
    // Without hearings, a refusal is drafted straight away.
    d.run({ type: 'review', caseId: 'case-1', documentChecks: {}, draft: { outcome: 'refusal', grounds: ['noPlaces'], reasons: 'Орын жоқ' } }, 'u-spec');
    expect(d.state!.draft?.outcome).toBe('refusal');
  });
});

describe('deadline extension', () => {
  const extend = { type: 'extend', caseId: 'case-1', reason: 'Мұрағаттан сұрау салынды', stepDueOn: '2026-12-01', termDueOn: '2026-12-02' };

  it('moves the step and term due dates, keeps the step’s start, and shows the reason in the history', () => {
    const d = inReview();
    const started = d.state!.stepStartedAt;
    d.run(extend, 'u-head');
    expect(d.state).toMatchObject({ stage: 'review', stepDueAt: '2026-12-01T18:59:59.999Z', termDueAt: '2026-12-02T18:59:59.999Z', stepStartedAt: started });
    expect(d.state!.history.at(-1)).toMatchObject({ type: 'case.extended', note: 'Мұрағаттан сұрау салынды', actor: { role: 'head' } });
  });

  it('is the head’s, needs a reason, and only moves dates later', () => {
    refused(inReview(), extend, 'u-spec', 'role.forbidden');
    refused(inReview(), { ...extend, reason: '' }, 'u-head', 'field.required', { field: 'reason' });
    refused(inReview(), { ...extend, termDueOn: '2026-11-26' }, 'u-head', 'extend.earlier');
    refused(inReview(), { ...extend, stepDueOn: '2026-12-03' }, 'u-head', 'extend.stepAfterTerm');
    refused(inReview(), { ...extend, stepDueOn: '2026-11-27', termDueOn: '2026-11-27' }, 'u-head', 'extend.unchanged');
    refused(inReview(), { ...extend, stepDueOn: '01.12.2026' }, 'u-head', 'field.invalid', { field: 'stepDueOn' });
  });
});

describe('defective package returned to the service centre', () => {
  const back = { type: 'returnToCentre', caseId: 'case-1', reasons: 'Туу туралы куәліктің көшірмесі оқылмайды' };

  it('closes the case with the written reasons', () => {
    const d = inReview();
    d.run(back, 'u-spec');
    expect(d.state).toMatchObject({ stage: 'closed', stepDueAt: null, returnedToCentre: { reasons: back.reasons } });
    expect(d.state!.history.at(-1)).toMatchObject({ type: 'case.returnedToCentre', note: back.reasons });
  });

  it('is possible for the head at the visa too', () => {
    const d = device();
    d.run(intakeCommand, 'u-clerk');
    d.run(back, 'u-head');
    expect(d.state!.stage).toBe('closed');
  });

  it('is refused after three working days: the provider must then decide', () => {
    // Registered Tuesday 24 Nov: Wed, Thu, Fri → the last moment is the end of Friday 27 Nov.
    const late = inReview();
    const before = structuredClone(late.state);
    expect(() => late.run(back, 'u-spec', '2026-11-27T19:00:00.000Z')).toThrow(expect.objectContaining({ code: 'returnToCentre.late', params: { deadline: '2026-11-27' } }));
    expect(late.state).toEqual(before);
    const inTime = inReview();
    inTime.run(back, 'u-spec', '2026-11-27T18:00:00.000Z');
    expect(inTime.state!.stage).toBe('closed');
  });

  it('is only for packages that came from a centre, with written reasons', () => {
    const s7 = SAMPLES['tvet-document-duplicate']!;
    const fromWindow = inReview({ type: 'intake', caseId: 'case-1', serviceId: 'tvet-document-duplicate', channel: 'office', applicant: s7.applicant, application: s7.application, documentsReceived: s7.documents, consent: true });
    refused(fromWindow, back, 'u-spec', 'returnToCentre.notFromCentre');
    refused(inReview(), { ...back, reasons: '' }, 'u-spec', 'field.required', { field: 'reasons' });
    refused(inReview(), back, 'u-clerk', 'role.forbidden');
  });
});

describe('correction of the registered data before signing (issue 24)', () => {
  const correct = {
    type: 'correct',
    caseId: 'case-1',
    applicant: { name: 'Сәуле Жұмабекқызы', address: intakeCommand.applicant.address, phone: intakeCommand.applicant.phone },
    application: { ...intakeCommand.application, decisionNumber: '1234/6' },
    reason: 'Аты-жөні жеке куәлікпен салыстырылды',
  };
  function atSigning() {
    const d = inReview();
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    return d;
  }

  it('changes the applicant and the application, keeps the stage, and the history shows old → new with the reason', () => {
    const d = inReview();
    d.run(correct, 'u-clerk');
    expect(d.state).toMatchObject({ stage: 'review', applicant: { name: 'Сәуле Жұмабекқызы', iin: intakeCommand.applicant.iin }, application: { decisionNumber: '1234/6', childName: 'Әлихан Жұмабеков' } });
    expect(d.state!.history.at(-1)).toMatchObject({
      type: 'case.corrected',
      stage: 'review',
      note: correct.reason,
      actor: { role: 'clerk' },
      changes: [
        { path: 'applicant.name', old: 'Сәуле Жұмабекова', new: 'Сәуле Жұмабекқызы' },
        { path: 'application.decisionNumber', old: '1234/5', new: '1234/6' },
      ],
    });
    expect(d.events.at(-1)!.payload).toMatchObject({ from: 'review', changes: [{ path: 'applicant.name' }, { path: 'application.decisionNumber' }] });
    // The receipt printed from now on names the applicant as corrected.
    const ctx = { office: { id: 'o', code: 'O', names: { kk: 'Бөлім', ru: 'Отдел' } }, offsetMinutes: 300, catalog };
    expect(JSON.stringify(receiptPapers(d.state!, ctx, ['kk']).map((p) => p.blocks))).toContain('Сәуле Жұмабекқызы');
  });

  it('checks the fields as intake does, and needs a change and a reason', () => {
    refused(inReview(), { ...correct, reason: ' ' }, 'u-clerk', 'field.required', { field: 'reason' });
    refused(inReview(), { ...correct, applicant: { name: intakeCommand.applicant.name }, application: intakeCommand.application }, 'u-clerk', 'correct.unchanged');
    refused(inReview(), { ...correct, applicant: { ...correct.applicant, phone: '123' } }, 'u-clerk', 'phone.invalid', { field: 'applicant.phone' });
    refused(inReview(), { ...correct, applicant: { ...correct.applicant, name: '' } }, 'u-clerk', 'field.required', { field: 'applicant.name' });
    refused(inReview(), { ...correct, application: { ...correct.application, childIin: '123' } }, 'u-clerk', 'iin.invalid', { field: 'application.childIin' });
    refused(inReview(), correct, 'u-spec', 'role.forbidden');
  });

  it('is refused once a draft is at signing, and after handover, when the paper is the applicant’s', async () => {
    refused(atSigning(), correct, 'u-clerk', 'correct.atSigning');
    const signed = atSigning();
    signed.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(signed.state!) }, 'u-head');
    signed.run({ type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'Сәуле Жұмабекова' }, handedOverOn: '2026-11-24' }, 'u-clerk');
    refused(signed, correct, 'u-clerk', 'correct.afterSigning');
  });

  it('after signing supersedes the signed result: the specialist drafts a new paper from the corrected data, the head signs it again', async () => {
    const d = atSigning();
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
    const first = d.state!.seal!;
    d.run(correct, 'u-clerk');
    expect(d.state).toMatchObject({ stage: 'review', supersededSeals: [first], applicant: { name: 'Сәуле Жұмабекқызы' } });
    expect(d.state!.seal).toBeUndefined();
    // The draft's copy of the corrected fact follows it; its declined names are made again from the new name.
    expect(d.state!.draft).toMatchObject({ outcome: 'result', fields: { decisionNumber: '1234/6' } });
    expect(d.state!.draft).not.toHaveProperty('forms');
    expect(supersededBy(d.state!)).toMatchObject({ type: 'case.corrected', note: correct.reason });
    expect(sentBack(d.state!)).toBeUndefined();
    // A correction during the new review is no longer the one that opened it.
    d.run({ ...correct, applicant: { ...correct.applicant, phone: '+7 701 000 00 00' }, reason: 'Телефоны' }, 'u-clerk');
    expect(supersededBy(d.state!)).toMatchObject({ note: correct.reason });
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
    expect(d.state!.seal!.payload!.to).toBe('Сәуле Жұмабекқызы');
    expect(d.state!.seal!.text).not.toBe(first.text);
    expect(d.state!.supersededSeals).toEqual([first]);
    // Every other device folds the same history to the same case.
    expect(foldEvents(d.events)).toEqual(d.state);
  });

  it('is refused by every device and the hub for a correction written on a stale stage, by a head, or emptying a name', () => {
    const d = inReview();
    const before = structuredClone(d.state!);
    const written = d.run(correct, 'u-clerk') as ChainEvent;
    const office = { ...emptyOfficeFold('anchor'), staff: staffFold(staff) };
    expect(admitEvent(written, before, office, new Set(), null)).toMatchObject({ status: 'accepted', state: { applicant: { name: 'Сәуле Жұмабекқызы' } } });
    const stale = { ...written, payload: { ...written.payload, from: 'visa' } } as ChainEvent;
    expect(caseVerdict(stale, before)).toMatchObject({ status: 'rejected', reason: { code: 'stage.wrong' } });
    const byHead = { ...written, actor: { userId: 'u-head', role: 'head', name: 'Нұрлан Қасымов' } } as ChainEvent;
    expect(admitEvent(byHead, before, office, new Set(), null)).toMatchObject({ status: 'rejected', reason: { code: 'role.forbidden', params: { action: 'correct' } } });
    const emptied = { ...written, payload: { ...written.payload, changes: [{ path: 'applicant.name', old: 'Сәуле Жұмабекова', new: ' ' }] } } as ChainEvent;
    expect(admitEvent(emptied, before, office, new Set(), null)).toMatchObject({ status: 'rejected', reason: { code: 'field.required' } });
    const otherPath = { ...written, payload: { ...written.payload, changes: [{ path: 'applicant.iin', old: '1', new: '2' }] } } as ChainEvent;
    expect(admitEvent(otherPath, before, office, new Set(), null)).toMatchObject({ status: 'rejected', reason: { code: 'field.invalid' } });
  });
});

describe('withdrawal at the applicant’s request (issue 24)', () => {
  const withdraw = { type: 'withdraw', caseId: 'case-1', reason: 'Өтінішті басқа ауданға беремін', requestedOn: '2026-11-24' };
  const ctx = { office: { id: 'o', code: 'O', names: { kk: 'Бөлім', ru: 'Отдел' } }, offsetMinutes: 300, catalog };

  it('closes the open case with the request’s date and words; the outcome, the reports and the journal say withdrawn', () => {
    const d = inReview();
    d.run(withdraw, 'u-clerk');
    expect(d.state).toMatchObject({ stage: 'closed', stepDueAt: null, withdrawn: { reason: withdraw.reason, requestedOn: '2026-11-24', by: { userId: 'u-clerk' } } });
    expect(d.state!.history.at(-1)).toMatchObject({ type: 'case.withdrawn', stage: 'closed', note: withdraw.reason });
    expect(outcomeOf(d.state!)).toBe('withdrawn');
    expect(outcomesReport([d.state!]).rows).toEqual([{ serviceId: 'guardianship-certificate', registered: 1, results: 0, refusals: 0, returnedToCentre: 0, withdrawn: 1, open: 0 }]);
    expect(JSON.stringify(journalPapers('incoming', [d.state!], '2026-11-24', '2026-11-24', ctx, ['kk', 'ru']).map((p) => p.blocks))).toMatch(/Өтініш кері қайтарылды.*Заявление отозвано/);
  });

  it('is the clerk’s, needs the request’s words and a date between registration and today, and not after signing', async () => {
    refused(inReview(), withdraw, 'u-head', 'role.forbidden');
    refused(inReview(), { ...withdraw, reason: '' }, 'u-clerk', 'field.required', { field: 'reason' });
    refused(inReview(), { ...withdraw, requestedOn: '2026-11-25' }, 'u-clerk', 'date.inFuture', { field: 'requestedOn' });
    refused(inReview(), { ...withdraw, requestedOn: '2026-11-23' }, 'u-clerk', 'withdraw.beforeRegistration');
    refused(inReview(), { ...withdraw, requestedOn: '24.11.2026' }, 'u-clerk', 'field.invalid', { field: 'requestedOn' });
    const signed = inReview();
    signed.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    signed.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(signed.state!) }, 'u-head');
    refused(signed, withdraw, 'u-clerk', 'stage.wrong', { stage: 'handover', action: 'withdraw' });
  });

  it('is refused by every device and the hub from a stale stage or without its date', () => {
    const d = inReview();
    const before = structuredClone(d.state!);
    const written = d.run(withdraw, 'u-clerk') as ChainEvent;
    const office = { ...emptyOfficeFold('anchor'), staff: staffFold(staff) };
    expect(admitEvent(written, before, office, new Set(), null)).toMatchObject({ status: 'accepted', state: { stage: 'closed' } });
    expect(caseVerdict({ ...written, payload: { ...written.payload, from: 'signing' } } as ChainEvent, before)).toMatchObject({ status: 'rejected', reason: { code: 'stage.wrong' } });
    expect(admitEvent({ ...written, payload: { ...written.payload, requestedOn: undefined } } as unknown as ChainEvent, before, office, new Set(), null)).toMatchObject({ status: 'rejected', reason: { code: 'field.required', params: { field: 'requestedOn' } } });
  });
});
