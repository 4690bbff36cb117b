import { hashOf } from './canonical';
import type { OfficeTerms } from './catalog';
import type { CalendarEdit, OfficeHours, PlannedStep } from './deadlines';
import type { FieldValue } from './fields';
import type { LocalDate } from './localDate';
import type { SignedRegistry } from './keys';
import type { Channel, Role, Stage } from './roles';
import type { Credential } from './credential';
import type { NcaSigner } from './nca';

/** Who did it, as they were at the time (names change; the record does not). */
export interface Actor {
  userId: string;
  role: Role;
  name: string;
}

export interface Applicant {
  name: string;
  iin: string;
  address: string;
  phone: string;
}

/** Consent to processing personal data (Law 94-V): who gave it, for what. When is the registration. */
export interface Consent {
  by: string;
  purpose: { kk: string; ru: string };
}

/** Acting for the applicant under a notarised power of attorney. */
export interface Representative {
  name: string;
  iin: string;
  poaNumber: string;
  poaDate: LocalDate;
  notary: string;
}

export type Draft =
  /** `forms`: the names in the cases the result's wording needs (paper/template.ts), as the specialist left them. */
  | { outcome: 'result'; variant: string; fields: Record<string, FieldValue>; forms?: Record<string, string> }
  | { outcome: 'refusal'; grounds: string[]; reasons: string };

/** The head's approval as version 0.1 recorded it, before signing keys: read from old logs, never written. */
export interface ApprovalSeal {
  algorithm: string;
  keyId: string;
  signature: string;
  documentHash: string;
}

export interface Recipient {
  /** The applicant, their representative under the power of attorney on the case, or the centre's courier. */
  kind: 'applicant' | 'representative' | 'courier';
  name: string;
  /** The identity document the person who took the result showed (a crew records it in the field). */
  idDocument?: string;
}

export const SCAN_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;

/** The state registers an intake would query (SERVICES.md): the individuals register, and the notary system for a power of attorney. */
export const REGISTER_CHECKS = ['individuals', 'notary'] as const;
export type RegisterCheck = (typeof REGISTER_CHECKS)[number];
/**
 * How a register check went at intake, offline: left to check when online, or checked by hand
 * against the paper original by the person who took the application. Later, checked online.
 */
export type CheckStatus = 'pending' | 'byHand' | 'online';

/**
 * A scan of a document the applicant gave, kept with the case: a compressed picture, or the PDF a
 * scanner wrote (its pages as they are; width and height are its first page's, in points).
 */
export interface Scan {
  documentId: string;
  type: (typeof SCAN_TYPES)[number];
  width: number;
  height: number;
  /** The picture's bytes, base64. */
  data: string;
}

/**
 * The quality survey of the regulations (Appendix 5 of seeds 000/003): two questions, each answered
 * 1 not satisfied, 2 partly, 3 satisfied. Asked at handover, or later by phone.
 */
export const SURVEY_ANSWERS = [1, 2, 3] as const;
export type SurveyAnswer = (typeof SURVEY_ANSWERS)[number];
export type Survey = { quality: SurveyAnswer; information: SurveyAnswer; asked: 'handover' | 'phone' };

/** What the registration itself records, at the window or in the field. */
interface Registration {
  serviceId: string;
  serviceVersion: number;
  regNumber: string;
  channel: Channel;
  applicant: Applicant;
  representative: Representative | null;
  application: Record<string, FieldValue>;
  documentsReceived: string[];
  /** Who agreed to the processing of personal data, and for what; absent on cases registered before it was recorded. */
  consent?: Consent;
  /** How each register check was done; absent on cases registered before it was recorded. */
  registerChecks?: Partial<Record<RegisterCheck, Exclude<CheckStatus, 'online'>>>;
  /** The plan at registration; its last due time is the term where the regulation states none. */
  plan: PlannedStep[];
  termDueAt: string;
  stepDueAt: string;
}

/**
 * What happened to a case. A released type's meaning never changes; a new meaning is a new
 * type. Each transition names the stage it starts from (`from`), so a transition made on a
 * stale copy of the case is recognisable when devices meet.
 */
