import { z } from 'zod';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { applyEvent, keepFlaggedSeal, type CaseState } from './case';
import { durationSchema, parseService, REGULATION_SERVICES, type Service } from './catalog';
import { officeHoursSchema } from './deadlines';
import { credentialSchema } from './credential';
import { DomainError } from './errors';
import { AUDIT_EVENT_TYPES, CORRECTABLE_APPLICANT, CORRECTABLE_STAGES, isOfficeEvent, WITHDRAWABLE_STAGES, REGISTER_CHECKS, SCAN_TYPES, SURVEY_ANSWERS, type Actor, type ChainEvent, type EventBody, type OfficeEventBody } from './event';
import { fromBase64, keyIdOf, keyStatusAt, registrySignedBy, signedRegistrySchema, verifyEs256, type SignedRegistry } from './keys';
import { decodeHlc } from './hlc';
import { CENTRE_CHANNELS, CHANNELS, ROLES, STAGE_ROLE, STAGES, type Role, type Stage } from './roles';
import { readSealText } from './seal';
import { canonicalJson } from './canonical';
import type { NcaProblem, NcaSigner } from './nca';
import { planTrip } from './trips';
import { MAX_RESOLUTIONS } from './resolutions';

/*
 * The rulebook (DESIGN.md "Every write is a command, and the hub is not trusted"): for every kind
 * of event, its payload's schema, who may give the command that writes it, and what it changes.
 * The device that writes, the hub that admits and every device that applies a pulled page or a
 * transfer file run these same rules, with the office (its staff, its registry) as it stands at
 * that point of the log. So an event that no honest device could have written is refused
 * everywhere, for the same reason.
 */

/** Why an event was not simply accepted; the UI translates the code. */
export interface Reason {
  code: DomainError['code'];
  params: Record<string, string | number>;
}

export const reasonOf = (error: unknown): Reason =>
  error instanceof DomainError ? { code: error.code, params: error.params } : { code: 'sync.badRequest', params: { detail: String(error).slice(0, 200) } };

// ---- Who may give which command on a case, and at which stages (SERVICES.md "The one flow" and its side paths). ----

export const CASE_COMMANDS = {
  intake: { roles: ['clerk'], stages: null },
  submit: { roles: ['operator'], stages: null },
  registerPackage: { roles: ['clerk'], stages: ['intake'] },
  checkRegister: { roles: ['operator', 'clerk', 'specialist'], stages: ['intake', 'visa', 'review', 'signing', 'handover'] },
  visa: { roles: ['head'], stages: ['visa'] },
  // The head gives a review to another specialist before it is drafted.
  reassign: { roles: ['head'], stages: ['review'] },
  review: { roles: ['specialist'], stages: ['review'] },
  noticeRefusal: { roles: ['specialist'], stages: ['review'] },
  recordHearing: { roles: ['specialist'], stages: ['review'] },
  return: { roles: ['head'], stages: ['signing'] },
  sign: { roles: ['head'], stages: ['signing'] },
  // The NCA RK signature beside the seal: at signing, or later while the result waits for handover.
  ncaSign: { roles: ['head'], stages: ['handover'] },
  // A crew hands over in the field the results of the applications it took.
  handover: { roles: ['clerk', 'operator'], stages: ['handover'] },
  extend: { roles: ['head'], stages: ['visa', 'review', 'signing', 'handover'] },
  returnToCentre: { roles: ['clerk', 'head', 'specialist'], stages: ['intake', 'visa', 'review'] },
  // The clerk who registers corrects what was registered, before a draft is made from it.
  correct: { roles: ['clerk'], stages: CORRECTABLE_STAGES },
  // The clerk records the applicant's written request to withdraw, before a result is signed.
  withdraw: { roles: ['clerk'], stages: WITHDRAWABLE_STAGES },
  // Whoever handed the result over asks, or the clerk later by phone.
  survey: { roles: ['clerk', 'operator'], stages: ['closed'] },
} as const satisfies Record<string, { roles: readonly Role[]; stages: readonly Stage[] | null }>;
export type CaseCommand = keyof typeof CASE_COMMANDS;

/**
 * Who may read a case's personal data: all the office's staff, except a centre operator or mobile
 * crew, who sees only the applications they took themselves.
 */
export function mayRead(actor: Pick<Actor, 'userId' | 'role'>, state: Pick<CaseState, 'history'>): boolean {
  return actor.role !== 'operator' || state.history[0]?.actor.userId === actor.userId;
}

/**
 * May this person give this command on this case now: the role, the operator's own
 * applications, the stage, the assigned specialist, who holds a package at its stage, and what
 * the case must be for the command at all. Throws the DomainError the person is told. Without a
 * case, only the role. The writer (decide), the hub and every device (caseVerdict) and the
 * screens (commandsFor) ask this one function.
 */
