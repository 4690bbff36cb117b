import { z } from 'zod';
import { applyEvent, ncaSignable, type CaseState } from './case';
import { resultsFor, resultVariant, stepFor, type ResultVariant, type Service } from './catalog';
import { canonicalJson } from './canonical';
import { dueAt, planSteps, termDueAt, type WorkingCalendar } from './deadlines';
import { DomainError } from './errors';
import { chainEvent, CORRECTABLE_APPLICANT, REGISTER_CHECKS, type Correction, type CorrectableStage, type WithdrawableStage, SCAN_TYPES, SURVEY_ANSWERS, type Actor, type Applicant, type CaseEvent, type ChainPosition, type EventBody, type Representative, type StaffMember } from './event';
import { APPLICANT_FIELDS, boundedText, checkForm, dateProblem, MAX_LENGTH, REPRESENTATIVE_FIELDS, requiredText, type FieldValue } from './fields';
import { declinedForms, withoutNumberSign } from './paper/template';
import { addDays, addMonths, endOfLocalDay, localDateOf } from './localDate';
import { CENTRE_CHANNELS, CHANNELS, type StepStage } from './roles';
import { checkCasePayload, checkCommand, checkHearingDay, ncaSignerIsActor, staffFold } from './rulebook';
import { keyStatusAt, type KeyRecord } from './keys';
import { readSealText, resultPayload } from './seal';

const text = z.string();
const record = z.record(z.string(), z.unknown());

/** What a person asks the office's system to do to a case: one per stage, and the side paths of SERVICES.md. */
const registration = {
  caseId: text,
  serviceId: text,
  channel: text,
  applicant: z.object({ name: text, iin: text, address: text, phone: text }),
  /** Present when a representative applies; `notarised` is the clerk's check of the paper original. */
  representative: z.object({ name: text, iin: text, poaNumber: text, poaDate: text, notary: text, notarised: z.boolean() }).nullable().default(null),
  application: record,
  documentsReceived: z.array(text),
  /** The applicant (or representative) agreed to the processing of their personal data (Law 94-V art. 7). */
  consent: z.boolean(),
  /** How each register check was done offline: left for when online, or by hand against the original. */
  registerChecks: z.partialRecord(z.enum(REGISTER_CHECKS), z.enum(['pending', 'byHand'])).optional(),
};

/** A picture of a scanned page may be this large once compressed, and a package carry this many. */
export const MAX_SCAN_BYTES = 1_000_000;
export const MAX_SCANS = 15;

const scans = z.array(z.object({ documentId: text, type: z.enum(SCAN_TYPES), width: z.number().int().positive(), height: z.number().int().positive(), data: z.base64() }));

