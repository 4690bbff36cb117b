import { describe, expect, it } from 'vitest';
import { commandsFor, decide, foldEvents, generateSigningKey, sentBack, timeline, type Draft } from '../../shared';
import { SAMPLES } from '../../shared/samples';
import { allChecked, atStage, catalog, context, device, headKey, headKeyRecord, intakeCommand, NOW, oneCommandOfEach, refused, resultDraft, sealFor } from './fixtures';

describe('intake', () => {
  it('registers the application with its number, the step due and the term the receipt promises', () => {
    const d = device();
    const event = d.run(intakeCommand, 'u-clerk');
    expect(event.type).toBe('case.registered');
    expect(d.state).toMatchObject({ stage: 'visa', regNumber: 'PVL-2026-K1-00001', applicant: { name: 'Сәуле Жұмабекова' } });
    // 10:00 on Tue 24 Nov + 20 minutes for the head's visa.
    expect(d.state!.stepDueAt).toBe('2026-11-24T05:20:00.000Z');
    // 3 working days, the acceptance day not counted: Wed, Thu, Fri → end of Friday 27 Nov, Kazakhstan time.
    expect(d.state!.termDueAt).toBe('2026-11-27T18:59:59.999Z');
  });

  it('records the consent to processing personal data: who gave it and for what; without it nothing is registered', () => {
    const d = device();
    d.run(intakeCommand, 'u-clerk');
    expect(d.state!.consent).toEqual({ by: 'Сәуле Жұмабекова', purpose: { kk: expect.stringContaining('мемлекеттік қызметін көрсету'), ru: expect.stringContaining('оказание государственной услуги') } });
    refused(device(), { ...intakeCommand, consent: false }, 'u-clerk', 'intake.consentRequired');
  });

  it('is the clerk’s', () => {
    refused(device(), intakeCommand, 'u-head', 'role.forbidden', { role: 'head', action: 'intake' });
  });

  it('refuses a missing or wrong IIN', () => {
    refused(device(), { ...intakeCommand, applicant: { ...intakeCommand.applicant, iin: '' } }, 'u-clerk', 'field.required', { field: 'applicant.iin' });
    refused(device(), { ...intakeCommand, applicant: { ...intakeCommand.applicant, iin: '871008401428' } }, 'u-clerk', 'iin.invalid', { reason: 'checksum' });
  });

  it('refuses a missing application field, naming it', () => {
    const { childName: _, ...application } = intakeCommand.application;
    refused(device(), { ...intakeCommand, application }, 'u-clerk', 'field.required', { field: 'application.childName' });
  });

  it('refuses an impossible date and an unknown choice', () => {
    refused(device(), { ...intakeCommand, application: { ...intakeCommand.application, childBirthDate: '2015-02-30' } }, 'u-clerk', 'field.invalid', { field: 'application.childBirthDate' });
    refused(device(), { ...intakeCommand, application: { ...intakeCommand.application, guardianshipKind: 'adoption' } }, 'u-clerk', 'field.invalid', { field: 'application.guardianshipKind' });
  });

  it('refuses an incomplete package, naming the missing documents', () => {
    refused(device(), { ...intakeCommand, documentsReceived: ['application'] }, 'u-clerk', 'intake.documentsMissing', { documents: 'identity,childBirthCertificate' });
  });

  it('refuses an unknown service, a channel the service does not have, and an unknown document', () => {
    refused(device(), { ...intakeCommand, serviceId: 'no-such-service' }, 'u-clerk', 'service.unknown');
    refused(device(), { ...intakeCommand, channel: 'office' }, 'u-clerk', 'channel.unknown');
    refused(device(), { ...intakeCommand, documentsReceived: [...intakeCommand.documentsReceived, 'passport-scan'] }, 'u-clerk', 'document.unknown');
  });

  it('refuses a malformed command', () => {
    refused(device(), { ...intakeCommand, applicant: undefined }, 'u-clerk', 'field.required', { field: 'applicant' });
  });

  it('refuses registering a case twice', () => {
    refused(atStage('visa'), intakeCommand, 'u-clerk', 'case.exists');
  });
});