export function checkCommand(command: CaseCommand, actor: Pick<Actor, 'userId' | 'role'>, state: CaseState | undefined): void {
  if (!(CASE_COMMANDS[command].roles as readonly Role[]).includes(actor.role)) throw new DomainError('role.forbidden', { role: actor.role, action: command });
  if (!state) return;
  if (!mayRead(actor, state)) throw new DomainError('case.notYours', { regNumber: state.regNumber });
  if (command === 'survey') {
    // Once, after the result was handed over.
    if (state.stage !== 'closed' || !state.handover) throw new DomainError('survey.notHandedOver');
    if (state.survey) throw new DomainError('survey.done');
  }
  if (command === 'correct') {
    // A paper handed over is the applicant's: what it says can no longer be taken back here.
    if (state.stage === 'closed' && state.seal) throw new DomainError('correct.afterSigning');
    // The draft at signing was made from the data as it was: the head returns it to be made again.
    if (state.stage === 'signing') throw new DomainError('correct.atSigning');
  }
  const stages: readonly Stage[] | null = CASE_COMMANDS[command].stages;
  if (!stages) throw new DomainError('case.exists', { regNumber: state.regNumber });
  if (!stages.includes(state.stage)) throw new DomainError('stage.wrong', { stage: state.stage, action: command });
  const assigned = () => {
    if (state.specialist?.userId !== actor.userId) throw new DomainError('review.notAssigned', { specialist: state.specialist?.name ?? '' });
  };
  if (command === 'review' || command === 'noticeRefusal' || command === 'recordHearing') assigned();
  if (command === 'returnToCentre' && state.stage !== 'closed') {
    // Whoever holds the package at its stage finds the defect: the clerk, the head, the assigned specialist.
    if (STAGE_ROLE[state.stage] !== actor.role) throw new DomainError('role.forbidden', { role: actor.role, action: command });
    if (state.stage === 'review') assigned();
    if (!CENTRE_CHANNELS.includes(state.channel)) throw new DomainError('returnToCentre.notFromCentre');
  }
  if (command === 'checkRegister' && !Object.values(state.registerChecks ?? {}).some((c) => c.status === 'pending')) throw new DomainError('registerCheck.notPending');
}

/**
 * A hearing is recorded on or after the day its notice set (APC art. 73): held before that day,
 * the applicant had not been given the day they were told. The writer (decide) and every device
 * and the hub (caseVerdict) ask this one function.
 */
export function checkHearingDay(state: Pick<CaseState, 'refusalNotice'>, heardOn: string): void {
  if (!state.refusalNotice) throw new DomainError('refusal.noNotice');
  if (heardOn < state.refusalNotice.hearingOn) throw new DomainError('refusal.hearingBeforeDate', { hearingOn: state.refusalNotice.hearingOn });
}

/** The commands this person may give on this case now, for the screens: the same rules as the writer's and the hub's. */
export function commandsFor(actor: Pick<Actor, 'userId' | 'role'>, state: CaseState): CaseCommand[] {
  return (Object.keys(CASE_COMMANDS) as CaseCommand[]).filter((command) => {
    try {
      checkCommand(command, actor, state);
      return true;
    } catch {
      return false;
    }
  });
}

// ---- Payload schemas: every payload is parsed before anything reads it. ----

/**
 * The longest text a payload may hold: a hard cap, far above the forms' own limits (fields.ts
 * MAX_LENGTH, 200 to 2,000 characters). Those hold for new commands only. Versions before issue 24
 * took any length, and an event they wrote must stay valid on every device and at the hub, or the
 * office's devices would disagree about its case; the longest such text known (issue 24's
 * 20,000-character name) is under the cap. The cap keeps a tampered device from writing megabytes
 * into a name. Dates are bounded in the commands alone: whether a birth date is in the future
 * depends on the writer's day, and an older form took any year.
 */
export const MAX_EVENT_TEXT = 50_000;

const text = z.string().trim().min(1).max(MAX_EVENT_TEXT);
/** A seal's text carries the draft's values, each up to the cap, so it is bounded by the request's size alone. */
const sealText = z.string().trim().min(1);
const tooLong = (s: string) => s.length > MAX_EVENT_TEXT;
/** A form's values (an application, a draft's fields) in whatever shape a version wrote them, with no text over the cap. */
const formValues = z.record(z.string(), z.unknown()).superRefine((values, ctx) => {
  const at = stringBelow(values, tooLong);
  if (at) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: MAX_EVENT_TEXT, inclusive: true, path: at, message: 'text too long' });
});
/** One field's value in a correction, as a form wrote it, or null for none. */
const fieldValue = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) return void ctx.addIssue({ code: 'custom', message: 'required' });
  const at = stringBelow(value, tooLong);
  if (at) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: MAX_EVENT_TEXT, inclusive: true, path: at, message: 'text too long' });
});
const instant = z.iso.datetime();
const localDate = z.iso.date();
const iin = z.string().regex(/^\d{12}$/);
const open = z.enum(STAGES.filter((s) => s !== 'closed') as [Exclude<Stage, 'closed'>, ...Exclude<Stage, 'closed'>[]]);
/** An NCA RK CMS carries the signer's certificate and its CA's: a few kilobytes, base64. */
const cmsText = z.base64().max(64_000);
const from = <S extends Stage>(stage: S) => z.literal(stage);