export const commandSchema = z.discriminatedUnion('type', [
  /** At the window; the clerk may scan the documents received, kept as a centre's are. */
  z.object({ type: z.literal('intake'), ...registration, scans: scans.default([]) }),
  /** A centre operator or mobile crew takes an application outside the office, with its scans, and sends it as a package. */
  z.object({
    type: z.literal('submit'),
    ...registration,
    /** The settlement or centre where it was taken. */
    place: text,
    scans,
  }),
  z.object({ type: z.literal('registerPackage'), caseId: text }),
  z.object({ type: z.literal('checkRegister'), caseId: text, check: z.enum(REGISTER_CHECKS), status: z.enum(['byHand', 'online']), note: text }),
  z.object({ type: z.literal('visa'), caseId: text, resolution: text, specialistId: text }),
  z.object({ type: z.literal('reassign'), caseId: text, specialistId: text, reason: text }),
  z.object({
    type: z.literal('review'),
    caseId: text,
    documentChecks: z.record(z.string(), z.boolean()),
    draft: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('result'), variant: text.optional(), fields: record, forms: z.record(z.string(), z.string()).optional() }),
      z.object({ outcome: z.literal('refusal'), grounds: z.array(text), reasons: text }),
    ]),
  }),
  z.object({ type: z.literal('noticeRefusal'), caseId: text, grounds: z.array(text), reasons: text, hearingOn: text }),
  z.object({ type: z.literal('recordHearing'), caseId: text, heardOn: text, attended: z.boolean(), statement: text }),
  z.object({ type: z.literal('return'), caseId: text, reason: text }),
  /** The seal text (seal.ts) of the head's signature over the draft. */
  z.object({ type: z.literal('sign'), caseId: text, seal: text }),
  /** The head's NCA RK signature (a CMS, base64) over the seal's payload, and its signer as nca.ts read it. */
  z.object({
    type: z.literal('ncaSign'),
    caseId: text,
    seal: text,
    cms: text,
    signer: z.object({ name: text, iin: text, serial: text, issuer: text, notBefore: text, notAfter: text }),
  }),
  z.object({
    type: z.literal('handover'),
    caseId: text,
    recipient: z.object({ kind: z.enum(['applicant', 'representative', 'courier']), name: text, idDocument: text.optional() }),
    handedOverOn: text,
  }),
  /** New due dates (office dates) for the current step and the term, with the reason. */
  z.object({ type: z.literal('extend'), caseId: text, reason: text, stepDueOn: text, termDueOn: text }),
  z.object({ type: z.literal('returnToCentre'), caseId: text, reasons: text }),
  /** The registered data as it should have been: the applicant's name, address, phone and the application's fields; what differs is the correction. */
  z.object({
    type: z.literal('correct'),
    caseId: text,
    applicant: z.object({ name: text, address: text, phone: text }).partial().default({}),
    application: record.optional(),
    reason: text,
  }),
  /** The applicant's written request to withdraw: its date, and what they said. */
  z.object({ type: z.literal('withdraw'), caseId: text, reason: text, requestedOn: text }),
  z.object({ type: z.literal('survey'), caseId: text, quality: z.literal(SURVEY_ANSWERS), information: z.literal(SURVEY_ANSWERS), asked: z.enum(['handover', 'phone']) }),
]);
export type Command = z.input<typeof commandSchema>;
export type CommandType = Command['type'];

/** What a handler needs besides the case: who acts, when, and the office's data. */
export interface CommandContext {
  actor: Actor;
  now: string;
  catalog: ReadonlyMap<string, Service>;
  calendar: WorkingCalendar;
  offsetMinutes: number;
  staff: readonly StaffMember[];
  /** The next registration number of this device; used by intake only. */
  regNumber: string;
  /** The office registry's signing keys; used by sign only. */
  signingKeys: readonly KeyRecord[];
}

/** A package from a service centre found defective goes back within this many working days (seed 003). */
export const RETURN_TO_CENTRE_WITHIN = { amount: 3, unit: 'workingDays' } as const;

const { line, paragraph } = MAX_LENGTH;

/** A date a person gave, within DATE_RANGE; what else it must be is the command's. */
function localDate(value: string, field: string, today: string): string {
  if (!value.trim()) throw new DomainError('field.required', { field });
  const problem = dateProblem(value, field, today);
  if (problem) throw problem;
  return value;
}

/** The specialist a head names at the visa or a reassignment: on the staff, enabled, a specialist. */
function activeSpecialist(ctx: CommandContext, specialistId: string): { userId: string; name: string } {
  const specialist = ctx.staff.find((s) => s.id === specialistId && s.active && s.roles.includes('specialist'));
  if (!specialist) throw new DomainError('specialist.unknown', { specialistId });
  return { userId: specialist.id, name: specialist.name };
}

function refusalGrounds(service: Service, grounds: readonly string[]): string[] {
  if (grounds.length === 0) throw new DomainError('review.refusalGroundsRequired');
  const known = new Set(service.refusalGrounds.map((g) => g.id));
  if (grounds.some((g) => !known.has(g))) throw new DomainError('field.invalid', { field: 'draft.grounds' });
  return [...new Set(grounds)];
}

/**
 * Decides what a command means for a case: the event to append, or a DomainError saying
 * why not. It only reads, so a refused command changes nothing.
 */