describe('head visa', () => {
  const visa = { type: 'visa', caseId: 'case-1', resolution: 'Қарап, анықтама дайындалсын', specialistId: 'u-spec' };

  it('records the resolution and the responsible specialist', () => {
    const d = atStage('visa');
    d.run(visa, 'u-head');
    expect(d.state).toMatchObject({ stage: 'review', resolution: visa.resolution, specialist: { userId: 'u-spec', name: 'Гүлнар Өмірбекова' } });
    // The review step (3 working days) starts now: 10:01 Tue → end of Fri 27 Nov.
    expect(d.state!.stepDueAt).toBe('2026-11-27T18:59:59.999Z');
  });

  it('is the head’s', () => refused(atStage('visa'), visa, 'u-clerk', 'role.forbidden'));
  it('needs a resolution text', () => refused(atStage('visa'), { ...visa, resolution: '   ' }, 'u-head', 'field.required', { field: 'resolution' }));
  it('assigns only an active specialist', () => {
    refused(atStage('visa'), { ...visa, specialistId: 'u-clerk' }, 'u-head', 'specialist.unknown');
    refused(atStage('visa'), { ...visa, specialistId: 'u-gone' }, 'u-head', 'specialist.unknown');
  });
  it('happens once', () => refused(atStage('review'), visa, 'u-head', 'stage.wrong', { stage: 'review', action: 'visa' }));
  it('needs a registered case', () => refused(device(), visa, 'u-head', 'case.notFound'));
});