const scans = z.array(z.object({ documentId: text, type: z.enum(SCAN_TYPES), width: z.number().int().positive(), height: z.number().int().positive(), data: z.base64() }));

const registration = {
  serviceId: text,
  serviceVersion: z.number().int().positive(),
  regNumber: text,
  channel: z.enum(CHANNELS),
  applicant: z.object({ name: text, iin, address: text, phone: text }),
  representative: z.object({ name: text, iin, poaNumber: text, poaDate: localDate, notary: text }).nullable(),
  application: formValues,
  documentsReceived: z.array(text),
  consent: z.object({ by: text, purpose: z.object({ kk: text, ru: text }) }).optional(),
  registerChecks: z.partialRecord(z.enum(REGISTER_CHECKS), z.enum(['pending', 'byHand'])).optional(),
  plan: z.array(z.object({ stepId: text, dueAt: instant })),
  termDueAt: instant,
  stepDueAt: instant,
};

export const staffMemberSchema = z.object({
  id: text,
  name: text,
  roles: z.array(z.enum(ROLES)).min(1),
  active: z.boolean(),
  credential: credentialSchema.optional(),
  mustChange: z.boolean().optional(),
  iin: iin.optional(),
});

type CaseEventType = EventBody['type'];
type OfficeEventType = OfficeEventBody['type'];

/** Each case event: its payload and the command that writes it. */
const CASE_EVENTS: Record<CaseEventType, { command: CaseCommand; payload: z.ZodType }> = {
  'case.registered': { command: 'intake', payload: z.object({ ...registration, scans: scans.optional() }) },
  'case.submitted': { command: 'submit', payload: z.object({ ...registration, place: text, scans }) },
  'case.packageRegistered': { command: 'registerPackage', payload: z.object({ from: from('intake'), stepDueAt: instant }) },
  'case.registerChecked': { command: 'checkRegister', payload: z.object({ from: open, check: z.enum(REGISTER_CHECKS), status: z.enum(['byHand', 'online']), note: text }) },
  'case.visaed': { command: 'visa', payload: z.object({ from: from('visa'), resolution: text, specialist: z.object({ userId: text, name: text }), stepDueAt: instant }) },
  'case.reassigned': { command: 'reassign', payload: z.object({ from: from('review'), specialist: z.object({ userId: text, name: text }), reason: text }) },
  'case.drafted': {
    command: 'review',
    payload: z.object({
      from: from('review'),
      documentChecks: z.record(z.string(), z.boolean()),
      draft: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('result'), variant: text, fields: formValues, forms: z.record(z.string(), text).optional() }),
        z.object({ outcome: z.literal('refusal'), grounds: z.array(text).min(1), reasons: text }),
      ]),
      stepDueAt: instant,
    }),
  },
  'case.returned': { command: 'return', payload: z.object({ from: from('signing'), reason: text, stepDueAt: instant }) },
  // Version 0.1's approval: read from old logs, never written now.
  'case.signed': {
    command: 'sign',
    payload: z.object({ from: from('signing'), seal: z.object({ algorithm: text, keyId: text, signature: text, documentHash: text }), stepDueAt: instant, validUntil: localDate.nullable() }),
  },
  'case.resultSigned': { command: 'sign', payload: z.object({ from: from('signing'), seal: sealText, stepDueAt: instant }) },
  'case.ncaSigned': {
    command: 'ncaSign',
    payload: z.object({
      from: from('handover'),
      seal: sealText,
      cms: cmsText,
      signer: z.strictObject({ name: text, iin, serial: z.string().regex(/^[0-9a-f]{1,64}$/), issuer: z.string(), notBefore: instant, notAfter: instant }),
    }),
  },
  'case.refusalNoticed': { command: 'noticeRefusal', payload: z.object({ from: from('review'), grounds: z.array(text).min(1), reasons: text, hearingOn: localDate }) },
  'case.heard': { command: 'recordHearing', payload: z.object({ from: from('review'), heardOn: localDate, attended: z.boolean(), statement: z.string().max(MAX_EVENT_TEXT) }) },
  'case.extended': { command: 'extend', payload: z.object({ from: open, reason: text, stepDueAt: instant, termDueAt: instant }) },
  'case.returnedToCentre': { command: 'returnToCentre', payload: z.object({ from: z.enum(['intake', 'visa', 'review']), reasons: text }) },
  'case.corrected': {
    command: 'correct',
    payload: z.object({
      from: z.enum(CORRECTABLE_STAGES),
      changes: z
        .array(
          z.object({
            path: z.union([z.enum(CORRECTABLE_APPLICANT.map((f) => `applicant.${f}` as const)), z.string().regex(/^application\.[^.]+$/)]),
            old: fieldValue,
            new: fieldValue,
          }),
        )
        .min(1)
        // Every reader folds the same case: an applicant's name, address or phone is never emptied.
        .refine((changes) => changes.every((c) => !c.path.startsWith('applicant.') || (typeof c.new === 'string' && !!c.new.trim())), { path: ['new'] }),
      reason: text,
    }),
  },
  'case.withdrawn': { command: 'withdraw', payload: z.object({ from: z.enum(WITHDRAWABLE_STAGES), reason: text, requestedOn: localDate }) },
  'case.handedOver': {
    command: 'handover',
    payload: z.object({ from: from('handover'), recipient: z.object({ kind: z.enum(['applicant', 'representative', 'courier']), name: text, idDocument: text.optional() }), handedOverOn: localDate }),
  },
  'case.surveyed': { command: 'survey', payload: z.object({ from: from('closed'), quality: z.literal(SURVEY_ANSWERS), information: z.literal(SURVEY_ANSWERS), asked: z.enum(['handover', 'phone']) }) },
};