export function decide(state: CaseState | undefined, input: unknown, ctx: CommandContext): EventBody {
  const parsed = commandSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError(issue.code === 'invalid_type' ? 'field.required' : 'field.invalid', { field: issue.path.join('.') });
  }
  const command = parsed.data;
  checkCommand(command.type, ctx.actor, state);
  if (command.type === 'intake' || command.type === 'submit') return intake(command, ctx);
  if (!state) throw new DomainError('case.notFound', { caseId: command.caseId });
  if (command.type === 'survey') {
    // Seeds 000 and 003 have the survey; 002 and 004 (S4–S7) have none.
    if (!ctx.catalog.get(state.serviceId)?.survey) throw new DomainError('survey.notForService');
    return { type: 'case.surveyed', payload: { from: 'closed', quality: command.quality, information: command.information, asked: command.asked } };
  }
  // checkCommand let only the survey through on a closed case.
  const from = state.stage as StepStage;
  const service = ctx.catalog.get(state.serviceId);
  if (!service) throw new DomainError('service.unknown', { serviceId: state.serviceId });
  const today = localDateOf(ctx.now, ctx.offsetMinutes);
  /** The due time on entering `stage`: the running step's if the step goes on, else a new one from now. */
  const stepDue = (stage: StepStage) =>
    stepFor(service, stage) === stepFor(service, from) && state.stepDueAt
      ? state.stepDueAt
      : dueAt(ctx.now, stepFor(service, stage).duration, ctx.calendar, ctx.offsetMinutes);

  switch (command.type) {
    case 'registerPackage':
      return { type: 'case.packageRegistered', payload: { from: 'intake', stepDueAt: stepDue('visa') } };
    case 'checkRegister': {
      const check = state.registerChecks?.[command.check];
      if (check?.status !== 'pending') throw new DomainError('registerCheck.notPending');
      return { type: 'case.registerChecked', payload: { from, check: command.check, status: command.status, note: requiredText(command.note, 'note', paragraph) } };
    }
    case 'visa': {
      const resolution = requiredText(command.resolution, 'resolution', paragraph);
      const specialist = activeSpecialist(ctx, command.specialistId);
      return { type: 'case.visaed', payload: { from: 'visa', resolution, specialist, stepDueAt: stepDue('review') } };
    }
    case 'reassign': {
      const specialist = activeSpecialist(ctx, command.specialistId);
      if (specialist.userId === state.specialist?.userId) throw new DomainError('reassign.sameSpecialist', { name: specialist.name });
      return { type: 'case.reassigned', payload: { from: 'review', specialist, reason: requiredText(command.reason, 'reassignReason', paragraph) } };
    }
    case 'review': {
      const documentIds = new Set(service.documents.map((d) => d.id));
      const unknown = Object.keys(command.documentChecks).find((id) => !documentIds.has(id));
      if (unknown) throw new DomainError('document.unknown', { document: unknown });
      const stepDueAt = stepDue('signing');
      if (command.draft.outcome === 'result') {
        const variant = resultVariant(service, command.draft.variant);
        if (!variant) throw new DomainError(command.draft.variant ? 'field.invalid' : 'field.required', { field: 'draft.variant' });
        if (!resultsFor(service, state.application).includes(variant)) throw new DomainError('review.variantNotForApplication', { variant: variant.id });
        const unchecked = service.documents.filter((d) => d.required && command.documentChecks[d.id] !== true);
        if (unchecked.length) throw new DomainError('review.documentsUnchecked', { documents: unchecked.map((d) => d.id).join(',') });
        const fields = checkForm(variant.fields, command.draft.fields, 'draft', today, state.channel);
        const forms = draftForms(service, variant, fields, state, command.draft.forms ?? {});
        const draft = { outcome: 'result' as const, variant: variant.id, fields, ...(Object.keys(forms).length ? { forms } : {}) };
        return { type: 'case.drafted', payload: { from: 'review', documentChecks: command.documentChecks, draft, stepDueAt } };
      }
      const grounds = refusalGrounds(service, command.draft.grounds);
      const reasons = requiredText(command.draft.reasons, 'draft.reasons', paragraph);
      if (service.refusalHearing && !state.hearing) throw new DomainError('refusal.hearingRequired');
      return { type: 'case.drafted', payload: { from: 'review', documentChecks: command.documentChecks, draft: { outcome: 'refusal', grounds, reasons }, stepDueAt } };
    }
    case 'noticeRefusal': {
      if (!service.refusalHearing) throw new DomainError('refusal.hearingNotUsed');
      const grounds = refusalGrounds(service, command.grounds);
      const reasons = requiredText(command.reasons, 'draft.reasons', paragraph);
      const hearingOn = localDate(command.hearingOn, 'hearingOn', today);
      if (hearingOn < today) throw new DomainError('refusal.hearingInPast');
      return { type: 'case.refusalNoticed', payload: { from: 'review', grounds, reasons, hearingOn } };
    }
    case 'recordHearing': {
      if (!state.refusalNotice) throw new DomainError('refusal.noNotice');
      const heardOn = localDate(command.heardOn, 'heardOn', today);
      if (heardOn > today) throw new DomainError('refusal.hearingInFuture');
      if (heardOn < localDateOf(state.refusalNotice.at, ctx.offsetMinutes)) throw new DomainError('refusal.hearingBeforeNotice');
      checkHearingDay(state, heardOn);
      // An applicant who did not come has nothing to say; one who came has their position recorded.
      const statement = (command.attended ? requiredText : boundedText)(command.statement, 'statement', paragraph);
      return { type: 'case.heard', payload: { from: 'review', heardOn, attended: command.attended, statement } };
    }
    case 'return':
      return { type: 'case.returned', payload: { from: 'signing', reason: requiredText(command.reason, 'reason', paragraph), stepDueAt: stepDue('review') } };
    case 'sign': {
      const signed = readSealText(command.seal);
      if (!signed) throw new DomainError('signing.sealMalformed');
      const { doc, issued } = signed.payload;
      const key = ctx.signingKeys.find((k) => k.keyId === signed.keyId && k.holder.userId === ctx.actor.userId);
      if (keyStatusAt(key, issued) !== 'valid') throw new DomainError('signing.keyNotRegistered');
      if (localDateOf(issued, ctx.offsetMinutes) !== today) throw new DomainError('signing.notToday');
      // The head signs exactly the draft: anything else in the payload is a changed draft.
      const expected = resultPayload(state, service, doc, issued, validUntilOf(state, service, issued, ctx));
      if (canonicalJson(expected) !== signed.json) throw new DomainError('signing.draftChanged');
      return { type: 'case.resultSigned', payload: { from: 'signing', seal: command.seal, stepDueAt: stepDue('handover') } };
    }
    case 'ncaSign': {
      ncaSignable(state, ctx.actor, command.seal);
      ncaSignerIsActor(command.signer, ctx.actor, staffFold(ctx.staff));
      return { type: 'case.ncaSigned', payload: { from: 'handover', seal: command.seal, cms: command.cms, signer: command.signer } };
    }
    case 'handover': {
      // The office chose that this service's results go out with the head's NCA RK signature too.
      if (service.ncaRequired && state.seal?.text && !state.ncaSignature) throw new DomainError('nca.required');
      const name = requiredText(command.recipient.name, 'recipient.name', line);
      // Only a representative whose power of attorney the office registered with the application.
      if (command.recipient.kind === 'representative' && !state.representative) throw new DomainError('handover.noRepresentative');
      // In the field nobody knows the applicant by sight: the crew writes down the document they showed.
      const idDocument = boundedText(command.recipient.idDocument ?? '', 'recipient.idDocument', line) || (ctx.actor.role === 'operator' ? requiredText('', 'recipient.idDocument', line) : undefined);
      localDate(command.handedOverOn, 'handedOverOn', today);
      if (command.handedOverOn > today) throw new DomainError('handover.dateInFuture');
      const signedOn = state.seal ? localDateOf(state.seal.signedAt, ctx.offsetMinutes) : '';
      if (command.handedOverOn < signedOn) throw new DomainError('handover.dateBeforeSigning', { signedOn });
      return { type: 'case.handedOver', payload: { from: 'handover', recipient: { kind: command.recipient.kind, name, ...(idDocument ? { idDocument } : {}) }, handedOverOn: command.handedOverOn } };
    }
    case 'extend': {
      const reason = requiredText(command.reason, 'reason', paragraph);
      const stepDueAt = endOfLocalDay(localDate(command.stepDueOn, 'stepDueOn', today), ctx.offsetMinutes);
      const termDueAt = endOfLocalDay(localDate(command.termDueOn, 'termDueOn', today), ctx.offsetMinutes);
      if (stepDueAt < (state.stepDueAt ?? '') || termDueAt < state.termDueAt) throw new DomainError('extend.earlier');
      if (stepDueAt === state.stepDueAt && termDueAt === state.termDueAt) throw new DomainError('extend.unchanged');
      if (stepDueAt > termDueAt) throw new DomainError('extend.stepAfterTerm');
      return { type: 'case.extended', payload: { from, reason, stepDueAt, termDueAt } };
    }
    case 'correct': {
      const reason = requiredText(command.reason, 'reason', paragraph);
      // The same checks as at intake; the IIN stays, since it names who applied.
      const applicant = checkForm(APPLICANT_FIELDS, { ...state.applicant, ...command.applicant, iin: state.applicant.iin }, 'applicant', today) as unknown as Applicant;
      const application = command.application ? checkForm(service.form, command.application, 'application', today, state.channel) : state.application;
      const ids = [...new Set([...Object.keys(state.application), ...Object.keys(application)])];
      const changes = [
        ...CORRECTABLE_APPLICANT.map((f) => correction(`applicant.${f}`, state.applicant[f], applicant[f])),
        ...ids.map((id) => correction(`application.${id}`, state.application[id], application[id])),
      ].filter((c) => c !== null);
      if (!changes.length) throw new DomainError('correct.unchanged');
      return { type: 'case.corrected', payload: { from: from as CorrectableStage, changes, reason } };
    }
    case 'withdraw': {
      const reason = requiredText(command.reason, 'reason', paragraph);
      const requestedOn = localDate(command.requestedOn, 'requestedOn', today);
      if (requestedOn > today) throw new DomainError('date.inFuture', { field: 'requestedOn' });
      if (requestedOn < localDateOf(state.package?.takenAt ?? state.registeredAt, ctx.offsetMinutes)) throw new DomainError('withdraw.beforeRegistration');
      return { type: 'case.withdrawn', payload: { from: from as WithdrawableStage, reason, requestedOn } };
    }
    case 'returnToCentre': {
      const deadline = returnToCentreDeadline(state, ctx);
      if (ctx.now > deadline) throw new DomainError('returnToCentre.late', { deadline: localDateOf(deadline, ctx.offsetMinutes) });
      return { type: 'case.returnedToCentre', payload: { from: from as 'intake' | 'visa' | 'review', reasons: requiredText(command.reasons, 'reasons', paragraph) } };
    }
  }
}