describe('reassignment', () => {
  const reassign = { type: 'reassign', caseId: 'case-1', specialistId: 'u-spec2', reason: 'Гүлнар Өмірбекова демалыста' };

  it('gives the review to another specialist with the reason; the step keeps its due time, and only the new one may draft', () => {
    const d = atStage('review');
    const due = d.state!.stepDueAt;
    d.run(reassign, 'u-head');
    expect(d.state).toMatchObject({ stage: 'review', specialist: { userId: 'u-spec2', name: 'Дәурен Ғабитов' }, stepDueAt: due });
    expect(d.state!.history.at(-1)).toMatchObject({ type: 'case.reassigned', note: reassign.reason });
    refused(d, { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec', 'review.notAssigned', { specialist: 'Дәурен Ғабитов' });
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec2');
    expect(d.state!.stage).toBe('signing');
  });
  it('is the head’s', () => refused(atStage('review'), reassign, 'u-spec', 'role.forbidden'));
  it('needs a reason', () => refused(atStage('review'), { ...reassign, reason: ' ' }, 'u-head', 'field.required', { field: 'reassignReason' }));
  it('names another active specialist', () => {
    refused(atStage('review'), { ...reassign, specialistId: 'u-spec' }, 'u-head', 'reassign.sameSpecialist', { name: 'Гүлнар Өмірбекова' });
    refused(atStage('review'), { ...reassign, specialistId: 'u-gone' }, 'u-head', 'specialist.unknown');
    refused(atStage('review'), { ...reassign, specialistId: 'u-clerk' }, 'u-head', 'specialist.unknown');
  });
  it('happens during the review only', () => {
    refused(atStage('visa'), reassign, 'u-head', 'stage.wrong', { stage: 'visa', action: 'reassign' });
    refused(atStage('signing'), reassign, 'u-head', 'stage.wrong', { stage: 'signing', action: 'reassign' });
  });
});

describe('specialist review', () => {
  const review = { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft };

  it('drafts the result and sends it for signature; the running step keeps its due time', () => {
    const d = atStage('review');
    const due = d.state!.stepDueAt;
    d.run(review, 'u-spec');
    expect(d.state).toMatchObject({ stage: 'signing', draft: resultDraft, stepDueAt: due });
  });

  it('drafts a reasoned refusal without every document checked, after the applicant was heard', () => {
    const d = atStage('review');
    d.run({ type: 'noticeRefusal', caseId: 'case-1', grounds: ['noGuardianshipDecision'], reasons: 'Әкімдік қаулысы табылмады', hearingOn: '2026-11-24' }, 'u-spec');
    d.run({ type: 'recordHearing', caseId: 'case-1', heardOn: '2026-11-24', attended: true, statement: 'Қаулының көшірмесі жоқ' }, 'u-spec');
    d.run({ ...review, documentChecks: { application: true }, draft: { outcome: 'refusal', grounds: ['noGuardianshipDecision'], reasons: 'Әкімдік қаулысы табылмады' } }, 'u-spec');
    expect(d.state!.draft).toEqual({ outcome: 'refusal', grounds: ['noGuardianshipDecision'], reasons: 'Әкімдік қаулысы табылмады' });
    expect(d.state!.history.map((h) => h.type)).toEqual(['case.registered', 'case.visaed', 'case.refusalNoticed', 'case.heard', 'case.drafted']);
  });

  it('is only the assigned specialist’s', () => {
    refused(atStage('review'), review, 'u-spec2', 'review.notAssigned', { specialist: 'Гүлнар Өмірбекова' });
    refused(atStage('review'), review, 'u-head', 'role.forbidden');
  });
  it('needs every required document checked for a result', () => {
    refused(atStage('review'), { ...review, documentChecks: { ...allChecked, identity: false } }, 'u-spec', 'review.documentsUnchecked', { documents: 'identity' });
  });
  it('needs the result’s fields', () => {
    refused(atStage('review'), { ...review, draft: { outcome: 'result', fields: { ...resultDraft.fields, property: '' } } }, 'u-spec', 'field.required', { field: 'draft.property' });
  });
  it('needs grounds and reasons for a refusal', () => {
    refused(atStage('review'), { ...review, draft: { outcome: 'refusal', grounds: [], reasons: 'x' } }, 'u-spec', 'review.refusalGroundsRequired');
    refused(atStage('review'), { ...review, draft: { outcome: 'refusal', grounds: ['unreliableData'], reasons: '' } }, 'u-spec', 'field.required', { field: 'draft.reasons' });
    refused(atStage('review'), { ...review, draft: { outcome: 'refusal', grounds: ['unreliableData'], reasons: 'x' } }, 'u-spec', 'refusal.hearingRequired');
    refused(atStage('review'), { ...review, draft: { outcome: 'refusal', grounds: ['made-up'], reasons: 'x' } }, 'u-spec', 'field.invalid', { field: 'draft.grounds' });
  });
  it('comes after the visa', () => refused(atStage('visa'), review, 'u-spec', 'stage.wrong', { stage: 'visa' }));

  it('declines the names the wording needs, and keeps the specialist’s correction of one', () => {
    const d = atStage('review');
    d.run({ ...review, draft: { ...resultDraft, forms: { 'ru.childName:gen': 'Алихана Жумабекова' } } }, 'u-spec');
    const draft = d.state!.draft as Extract<Draft, { outcome: 'result' }>;
    expect(draft.forms).toMatchObject({ 'kk.childName:dat': 'Әлихан Жұмабековқа', 'kk.to:dat': 'Сәуле Жұмабековаға', 'ru.to:dat': 'Сәуле Жұмабековой', 'ru.childName:gen': 'Алихана Жумабекова' });
  });

  it('asks where a portal applicant comes only when the application came by the portal (seed 004)', () => {
    const s4 = SAMPLES['foster-care-placement']!;
    const atReview = (channel: string) => {
      const d = device();
      d.run({ type: 'intake', caseId: 'case-1', serviceId: 'foster-care-placement', channel, applicant: s4.applicant, application: s4.application, documentsReceived: s4.documents, consent: true }, 'u-clerk');
      d.run({ type: 'visa', caseId: 'case-1', resolution: 'Қарап, шарт дайындалсын', specialistId: 'u-spec' }, 'u-head');
      return d;
    };
    const { appearAt, ...withoutAddress } = s4.draft as Record<string, unknown>;
    const draft = (fields: Record<string, unknown>) => ({ type: 'review', caseId: 'case-1', documentChecks: Object.fromEntries(s4.documents.map((id) => [id, true])), draft: { outcome: 'result', variant: 'contract', fields } });
    refused(atReview('portal'), draft(withoutAddress), 'u-spec', 'field.required', { field: 'draft.appearAt' });
    const portal = atReview('portal');
    portal.run(draft(s4.draft), 'u-spec');
    expect((portal.state!.draft as Extract<Draft, { outcome: 'result' }>).fields.appearAt).toEqual(appearAt);
    // At the office the contract is concluded where it was asked for: an address left in the draft is dropped.
    const office = atReview('office');
    office.run(draft(s4.draft), 'u-spec');
    expect((office.state!.draft as Extract<Draft, { outcome: 'result' }>).fields).not.toHaveProperty('appearAt');
  });

  it('refuses a correction of a form the wording does not use, or an empty one', () => {
    refused(atStage('review'), { ...review, draft: { ...resultDraft, forms: { 'ru.childName:dat': 'x' } } }, 'u-spec', 'field.invalid', { field: 'draft.forms.ru.childName:dat' });
    refused(atStage('review'), { ...review, draft: { ...resultDraft, forms: { 'kk.to:dat': ' ' } } }, 'u-spec', 'field.required', { field: 'draft.forms.kk.to:dat' });
  });
});

describe('signing and rework', () => {
  it('signs the current draft', async () => {
    const d = atStage('signing');
    const seal = await sealFor(d.state!);
    const event = d.run({ type: 'sign', caseId: 'case-1', seal }, 'u-head');
    expect(event).toMatchObject({ type: 'case.resultSigned', payload: { seal } });
    expect(d.state).toMatchObject({
      stage: 'handover',
      seal: { text: seal, keyId: headKey.keyId, signedBy: { userId: 'u-head' }, payload: { reg: 'PVL-2026-K1-00001', kind: 'certificate', to: 'Сәуле Жұмабекова' } },
    });
  });

  it('refuses a key the registry does not give this head, or no longer gives anyone', async () => {
    const d = atStage('signing');
    const stranger = await generateSigningKey();
    refused(d, { type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!, NOW, stranger) }, 'u-head', 'signing.keyNotRegistered');
    headKeyRecord.revokedAt = '2026-11-20T00:00:00.000Z';
    try {
      refused(d, { type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head', 'signing.keyNotRegistered');
    } finally {
      headKeyRecord.revokedAt = null;
    }
  });

  it('refuses a seal dated another day, a changed payload and a text that is no seal', async () => {
    const d = atStage('signing');
    refused(d, { type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!, '2026-11-20T05:00:00.000Z') }, 'u-head', 'signing.notToday');
    const forged = (await sealFor(d.state!)).replace('Сәуле', 'Сауле');
    refused(d, { type: 'sign', caseId: 'case-1', seal: forged }, 'u-head', 'signing.draftChanged');
    refused(d, { type: 'sign', caseId: 'case-1', seal: 'KENSE1.abc' }, 'u-head', 'signing.sealMalformed');
  });

  it('refuses a seal made over another draft', async () => {
    const d = atStage('signing');
    const stale = await sealFor({ ...d.state!, draft: { outcome: 'refusal', grounds: ['unreliableData'], reasons: 'x' } });
    refused(d, { type: 'sign', caseId: 'case-1', seal: stale }, 'u-head', 'signing.draftChanged');
  });

  it('is the head’s, at the signing stage', async () => {
    const d = atStage('signing');
    const seal = await sealFor(d.state!);
    refused(d, { type: 'sign', caseId: 'case-1', seal }, 'u-spec', 'role.forbidden');
    refused(atStage('review'), { type: 'sign', caseId: 'case-1', seal }, 'u-head', 'stage.wrong');
  });

  it('sends the draft back to the specialist with a reason, then takes the new draft', async () => {
    const d = atStage('signing');
    d.run({ type: 'return', caseId: 'case-1', reason: 'Шешім күнін тексеріңіз' }, 'u-head');
    expect(d.state!.stage).toBe('review');
    expect(d.state!.history.at(-1)).toMatchObject({ type: 'case.returned', note: 'Шешім күнін тексеріңіз' });
    // The reason heads the specialist's panel until the new draft goes to signing.
    expect(sentBack(d.state!)).toMatchObject({ note: 'Шешім күнін тексеріңіз', actor: { userId: 'u-head' } });
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: { ...resultDraft, fields: { ...resultDraft.fields, decisionDate: '2026-10-02' } } }, 'u-spec');
    expect(sentBack(d.state!)).toBeUndefined();
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
    expect(d.state!.stage).toBe('handover');
  });

  it('needs a reason to send back', () => refused(atStage('signing'), { type: 'return', caseId: 'case-1', reason: '' }, 'u-head', 'field.required', { field: 'reason' }));
});