export type EventBody =
  /** At the window; `scans` of the documents received, when the clerk scanned them (absent before this version). */
  | { type: 'case.registered'; payload: Registration & { scans?: Scan[] } }
  /**
   * A centre operator or mobile crew took the application outside the office: the package, with
   * the scans, goes to the office's clerk. `stepDueAt` is when the office must have registered or
   * returned it; the receipt promises `termDueAt`.
   */
  | { type: 'case.submitted'; payload: Registration & { place: string; scans: Scan[] } }
  /** The clerk registered a package from a centre in the incoming journal; it goes to the head. */
  | { type: 'case.packageRegistered'; payload: { from: 'intake'; stepDueAt: string } }
  /** A register check left for later was done. */
  | { type: 'case.registerChecked'; payload: { from: Exclude<Stage, 'closed'>; check: RegisterCheck; status: Exclude<CheckStatus, 'pending'>; note: string } }
  | { type: 'case.visaed'; payload: { from: 'visa'; resolution: string; specialist: { userId: string; name: string }; stepDueAt: string } }
  /** The head gave the review to another specialist (one away, one overloaded); the step's time runs on. */
  | { type: 'case.reassigned'; payload: { from: 'review'; specialist: { userId: string; name: string }; reason: string } }
  | { type: 'case.drafted'; payload: { from: 'review'; documentChecks: Record<string, boolean>; draft: Draft; stepDueAt: string } }
  | { type: 'case.returned'; payload: { from: 'signing'; reason: string; stepDueAt: string } }
  /** 0.1's approval without a digital signature; still folded so its cases stay readable. */
  | { type: 'case.signed'; payload: { from: 'signing'; seal: ApprovalSeal; stepDueAt: string; validUntil: LocalDate | null } }
  /** The head's digital signature: the seal text (seal.ts) carries the signed payload, key id and signature. */
  | { type: 'case.resultSigned'; payload: { from: 'signing'; seal: string; stepDueAt: string } }
  /**
   * The head's NCA RK signature (nca.ts) over the same payload as the seal it names, added at
   * signing or later, before handover. `signer` is what its certificate says, checked by every reader.
   */
  | { type: 'case.ncaSigned'; payload: { from: 'handover'; seal: string; cms: string; signer: NcaSigner } }
  | { type: 'case.refusalNoticed'; payload: { from: 'review'; grounds: string[]; reasons: string; hearingOn: LocalDate } }
  | { type: 'case.heard'; payload: { from: 'review'; heardOn: LocalDate; attended: boolean; statement: string } }
  | { type: 'case.extended'; payload: { from: Exclude<Stage, 'closed'>; reason: string; stepDueAt: string; termDueAt: string } }
  | { type: 'case.returnedToCentre'; payload: { from: 'intake' | 'visa' | 'review'; reasons: string } }
  /**
   * The clerk corrected what was registered (a typo in a name, an address, a form field) before a
   * draft was made; `old` is null where the field had no value. The history keeps both sides.
   */
  | { type: 'case.corrected'; payload: { from: CorrectableStage; changes: Correction[]; reason: string } }
  /** The applicant withdrew the application (their written request of `requestedOn`) before a result was signed; the case ends there. */
  | { type: 'case.withdrawn'; payload: { from: WithdrawableStage; reason: string; requestedOn: LocalDate } }
  | { type: 'case.handedOver'; payload: { from: 'handover'; recipient: Recipient; handedOverOn: string } }
  /** The applicant answered the quality survey, after the result was handed over. */
  | { type: 'case.surveyed'; payload: { from: 'closed' } & Survey };

export type EventType = EventBody['type'];