/** A field's correction, or null when its value stays the same. */
function correction(path: string, old: FieldValue | undefined, value: FieldValue | undefined): Correction | null {
  return canonicalJson(old ?? null) === canonicalJson(value ?? null) ? null : { path, old: old ?? null, new: value ?? null };
}

/**
 * One command on one device: decide it against the case, chain its event after the device's head,
 * fold the case. The store, the training office, `kense demo` and the tests' devices all take
 * this step, so whatever they write is what the rules decide.
 */
export function step(head: ChainPosition, state: CaseState | undefined, command: Command, ctx: CommandContext, hlc: string, id: string): { event: CaseEvent; state: CaseState } {
  const body = decide(state, command, ctx);
  checkCasePayload(body);
  const event = chainEvent(head, { ...body, caseId: command.caseId }, ctx.actor, hlc, id) as CaseEvent;
  return { event, state: applyEvent(state, event) };
}

/** The last moment a centre's package may go back: RETURN_TO_CENTRE_WITHIN from when the centre took it. */
export function returnToCentreDeadline(state: CaseState, ctx: Pick<CommandContext, 'calendar' | 'offsetMinutes'>): string {
  return dueAt(state.package?.takenAt ?? state.registeredAt, RETURN_TO_CENTRE_WITHIN, ctx.calendar, ctx.offsetMinutes);
}