// ---- Who may give which command on the office's records (and on the office's devices). ----

/**
 * Each office command and who may give it: these roles, on the staff and enabled; 'staff':
 * anyone on the staff in a role they hold; null: anyone signed in on an office device (the
 * audit trail, and the administrator's set-up, whose own conditions are its record's).
 */
export const OFFICE_COMMANDS = {
  setUp: null,
  staff: ['admin'],
  changePassword: 'staff',
  createAdminKey: ['admin'],
  changeRegistry: ['admin'],
  createSigningKey: ['head'],
  importService: ['admin'],
  withdrawService: ['admin'],
  setOfficeTerms: ['admin'],
  editCalendar: ['admin'],
  setOfficeHours: ['admin'],
  setRetention: ['admin'],
  setResolutions: ['head'],
  releaseHeld: ['head', 'admin'],
  planTrip: ['operator'],
  connectHub: ['admin'],
  approveJoin: ['admin'],
  revokeDevice: ['admin'],
  signIn: null,
  viewCase: null,
  export: null,
} as const satisfies Record<string, readonly Role[] | 'staff' | null>;
export type OfficeCommand = keyof typeof OFFICE_COMMANDS;

/** May this person give this office command, with the office's staff as it stands: throws the DomainError they are told. */
export function checkOfficeCommand(command: OfficeCommand, actor: Pick<Actor, 'userId' | 'role'>, office: Pick<OfficeFold, 'staff'>): void {
  const roles: readonly Role[] | 'staff' | null = OFFICE_COMMANDS[command];
  if (roles === null) return;
  if (roles !== 'staff' && !roles.includes(actor.role)) throw new DomainError('role.forbidden', { role: actor.role, action: command });
  onStaff(actor, office, command);
}

// ---- The office as the log stands at one entry: what the office rules read. ----

/** The office's records as the log has made them so far: its anchor, newest registry, people, and whose each trip is. */
export interface OfficeFold {
  adminKey: string;
  registry: SignedRegistry | null;
  staff: Record<string, { name: string; roles: Role[]; active: boolean; iin?: string }>;
  trips: Record<string, string>;
  /** The added services withdrawn from new intake (absent in a fold kept before this version). */
  withdrawn?: Record<string, true>;
}

export const emptyOfficeFold = (adminKey: string): OfficeFold => ({ adminKey, registry: null, staff: {}, trips: {}, withdrawn: {} });

type OfficeEventOf<T extends OfficeEventType> = Extract<OfficeEventBody, { type: T }> & { actor: Actor; id: string; officeId: string; deviceId: string };

interface OfficeRecordRule<T extends OfficeEventType> {
  /** The command that writes it (OFFICE_COMMANDS says who may give it); for a staff record, which one depends on the change. */
  command: OfficeCommand | ((event: OfficeEventOf<T>, office: OfficeFold) => OfficeCommand);
  payload: z.ZodType;
  /** What else must hold, against the office as it stands (throws the DomainError). */
  check?: (event: OfficeEventOf<T>, office: OfficeFold, genuine: ReadonlySet<string>) => void;
  /** What it changes in the office the rules read. */
  fold?: (office: OfficeFold, event: OfficeEventOf<T>) => OfficeFold;
}