/** The stages at which registered data may be corrected: before the specialist's draft, long before a seal. */
/** At handover a correction supersedes the signed result: the case goes back to the specialist for a new paper. */
export const CORRECTABLE_STAGES = ['intake', 'visa', 'review', 'handover'] as const;
export type CorrectableStage = (typeof CORRECTABLE_STAGES)[number];
/** The stages an applicant may withdraw at: any before the head signed (a signed result is theirs to take or leave). */
export const WITHDRAWABLE_STAGES = ['intake', 'visa', 'review', 'signing'] as const;
export type WithdrawableStage = (typeof WITHDRAWABLE_STAGES)[number];
/** The applicant's details a correction may change; the IIN names the person, so a wrong IIN is a new application. */
export const CORRECTABLE_APPLICANT = ['name', 'address', 'phone'] as const;
/** One corrected field: `applicant.<name|address|phone>` or `application.<field id>`. */
export interface Correction {
  path: string;
  old: FieldValue | null;
  new: FieldValue | null;
}

/** The stream of the office's own records, beside its cases: its key registry, the keys waiting for it, its catalog records. */
export const OFFICE_STREAM = 'office';

/**
 * What happened to the office's records. They travel in the same device chains as case events,
 * so sync, bundles and fork detection treat both alike.
 */
export type OfficeEventBody =
  /** A registry version the administrator key signed; a device keeps the newest its anchor signed. */
  | { type: 'office.registryPublished'; payload: { signed: SignedRegistry } }
  /** A head made a signing key on some device; the administrator registers it from any device. */
  | { type: 'office.keyRequested'; payload: { keyId: string; publicKey: string; holder: { userId: string; name: string } } }
  /** The office's catalog records (the administrator's): the last in the hub's order wins on every device. */
  | { type: 'office.serviceImported'; payload: { file: string; data: unknown } }
  /** An added service taken out of new intake, with the administrator's reason; its open cases go on to their end. */
  | { type: 'office.serviceWithdrawn'; payload: { serviceId: string; reason: string } }
  | { type: 'office.termsSet'; payload: { terms: OfficeTerms } }
  | { type: 'office.termsCleared'; payload: { serviceId: string } }
  | { type: 'office.calendarEdited'; payload: { edit: CalendarEdit } }
  /** When the office is open: its minute steps run in these hours. */
  | { type: 'office.hoursSet'; payload: { hours: OfficeHours } }
  /** The visa's resolution texts the head picks from (visa form), the office's own. */
  | { type: 'office.resolutionsSet'; payload: { resolutions: string[] } }
  /** How many years after closing the office keeps a service's cases, and on what basis (its records schedule). */
  | { type: 'office.retentionSet'; payload: { retention: Retention } }
  /** The head reviewed an event the hub held (its device's clock was ahead) and lets it in: the hub admits it again, clock aside. */
  | { type: 'office.heldReleased'; payload: { seq: number; eventId: string } }
  /** A person's account as the administrator saved it; a person may also change their own credential. */
  | { type: 'office.staffSaved'; payload: { member: StaffMember } }
  /** A crew planned (or planned again) its field trip. */
  | { type: 'office.tripPlanned'; payload: { trip: Trip } }
  /** The administrator cut a lost or stolen device off: the hub takes no request of it from then on; what it wrote before stays. */
  | { type: 'office.deviceRevoked'; payload: { deviceId: string; code: string; reason: string } }
  /** The audit trail: who signed in, who read which case's personal data, what left the device. */
  | { type: 'office.signedIn'; payload: { failedBefore: number } }
  | { type: 'office.caseViewed'; payload: { caseId: string; regNumber: string; what: AuditedView } }
  | { type: 'office.exported'; payload: { what: AuditedExport; count: number } };

/** What a person looked at: a case's page, or one of its papers on screen or printed. */
export type AuditedView = 'case' | 'paper';
/** What left the device in a file: the audit trail, a backup, a transfer file. */
export type AuditedExport = 'audit' | 'backup' | 'transfer';

/** The office events that only record who did what; they change no record. */
export const AUDIT_EVENT_TYPES: readonly OfficeEventBody['type'][] = ['office.signedIn', 'office.caseViewed', 'office.exported'];

export interface Retention {
  serviceId: string;
  years: number;
  basis: string;
}

/** Where an event sits: its device's chain, and the case (or the office stream) it belongs to. */
export interface EventEnvelope {
  id: string;
  caseId: string;
  officeId: string;
  actor: Actor;
  deviceId: string;
  /** Dense per device, from 1. */
  deviceSeq: number;
  /** Hybrid logical clock (hlc.ts). */
  hlc: string;
  /** Hash of the same device's previous event; null for its first. */
  prevHash: string | null;
}