describe('handover', () => {
  async function signed() {
    const d = atStage('signing');
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
    return d;
  }
  const handover = { type: 'handover', caseId: 'case-1', recipient: { kind: 'courier', name: 'Ерлан Мұқанов' }, handedOverOn: '2026-11-24' };

  it('waits for the applicant until the promised date: the handover step is not late before the term', async () => {
    const d = await signed();
    // Signed at 10:00 on 24 Nov; the handover's 15 minutes would end 10:15, but the applicant was promised 27 Nov.
    expect(d.state).toMatchObject({ stage: 'handover', stepDueAt: d.state!.termDueAt });
    const entry = timeline(d.state!, catalog.get(d.state!.serviceId)!).find((e) => e.step.stages.includes('handover'))!;
    expect(entry.plannedDueAt).toBe(d.state!.termDueAt);
  });

  it('records who received the result and closes the case', async () => {
    const d = await signed();
    d.run(handover, 'u-clerk');
    expect(d.state).toMatchObject({ stage: 'closed', stepDueAt: null, handover: { recipient: { kind: 'courier', name: 'Ерлан Мұқанов' }, handedOverOn: '2026-11-24' } });
    expect(d.state!.history.map((h) => h.type)).toEqual(['case.registered', 'case.visaed', 'case.drafted', 'case.resultSigned', 'case.handedOver']);
  });

  it('is the clerk’s, after signing', async () => {
    refused(await signed(), handover, 'u-head', 'role.forbidden');
    refused(atStage('signing'), handover, 'u-clerk', 'stage.wrong', { stage: 'signing' });
  });
  it('needs the recipient’s name', async () => refused(await signed(), { ...handover, recipient: { kind: 'applicant', name: ' ' } }, 'u-clerk', 'field.required', { field: 'recipient.name' }));
  it('refuses a date in the future or before signing', async () => {
    refused(await signed(), { ...handover, handedOverOn: '2026-11-25' }, 'u-clerk', 'handover.dateInFuture');
    refused(await signed(), { ...handover, handedOverOn: '2026-11-23' }, 'u-clerk', 'handover.dateBeforeSigning', { signedOn: '2026-11-24' });
    refused(await signed(), { ...handover, handedOverOn: '24.11.2026' }, 'u-clerk', 'field.invalid', { field: 'handedOverOn' });
  });
  it('happens once', async () => {
    const d = await signed();
    d.run(handover, 'u-clerk');
    refused(d, handover, 'u-clerk', 'stage.wrong', { stage: 'closed' });
  });
});