/** Each office record family: its schema, the command that writes it, what must hold, what it changes. */
const OFFICE_RECORDS: { [T in OfficeEventType]: OfficeRecordRule<T> } = {
  'office.registryPublished': {
    command: 'changeRegistry',
    payload: z.object({ signed: signedRegistrySchema }),
    check: (event, office, genuine) => {
      if (event.payload.signed.registry.office.id !== event.officeId || !genuine.has(event.id)) throw new DomainError('sync.sealInvalid');
      const version = office.registry?.registry.version ?? 0;
      if (event.payload.signed.registry.version <= version) throw new DomainError('sync.registryStale', { version });
    },
    fold: (office, event) => ({ ...office, registry: event.payload.signed }),
  },
  'office.keyRequested': {
    command: 'createSigningKey',
    payload: z.object({ keyId: z.string().regex(/^[0-9a-f]{16}$/), publicKey: text, holder: z.object({ userId: text, name: text }) }),
    check: (event) => {
      // A head makes their own key, and the key id is its public key's.
      if (event.payload.holder.userId !== event.actor.userId) throw new DomainError('role.forbidden', { role: event.actor.role, action: 'createSigningKey' });
      if (!publicKeyIs(event.payload.publicKey, event.payload.keyId)) throw new DomainError('field.invalid', { field: 'keyId' });
    },
  },
  'office.serviceImported': {
    command: 'importService',
    payload: z.object({ file: text, data: z.unknown() }),
    check: (event) => void parseService(event.payload.file, event.payload.data),
    // A newer file of a withdrawn service is the administrator taking it back into intake.
    fold: (office, event) => {
      const { [(event.payload.data as Service).id]: _, ...withdrawn } = office.withdrawn ?? {};
      return { ...office, withdrawn };
    },
  },
  'office.serviceWithdrawn': {
    command: 'withdrawService',
    payload: z.object({ serviceId: text, reason: text }),
    check: (event, office) => {
      if (REGULATION_SERVICES.includes(event.payload.serviceId)) throw new DomainError('service.fromRegulation', { serviceId: event.payload.serviceId });
      if (office.withdrawn?.[event.payload.serviceId]) throw new DomainError('service.alreadyWithdrawn', { serviceId: event.payload.serviceId });
    },
    fold: (office, event) => ({ ...office, withdrawn: { ...office.withdrawn, [event.payload.serviceId]: true } }),
  },
  'office.termsSet': {
    command: 'setOfficeTerms',
    payload: z.object({ terms: z.object({ serviceId: text, term: durationSchema.optional(), steps: z.record(z.string(), durationSchema).optional(), ncaSignature: z.boolean().optional(), reason: text }) }),
  },
  'office.termsCleared': { command: 'setOfficeTerms', payload: z.object({ serviceId: text }) },
  'office.calendarEdited': { command: 'editCalendar', payload: z.object({ edit: z.object({ date: localDate, dayOff: z.boolean(), note: z.string() }) }) },
  'office.hoursSet': { command: 'setOfficeHours', payload: z.object({ hours: officeHoursSchema }) },
  'office.resolutionsSet': { command: 'setResolutions', payload: z.object({ resolutions: z.array(text).max(MAX_RESOLUTIONS) }) },
  'office.retentionSet': { command: 'setRetention', payload: z.object({ retention: z.object({ serviceId: text, years: z.number().int().positive(), basis: text }) }) },
  'office.heldReleased': { command: 'releaseHeld', payload: z.object({ seq: z.number().int().positive().max(2 ** 31 - 1), eventId: text }) },
  'office.staffSaved': {
    // The office's first record is its administrator, on the device set up for it; after that a
    // person may change only their own password, and names, roles and access come from an administrator.
    command: (event, office) => {
      if (!Object.keys(office.staff).length) return 'setUp';
      const { member } = event.payload;
      const known = office.staff[member.id];
      const own = event.actor.userId === member.id && known && known.name === member.name && known.active === member.active && known.iin === member.iin && sameRoles(known.roles, member.roles);
      return own ? 'changePassword' : 'staff';
    },
    payload: z.object({ member: staffMemberSchema }),
    check: (event, office) => {
      const { member } = event.payload;
      if (!Object.keys(office.staff).length) {
        if (event.actor.userId !== member.id || event.actor.role !== 'admin' || !member.active || !member.roles.includes('admin')) throw new DomainError('role.forbidden', { role: event.actor.role, action: 'setUp' });
        return;
      }
      const after = { ...office.staff, [member.id]: member };
      if (!Object.values(after).some((s) => s.active && s.roles.includes('admin'))) throw new DomainError('staff.lastAdmin');
    },
    fold: (office, event) => {
      return { ...office, staff: { ...office.staff, ...staffFold([event.payload.member]) } };
    },
  },
  'office.tripPlanned': {
    command: 'planTrip',
    payload: z.object({ trip: z.object({ id: text, operator: z.object({ userId: text, name: z.string() }), settlements: z.array(z.object({ place: z.string(), on: z.string() })) }) }),
    check: (event, office) => {
      // A crew plans its own trips only, and a trip stays its crew's.
      const { trip } = event.payload;
      planTrip({ id: trip.id, settlements: trip.settlements }, event.actor);
      const owner = office.trips[trip.id];
      if (trip.operator.userId !== event.actor.userId || (owner && owner !== event.actor.userId)) throw new DomainError('role.forbidden', { role: event.actor.role, action: 'planTrip' });
    },
    fold: (office, event) => ({ ...office, trips: { ...office.trips, [event.payload.trip.id]: event.actor.userId } }),
  },
  'office.deviceRevoked': {
    command: 'revokeDevice',
    payload: z.object({ deviceId: text, code: text, reason: text }),
    // The device the administrator works on stays: another administrator's device revokes it.
    check: (event) => {
      if (event.payload.deviceId === event.deviceId) throw new DomainError('sync.revokeOwnDevice');
    },
  },
  'office.signedIn': { command: 'signIn', payload: z.object({ failedBefore: z.number().int().min(0) }) },
  'office.caseViewed': { command: 'viewCase', payload: z.object({ caseId: text, regNumber: z.string(), what: z.enum(['case', 'paper']) }) },
  'office.exported': { command: 'export', payload: z.object({ what: z.enum(['audit', 'backup', 'transfer']), count: z.number().int().min(0) }) },
};

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