export type OfficeEvent = OfficeEventBody & EventEnvelope & { hash: string };
/** Anything in a device's chain: a case event or an office event. */
export type ChainEvent = CaseEvent | OfficeEvent;

export const isOfficeEvent = (event: ChainEvent): event is OfficeEvent => event.type.startsWith('office.');

export type UnsealedEvent = EventBody & EventEnvelope;

export type CaseEvent = UnsealedEvent & { hash: string };

/** hash = SHA-256 of the canonical JSON of the event without its hash. */
export function sealEvent<E extends EventEnvelope>(event: E): E & { hash: string } {
  return { ...event, hash: hashOf(event) };
}

/** Where a device's hash chain stands: the next event links to `lastHash` with number `lastSeq + 1`. */
export interface ChainPosition {
  officeId: string;
  deviceId: string;
  lastSeq: number;
  lastHash: string | null;
}

/** The next event of a device's chain: numbered, linked to the last one and hashed. */
export function chainEvent(head: ChainPosition, body: (EventBody | OfficeEventBody) & { caseId: string }, actor: Actor, hlc: string, id: string): ChainEvent {
  return sealEvent({ ...body, id, officeId: head.officeId, actor, deviceId: head.deviceId, deviceSeq: head.lastSeq + 1, hlc, prevHash: head.lastHash }) as ChainEvent;
}

export type ChainCheck = { ok: true } | { ok: false; deviceSeq: number; problem: 'hash' | 'link' | 'gap' };

/**
 * Checks one device's events as they come, in deviceSeq order from its first: each hash
 * recomputes, each prevHash names the previous event, and no sequence number is missing. It
 * keeps only the last event's number and hash, so a long chain is checked a page at a time.
 * After the first problem it answers that problem.
 */
export function chainChecker(): (event: ChainEvent) => ChainCheck {
  let lastSeq = 0;
  let lastHash: string | null = null;
  let found: ChainCheck = { ok: true };
  return (event) => {
    if (!found.ok) return found;
    if (lastSeq + 1 !== event.deviceSeq) found = { ok: false, deviceSeq: event.deviceSeq, problem: 'gap' };
    else if (event.prevHash !== lastHash) found = { ok: false, deviceSeq: event.deviceSeq, problem: 'link' };
    else if (!hashHolds(event)) found = { ok: false, deviceSeq: event.deviceSeq, problem: 'hash' };
    lastSeq = event.deviceSeq;
    lastHash = event.hash;
    return found;
  };
}

/** The whole of one device's events, checked as chainChecker does. A changed, removed or inserted event is found here. */
export function verifyChain(events: readonly ChainEvent[]): ChainCheck {
  const check = chainChecker();
  let result: ChainCheck = { ok: true };
  for (const event of events) if (!(result = check(event)).ok) break;
  return result;
}

/** True when the event's hash is the hash of the rest of it: nothing in it was changed. */
export function hashHolds(event: ChainEvent): boolean {
  const { hash, ...rest } = event;
  return hashOf(rest) === hash;
}

export interface StaffMember {
  id: string;
  name: string;
  roles: Role[];
  /** A disabled person cannot sign in; their past actions keep their name. */
  active: boolean;
  /** Their password's wrap of the office key (credential.ts). */
  credential?: Credential;
  /** Set when the administrator gave the password: the person chooses their own at the next sign-in. */
  mustChange?: boolean;
  /** Their IIN, which an NCA RK signature of theirs must carry (a head's, for now). */
  iin?: string;
}

/**
 * A mobile crew's field trip (SERVICES.md "Mobile centres"): the settlements it goes to, a day
 * each. The crew plans it; on the road it sees what to hand over where, and after it the trip
 * report. Planning again under the same id replaces the plan.
 */
export interface Trip {
  id: string;
  operator: { userId: string; name: string };
  /** In the order of their days. */
  settlements: { place: string; on: LocalDate }[];
}