/**
 * "Valid 1 (one) month from the day of issue" (S2, S3). A period in months ends on the same date of
 * the last month, or that month's last day when it has no such date (Civil Code of the RK,
 * art. 176 p. 3). It is a document's life, not a time for someone to act, so a day off at its end
 * does not move it (art. 177 moves only the last day for doing something).
 */
export function validUntilOf(state: CaseState, service: Service, issued: string, ctx: Pick<CommandContext, 'offsetMinutes'>): string | null {
  if (state.draft?.outcome !== 'result' || !service.validity) return null;
  const day = localDateOf(issued, ctx.offsetMinutes);
  const { amount, unit } = service.validity;
  return unit === 'months' ? addMonths(day, amount) : addDays(day, amount);
}

/**
 * The names in the cases a result's wording needs, worked out by rule from the draft's values:
 * what the specialist sees to correct. The sex comes from the applicant's IIN, a person's own,
 * or the application's IIN field that names its person's name field.
 */
export function autoForms(service: Service, variant: ResultVariant, fields: Record<string, FieldValue | undefined>, state: Pick<CaseState, 'applicant' | 'application'>): Record<string, string> {
  const notice = variant.portalNotice?.text;
  const text = { kk: [...(variant.text?.kk ?? []), ...(notice?.kk ?? [])], ru: [...(variant.text?.ru ?? []), ...(notice?.ru ?? [])] };
  if (!text.kk.length) return {};
  const iins: Record<string, string | undefined> = { to: state.applicant.iin };
  for (const f of service.form) if (f.type === 'iin' && f.iinChecks?.name) iins[f.iinChecks.name] = String(state.application[f.id] ?? '') || undefined;
  for (const f of variant.fields) {
    const value = fields[f.id];
    if (f.type === 'person' && value && typeof value === 'object' && 'name' in value) iins[f.id] = value.iin;
  }
  return declinedForms({ text, fields: variant.fields }, { ...fields, to: state.applicant.name }, iins);
}