function publicKeyIs(publicKey: string, keyId: string): boolean {
  try {
    return keyIdOf(fromBase64(publicKey)) === keyId;
  } catch {
    return false;
  }
}

/** The person named is on the office's staff, enabled, and holds the role they act in. */
function onStaff(actor: Pick<Actor, 'userId' | 'role'>, office: Pick<OfficeFold, 'staff'>, action: string): void {
  const member = office.staff[actor.userId];
  if (!member?.active || !member.roles.includes(actor.role)) throw new DomainError('role.forbidden', { role: actor.role, action });
}

/** The office's people as the rules read them, from the staff table of a device. */
export const staffFold = (staff: readonly { id: string; name: string; roles: Role[]; active: boolean; iin?: string }[]): OfficeFold['staff'] =>
  Object.fromEntries(staff.map((s) => [s.id, { name: s.name, roles: s.roles, active: s.active, ...(s.iin ? { iin: s.iin } : {}) }]));

/** The command that writes this office record, as its rule names it. */
export function commandOf(event: ChainEvent & OfficeEventBody, office: OfficeFold): OfficeCommand {
  const { command } = OFFICE_RECORDS[event.type] as OfficeRecordRule<OfficeEventType>;
  return typeof command === 'function' ? command(event as never, office) : command;
}

function parsePayload(schema: z.ZodType, payload: unknown): void {
  const parsed = schema.safeParse(payload);
  if (parsed.success) {
    // A NUL no form can type, that PostgreSQL cannot store: refused where it stands, not at the hub's insert.
    const nul = nulAt(payload, []);
    if (nul) throw new DomainError('field.invalid', { field: nul.join('.') || 'payload' });
    return;
  }
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'payload';
  const value = issue.path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined), payload);
  if (issue.code === 'too_big' && issue.origin === 'string' && issue.maximum === MAX_EVENT_TEXT) throw new DomainError('field.tooLong', { field, max: Number(issue.maximum), length: typeof value === 'string' ? value.length : 0 });
  throw new DomainError(value === undefined || (typeof value === 'string' && !value.trim()) ? 'field.required' : 'field.invalid', { field });
}

/** Where in a payload a string (or a key) holds a NUL character, if anywhere. */
export function nulAt(value: unknown, path: string[]): string[] | null {
  const below = stringBelow(value, hasNul);
  return below && [...path, ...below];
}

const hasNul = (s: string) => s.includes('\u0000');

/**
 * Where below a value a string or a key is `bad`. The path is built only on the way back from
 * one, so a walk over millions of items copies nothing.
 */
function stringBelow(value: unknown, bad: (s: string) => boolean): string[] | null {
  if (typeof value === 'string') return bad(value) ? [] : null;
  if (!value || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = stringBelow(value[i], bad);
      if (found) return (found.unshift(String(i)), found);
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (bad(key)) return [key];
    const found = stringBelow((value as Record<string, unknown>)[key], bad);
    if (found) return (found.unshift(key), found);
  }
  return null;
}

/** The writer's own check of a case event's payload, by the schema the hub and every device will read it with. */
export function checkCasePayload(body: EventBody): void {
  const rule = CASE_EVENTS[body.type] as (typeof CASE_EVENTS)[CaseEventType] | undefined;
  if (rule) parsePayload(rule.payload, body.payload);
}

// ---- Signatures the rules rely on, checked ahead: WebCrypto is asynchronous, and IndexedDB transactions are not. ----

/**
 * What genuineSignatures found: the ids of the events whose signatures hold, and for an NCA RK
 * signature that does not, why (nca.ts).
 */
export type Genuine = ReadonlySet<string> & { readonly nca?: ReadonlyMap<string, NcaProblem> };

/**
 * The events among these whose signatures hold: a registry the office anchor signed, a signed
 * result whose seal verifies with the key its key id names (from the registries known here or in
 * these events), an NCA RK signature over its seal's payload that chains to one of `ncaRoots`
 * and says what its event says of its signer. What the rules then do with them (is the key
 * registered, valid then, is the IIN the head's?) is theirs.
 */