describe('the fold', () => {
  it('gives the same state from the stored events as the running device had', async () => {
    const d = atStage('signing');
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
    expect(foldEvents(d.events)).toEqual(d.state);
  });

  it('refuses an event whose starting stage is not the case’s', () => {
    const d = atStage('review');
    const visaAgain = { ...d.events[1]!, deviceSeq: 3 };
    expect(() => foldEvents([...d.events, visaAgain])).toThrow(expect.objectContaining({ code: 'stage.wrong' }));
  });

  it('refuses a second registration of one case', () => {
    const d = atStage('visa');
    expect(() => foldEvents([d.events[0]!, d.events[0]!])).toThrow(expect.objectContaining({ code: 'case.exists' }));
  });

  it('does not let decide change the state it reads', () => {
    const d = atStage('review');
    const frozen = structuredClone(d.state);
    decide(d.state, { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, context('u-spec'));
    expect(d.state).toEqual(frozen);
  });
});

describe('who may do what', () => {
  const commands = oneCommandOfEach;
  const allowed: Record<keyof typeof commands, readonly string[]> = {
    intake: ['clerk'],
    visa: ['head'],
    reassign: ['head'],
    review: ['specialist'],
    noticeRefusal: ['specialist'],
    recordHearing: ['specialist'],
    return: ['head'],
    sign: ['head'],
    ncaSign: ['head'],
    handover: ['clerk', 'operator'],
    extend: ['head'],
    returnToCentre: ['clerk', 'head', 'specialist'],
    correct: ['clerk'],
    withdraw: ['clerk'],
    submit: ['operator'],
    registerPackage: ['clerk'],
    checkRegister: ['operator', 'clerk', 'specialist'],
    survey: ['clerk', 'operator'],
  };
  const cases = Object.entries(allowed).flatMap(([type, roles]) =>
    (['operator', 'clerk', 'head', 'specialist', 'admin'] as const).filter((r) => !roles.includes(r)).map((role) => [type as keyof typeof commands, role] as const),
  );
  it.each(cases)('refuses %s to a %s', (type, role) => {
    const state = atStage('visa').state;
    expect(() => decide(type === 'intake' || type === 'submit' ? undefined : state, commands[type], context('u-head', NOW, role))).toThrow(expect.objectContaining({ code: 'role.forbidden', params: { role, action: type } }));
  });
});

describe('what the case page offers', () => {
  /** Refusals that say who may act, or when: the rest (a wrong field of the sample command) are the form's. */
  const WHO_OR_WHEN = ['role.forbidden', 'case.notYours', 'stage.wrong', 'review.notAssigned', 'returnToCentre.notFromCentre', 'survey.notHandedOver', 'survey.done', 'registerCheck.notPending', 'case.exists', 'correct.atSigning', 'correct.afterSigning'];
  const people = ['u-clerk', 'u-head', 'u-spec', 'u-spec2', 'u-crew', 'u-crew2'];

  it('is exactly what the writer accepts from each person at each stage', async () => {
    const closed = (await (async () => {
      const d = atStage('signing');
      d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
      d.run({ type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'Ә' }, handedOverOn: '2026-11-24' }, 'u-clerk');
      return d;
    })()).state!;
    const states = [...(['visa', 'review', 'signing'] as const).map((s) => atStage(s).state!), closed];
    for (const state of states) {
      for (const userId of people) {
        const who = context(userId).actor;
        const offered = commandsFor(who, state);
        for (const command of Object.keys(oneCommandOfEach) as (keyof typeof oneCommandOfEach)[]) {
          let code: string | null = null;
          try {
            decide(state, oneCommandOfEach[command], context(userId));
          } catch (error) {
            code = (error as { code: string }).code;
          }
          const writerTakes = code === null || !WHO_OR_WHEN.includes(code);
          expect({ stage: state.stage, userId, command, offered: offered.includes(command) }).toEqual({ stage: state.stage, userId, command, offered: writerTakes });
        }
      }
    }
    // The head reassigns a review or extends an open case; only the assigned specialist reviews; the survey follows handover.
    expect(commandsFor(context('u-head').actor, atStage('review').state!)).toEqual(['reassign', 'extend']);
    expect(commandsFor(context('u-spec2').actor, atStage('review').state!)).toEqual([]);
    expect(commandsFor(context('u-clerk').actor, closed)).toEqual(['survey']);
  });
});