/** The forms a draft signs: the rule's, with the specialist's corrections; a correction of a form the wording does not use is refused. */
function draftForms(service: Service, variant: ResultVariant, fields: Record<string, FieldValue>, state: CaseState, given: Record<string, string>): Record<string, string> {
  const forms = autoForms(service, variant, fields, state);
  for (const [key, value] of Object.entries(given)) {
    if (!(key in forms)) throw new DomainError('field.invalid', { field: `draft.forms.${key}` });
    forms[key] = requiredText(value, `draft.forms.${key}`, line);
  }
  return forms;
}

/** What the consent is for, in the words the receipt prints: this service, and nothing else. */
export function consentPurpose(service: Service): { kk: string; ru: string } {
  return { kk: `«${service.names.kk}» мемлекеттік қызметін көрсету`, ru: `оказание государственной услуги «${service.names.ru}»` };
}

function intake(command: Extract<Command, { type: 'intake' | 'submit' }>, ctx: CommandContext): EventBody {
  const service = ctx.catalog.get(command.serviceId);
  if (!service) throw new DomainError('service.unknown', { serviceId: command.serviceId });
  // The hub and every device refuse it too (rulebook officeVerdict); the cases already open go on.
  if (service.withdrawn) throw new DomainError('service.withdrawn', { serviceId: service.id });
  const channel = CHANNELS.find((c) => c === command.channel);
  if (!channel || !service.channels.includes(channel)) throw new DomainError('channel.unknown', { channel: command.channel });
  // A package comes from a centre; an application at the window may arrive by any channel (a paper from a centre without Kense too).
  if (command.type === 'submit' && !CENTRE_CHANNELS.includes(channel)) throw new DomainError('channel.unknown', { channel });
  const today = localDateOf(ctx.now, ctx.offsetMinutes);
  const applicant = checkForm(APPLICANT_FIELDS, command.applicant, 'applicant', today) as unknown as Applicant;
  let representative: Representative | null = null;
  if (command.representative) {
    if (!service.representative) throw new DomainError('representative.notAllowed');
    const { notarised, ...data } = command.representative;
    representative = checkForm(REPRESENTATIVE_FIELDS, data, 'representative', today) as unknown as Representative;
    // The clerk types the number as the paper shows it, «№ 2026-1187»; every sentence adds its own «№».
    representative.poaNumber = withoutNumberSign(representative.poaNumber);
    if (!notarised) throw new DomainError('representative.notNotarised');
  }
  const application = checkForm(service.form, command.application, 'application', today, channel);
  if (!command.consent) throw new DomainError('intake.consentRequired');
  const documentIds = new Set(service.documents.map((d) => d.id));
  const unknown = command.documentsReceived.find((id) => !documentIds.has(id));
  if (unknown) throw new DomainError('document.unknown', { document: unknown });
  const missing = service.documents.filter((d) => d.required && !command.documentsReceived.includes(d.id));
  if (missing.length) throw new DomainError('intake.documentsMissing', { documents: missing.map((d) => d.id).join(',') });
  const registerChecks = command.registerChecks ?? {};
  if (!registerChecks.individuals || (representative && !registerChecks.notary)) {
    // Recorded from this version on; the window's intake of older devices and tests may leave them out.
    if (command.type === 'submit' || command.registerChecks) throw new DomainError('intake.registerCheckMissing', { check: registerChecks.individuals ? 'notary' : 'individuals' });
  }
  const scans = command.scans ?? [];
  if (scans.length > MAX_SCANS) throw new DomainError('scan.tooMany', { max: MAX_SCANS });
  const big = scans.find((s) => (s.data.length * 3) / 4 > MAX_SCAN_BYTES);
  if (big) throw new DomainError('scan.tooLarge', { document: big.documentId, max: MAX_SCAN_BYTES / 1_000_000 });
  const stray = scans.find((s) => !command.documentsReceived.includes(s.documentId));
  if (stray) throw new DomainError('scan.notReceived', { document: stray.documentId });
  const plan = planSteps(service, ctx.now, ctx.calendar, ctx.offsetMinutes);
  const registration = {
      serviceId: service.id,
      serviceVersion: service.version,
      regNumber: ctx.regNumber,
      channel,
      applicant,
      representative,
      application,
      documentsReceived: [...new Set(command.documentsReceived)],
      consent: { by: (representative ?? applicant).name, purpose: consentPurpose(service) },
      plan,
      termDueAt: termDueAt(service, ctx.now, plan, ctx.calendar, ctx.offsetMinutes),
      ...(command.registerChecks ? { registerChecks: representative ? registerChecks : { individuals: registerChecks.individuals } } : {}),
  };
  if (command.type === 'intake') {
    const stepDueAt = dueAt(ctx.now, stepFor(service, 'visa').duration, ctx.calendar, ctx.offsetMinutes);
    return { type: 'case.registered', payload: { ...registration, ...(scans.length ? { scans } : {}), stepDueAt } };
  }
  // The office registers the package, or returns it with its reasons, within the return's term.
  const stepDueAt = dueAt(ctx.now, RETURN_TO_CENTRE_WITHIN, ctx.calendar, ctx.offsetMinutes);
  const intakeStep = stepFor(service, 'intake').id;
  return {
    type: 'case.submitted',
    payload: {
      ...registration,
      plan: plan.map((p) => (p.stepId === intakeStep ? { ...p, dueAt: stepDueAt } : p)),
      place: requiredText(command.place, 'place', line),
      scans,
      stepDueAt,
    },
  };
}