export async function genuineSignatures(events: readonly ChainEvent[], adminKey: string, known: SignedRegistry | null, ncaRoots: readonly Uint8Array[] = []): Promise<Genuine> {
  const genuine = Object.assign(new Set<string>(), { nca: new Map<string, NcaProblem>() });
  const keys = new Map((known?.registry.keys ?? []).map((k) => [k.keyId, k.publicKey]));
  for (const event of events) {
    if (event.type !== 'office.registryPublished') continue;
    try {
      if (await registrySignedBy(event.payload.signed, adminKey)) {
        genuine.add(event.id);
        for (const k of event.payload.signed.registry.keys) keys.set(k.keyId, k.publicKey);
      }
    } catch {
      // A malformed registry is the schema's to refuse.
    }
  }
  // The seals are independent of each other: checked all at once.
  await Promise.all(
    events.map(async (event) => {
      if (event.type !== 'case.resultSigned' || typeof event.payload?.seal !== 'string') return;
      const signed = readSealText(event.payload.seal);
      const publicKey = signed && keys.get(signed.keyId);
      if (publicKey && (await verifyEs256(publicKey, utf8ToBytes(signed.json), signed.signature))) genuine.add(event.id);
    }),
  );
  const ncaSigned = events.filter((e): e is ChainEvent & Extract<EventBody, { type: 'case.ncaSigned' }> => e.type === 'case.ncaSigned');
  // Only a device that meets an NCA RK signature loads its verifier (and pkijs).
  const nca = ncaSigned.length ? await import('./nca') : null;
  for (const event of ncaSigned) {
    const { seal, cms, signer } = event.payload ?? {};
    const signed = typeof seal === 'string' ? readSealText(seal) : null;
    // The payload's schema runs later, in log order; hostile text must not reach the decoder before it.
    const check = signed && cmsText.safeParse(cms).success ? await nca!.checkNcaSignature(fromBase64(cms as string), utf8ToBytes(signed.json), ncaRoots, signed.payload.issued) : null;
    if (!check) genuine.nca.set(event.id, 'malformed');
    else if (!check.ok) genuine.nca.set(event.id, check.problem);
    else if (canonicalJson(check.signer) !== canonicalJson(signer ?? null)) genuine.nca.set(event.id, 'malformed');
    else genuine.add(event.id);
  }
  return genuine;
}

// ---- The verdict on one event. ----

/** An event dated further ahead of the hub's clock than this is held: its device's clock is wrong. */
const FUTURE_LIMIT_MS = 24 * 60 * 60 * 1000;

export type Admission =
  | { status: 'accepted' | 'flagged'; state?: CaseState; office?: OfficeFold }
  | { status: 'rejected' | 'held'; reason: Reason };

const refused = (status: 'rejected' | 'held', error: unknown): Admission => ({ status, reason: reasonOf(error) });

/**
 * The rules that read the office as the log stands at the event: the payload's schema, who wrote
 * it (on the staff, enabled, in a role that may), and an office record's own conditions. Null when
 * they hold. The hub and the devices run it on every event in log order; `genuine` is
 * genuineSignatures of the events around it.
 */
export function officeVerdict(event: ChainEvent, office: OfficeFold, genuine: Genuine): Extract<Admission, { status: 'rejected' | 'held' }> | null {
  try {
    if (isOfficeEvent(event)) {
      const rule = OFFICE_RECORDS[event.type] as OfficeRecordRule<OfficeEventType> | undefined;
      if (!rule) throw new DomainError('sync.eventUnknown', { type: event.type });
      parsePayload(rule.payload, event.payload);
      checkOfficeCommand(commandOf(event, office), event.actor, office);
      rule.check?.(event as never, office, genuine);
      return null;
    }
    const rule = CASE_EVENTS[event.type as CaseEventType] as (typeof CASE_EVENTS)[CaseEventType] | undefined;
    // An event type from a newer Kense: the case is parked at it until this one is updated; only
    // someone on the staff can stop a case so.
    if (!rule) {
      onStaff(event.actor, office, event.type);
      return null;
    }
    parsePayload(rule.payload, event.payload);
    checkCommand(rule.command, event.actor, undefined);
    onStaff(event.actor, office, rule.command);
    // Version 0.1's approval carried no signature these rules can check: nothing writes it now, and nothing takes it on its word.
    if (event.type === 'case.signed') throw new DomainError('sync.sealInvalid');
    // A withdrawn service takes no new applications, whichever device took one (commands.ts intake asks the same).
    if ((event.type === 'case.registered' || event.type === 'case.submitted') && office.withdrawn?.[event.payload.serviceId]) {
      throw new DomainError('service.withdrawn', { serviceId: event.payload.serviceId });
    }
    if (event.type === 'case.visaed' || event.type === 'case.reassigned') {
      const { specialist } = event.payload;
      const member = office.staff[specialist.userId];
      if (!member?.active || !member.roles.includes('specialist')) throw new DomainError('specialist.unknown', { specialistId: specialist.userId });
    }
    if (event.type === 'case.resultSigned') {
      const signed = readSealText(event.payload.seal);
      if (!signed || signed.payload.office !== event.officeId) throw new DomainError('sync.sealInvalid');
      const key = office.registry?.registry.keys.find((k) => k.keyId === signed.keyId);
      // The registry that lists the key may still be on its way (a transfer file from another device).
      if (!key) return { status: 'held', reason: { code: 'signing.keyNotRegistered', params: { keyId: signed.keyId } } };
      if (key.holder.userId !== event.actor.userId) throw new DomainError('signing.keyNotRegistered', { keyId: signed.keyId });
      if (!genuine.has(event.id) || keyStatusAt(key, signed.payload.issued) !== 'valid') throw new DomainError('sync.sealInvalid', { keyId: signed.keyId });
    }
    if (event.type === 'case.ncaSigned') {
      ncaSignerIsActor(event.payload.signer, event.actor, office.staff);
      if (!genuine.has(event.id)) throw new DomainError(`nca.${genuine.nca?.get(event.id) ?? 'badSignature'}`);
    }
    return null;
  } catch (error) {
    return refused('rejected', error) as Extract<Admission, { status: 'rejected' }>;
  }
}

/** What an office record that passed its rules changes in the office the rules read. */
export function foldOffice(office: OfficeFold, event: ChainEvent): OfficeFold {
  if (!isOfficeEvent(event)) return office;
  const rule = OFFICE_RECORDS[event.type] as OfficeRecordRule<OfficeEventType> | undefined;
  return rule?.fold ? rule.fold(office, event as never) : office;
}

/** The IIN of an NCA RK signature's certificate is the one the signer's staff record holds. */
export function ncaSignerIsActor(signer: Pick<NcaSigner, 'iin'>, actor: Pick<Actor, 'userId'>, staff: OfficeFold['staff']): void {
  const iin = staff[actor.userId]?.iin;
  if (!iin) throw new DomainError('nca.noIin');
  if (signer.iin !== iin) throw new DomainError('nca.wrongIin');
}

/** The seal's payload names this case: its number, office, service and version, and its applicant. */
function sealIsFor(seal: string, state: CaseState): boolean {
  const signed = readSealText(seal);
  if (!signed) return false;
  const { reg, office, service, serviceVersion, to } = signed.payload;
  return reg === state.regNumber && office === state.officeId && service === state.serviceId && serviceVersion === state.serviceVersion && to === state.applicant.name;
}

/**
 * The rules that read the case, for an event that passed officeVerdict: the person may act on
 * this case, and the transition starts from the case's stage. A genuine signed result for a
 * case that moved on is kept and flagged, never dropped; one for a case not here yet is held.
 */
export function caseVerdict(event: ChainEvent, state: CaseState | undefined): Admission {
  if (isOfficeEvent(event)) return { status: 'accepted' };
  const rule = CASE_EVENTS[event.type as CaseEventType] as (typeof CASE_EVENTS)[CaseEventType] | undefined;
  try {
    if (event.type === 'case.resultSigned' && !state) return { status: 'held', reason: { code: 'case.notFound', params: { caseId: event.caseId } } };
    // A seal is for the case it names: one signed for another case is no signature of this one.
    if (event.type === 'case.resultSigned' && state && !sealIsFor(event.payload.seal, state)) throw new DomainError('signing.draftChanged');
    // Its seal may still be held (its key's registry on the way): the NCA RK signature waits with it. The fold keeps the rest of its rule.
    if (event.type === 'case.ncaSigned' && !state?.seal) return { status: 'held', reason: { code: 'nca.otherSeal', params: {} } };
    // The rules of the writer (checkCommand), except that the stage is the one the event left.
    if (rule && state) {
      if (event.type !== 'case.registered' && event.type !== 'case.submitted' && event.payload.from !== state.stage && mayRead(event.actor, state)) {
        if (event.type === 'case.resultSigned') return { status: 'flagged', state: keepFlaggedSeal(state, event) };
        throw new DomainError('stage.wrong', { stage: state.stage, action: event.type });
      }
      checkCommand(rule.command, event.actor, state);
      // The check this event records is one still pending, as the writer's decide asks.
      if (event.type === 'case.registerChecked' && state.registerChecks?.[event.payload.check]?.status !== 'pending') throw new DomainError('registerCheck.notPending');
      if (event.type === 'case.heard') checkHearingDay(state, event.payload.heardOn);
    }
    return { status: 'accepted', state: applyEvent(state, event) };
  } catch (error) {
    return refused('rejected', error);
  }
}

/**
 * The hub's whole verdict on a new event, in office-log order: its clock (an event dated a day
 * ahead is held), then the office's rules, then the case's. `nowMs` null: the head released it,
 * so its device's clock no longer matters.
 */
export function admitEvent(event: ChainEvent, state: CaseState | undefined, office: OfficeFold, genuine: Genuine, nowMs: number | null): Admission {
  // An audit record changes nothing, so a wrong clock is no reason to hold it: it keeps the time its device gave.
  const audit = isOfficeEvent(event) && AUDIT_EVENT_TYPES.includes(event.type);
  const ahead = nowMs === null || audit ? 0 : decodeHlc(event.hlc).wall - nowMs;
  if (ahead > FUTURE_LIMIT_MS) return { status: 'held', reason: { code: 'sync.futureEvent', params: { hours: Math.round(ahead / 3_600_000) } } };
  const refusal = officeVerdict(event, office, genuine);
  if (refusal) return refusal;
  if (isOfficeEvent(event)) return { status: 'accepted', office: foldOffice(office, event) };
  return caseVerdict(event, state);
}

