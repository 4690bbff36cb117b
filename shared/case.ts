import { decodeHlc } from './hlc';
import { canonicalJson } from './canonical';
import { DomainError } from './errors';
import type { Service, Step } from './catalog';
import type { PlannedStep } from './deadlines';
import type { Actor, Applicant, CaseEvent, CheckStatus, Consent, Correction, Draft, EventType, Recipient, RegisterCheck, Representative, Scan, Survey } from './event';

/** A scan as the case lists it: which document, its size; the picture itself stays in the event. */
export type ScanRef = Omit<Scan, 'data'> & { bytes: number };
import { readSealText, type ResultPayload } from './seal';
import type { FieldValue } from './fields';
import type { LocalDate } from './localDate';
import type { NcaSigner } from './nca';
import { STAGES, type Channel, type Stage } from './roles';

export interface StatusEntry {
  at: string;
  type: EventType;
  stage: Stage;
  actor: Actor;
  /** The text that goes with the step: the resolution, the return reason. */
  note?: string;
  /** What a correction changed, each field's old and new value. */
  changes?: Correction[];
}

export interface Seal {
  text: string | null;
  payload: ResultPayload | null;
  keyId: string;
  signedAt: string;
  signedBy: Actor;
}

/** A case as its events make it. Only `applyEvent` builds one. */
export interface CaseState {
  id: string;
  officeId: string;
  serviceId: string;
  serviceVersion: number;
  regNumber: string;
  channel: Channel;
  stage: Stage;
  applicant: Applicant;
  /** Consent to processing personal data, given at registration (`registeredAt`). */
  consent?: Consent;
  representative: Representative | null;
  application: Record<string, FieldValue>;
  documentsReceived: string[];
  /** When the office registered it in the incoming journal; for a package still at intake, when it was taken. */
  registeredAt: string;
  /** Who took the application: the clerk at the window, or the centre operator or crew. */
  registeredBy: Actor;
  /** A package a centre or crew took outside the office: when and where, and the scans sent with it (their pictures stay in the event). */
  package?: { takenAt: string; place: string; scans: ScanRef[] };
  /** The scans the clerk made at the window (a package's are its own). */
  scans?: ScanRef[];
  /** How the register checks were done, and by whom (SERVICES.md "Checks against state registers"). */
  registerChecks?: Partial<Record<RegisterCheck, { status: CheckStatus; by: Actor; at: string; note?: string }>>;
  plan: PlannedStep[];
  /** When the result is promised to the applicant (on the receipt). */
  termDueAt: string;
  /** When the current step started and is due; null once closed. */
  stepStartedAt: string | null;
  stepDueAt: string | null;
  resolution?: string;
  specialist?: { userId: string; name: string };
  documentChecks?: Record<string, boolean>;
  draft?: Draft;
  /**
   * The head's signature. `text` is what the QR code holds and `payload` what it certifies;
   * both are null for a 0.1 approval, which was no digital signature.
   */
  seal?: Seal;
  /**
   * Signed results for this case that reached the hub after another had already moved it on
   * (two devices signed while apart). A signed result is never dropped: they stay here, flagged.
   */
  otherSeals?: Seal[];
  /** Signed results a correction superseded, oldest first: their papers no longer stand. */
  supersededSeals?: Seal[];
  /** The head's NCA RK signature over the seal's payload, beside the seal (nca.ts). */
  ncaSignature?: { cms: string; signer: NcaSigner; at: string; by: Actor };
  /** The last day a signed result is valid (S2, S3: one month). */
  validUntil?: LocalDate | null;
  /** The intended refusal told to the applicant, and their hearing (APC art. 73). */
  refusalNotice?: { grounds: string[]; reasons: string; hearingOn: LocalDate; at: string };
  hearing?: { heardOn: LocalDate; attended: boolean; statement: string };
  /** The package went back to the service centre as defective; the case ends there. */
  returnedToCentre?: { reasons: string; at: string; by: Actor };
  handover?: { recipient: Recipient; handedOverOn: string; by: Actor };
  /** The applicant withdrew the application: their request's date and words; the case ends there. */
  withdrawn?: { reason: string; requestedOn: LocalDate; at: string; by: Actor };
  /** The applicant's answers to the quality survey, and who asked them, when. */
  survey?: Survey & { at: string; by: Actor };
  history: StatusEntry[];
  /** How many events made this state. */
  version: number;
}

const scanRef = ({ data, ...scan }: Scan): ScanRef => ({ ...scan, bytes: Math.floor((data.length * 3) / 4) });

/** The scans a case lists: a package's, or those the clerk made at the window. */
export const scansOf = (state: Pick<CaseState, 'package' | 'scans'>): ScanRef[] => state.package?.scans ?? state.scans ?? [];

/** When the event happened, by its device's clock. */
export function eventTime(event: Pick<CaseEvent, 'hlc'>): string {
  return new Date(decodeHlc(event.hlc).wall).toISOString();
}

/**
 * The fold: the state after one more event. Pure and total over valid histories; an event
 * whose `from` is not the current stage is refused, never applied to the wrong state.
 */
export function applyEvent(state: CaseState | undefined, event: CaseEvent): CaseState {
  const at = eventTime(event);
  if (event.type === 'case.registered' || event.type === 'case.submitted') {
    if (state) throw new DomainError('case.exists', { regNumber: state.regNumber });
    const { plan, termDueAt, stepDueAt, consent, registerChecks, ...p } = event.payload;
    // A package waits at intake for the office's clerk; an application at the window is registered as it is taken.
    const stage = event.type === 'case.submitted' ? 'intake' : 'visa';
    return {
      id: event.caseId,
      officeId: event.officeId,
      serviceId: p.serviceId,
      serviceVersion: p.serviceVersion,
      regNumber: p.regNumber,
      channel: p.channel,
      stage,
      applicant: p.applicant,
      representative: p.representative,
      application: p.application,
      documentsReceived: p.documentsReceived,
      ...(consent ? { consent } : {}),
      ...(registerChecks ? { registerChecks: Object.fromEntries(Object.entries(registerChecks).map(([check, status]) => [check, { status, by: event.actor, at }])) } : {}),
      ...(event.type === 'case.submitted' ? { package: { takenAt: at, place: event.payload.place, scans: event.payload.scans.map(scanRef) } } : {}),
      ...(event.type === 'case.registered' && event.payload.scans?.length ? { scans: event.payload.scans.map(scanRef) } : {}),
      registeredAt: at,
      registeredBy: event.actor,
      plan,
      termDueAt,
      stepStartedAt: at,
      stepDueAt,
      history: [{ at, type: event.type, stage, actor: event.actor }],
      version: 1,
    };
  }
  if (!state) throw new DomainError('case.notFound', { caseId: event.caseId });
  if (event.payload.from !== state.stage) throw new DomainError('stage.wrong', { stage: state.stage, action: event.type });

  // A new step starts when the stage moves to one with a new due time.
  const next = (stage: Stage, changes: Partial<CaseState>, note?: string): CaseState => ({
    ...state,
    ...(changes.stepDueAt !== undefined && changes.stepDueAt !== state.stepDueAt ? { stepStartedAt: changes.stepDueAt && at } : {}),
    ...changes,
    stage,
    history: [...state.history, { at, type: event.type, stage, actor: event.actor, ...(note ? { note } : {}) }],
    version: state.version + 1,
  });

  switch (event.type) {
    case 'case.packageRegistered':
      return next('visa', { registeredAt: at, stepDueAt: event.payload.stepDueAt });
    case 'case.registerChecked': {
      const { check, status, note } = event.payload;
      return next(state.stage, { registerChecks: { ...state.registerChecks, [check]: { status, by: event.actor, at, ...(note ? { note } : {}) } } }, note);
    }
    case 'case.visaed':
      return next('review', { resolution: event.payload.resolution, specialist: event.payload.specialist, stepDueAt: event.payload.stepDueAt }, event.payload.resolution);
    case 'case.reassigned':
      return next('review', { specialist: event.payload.specialist }, event.payload.reason);
    case 'case.drafted':
      return next('signing', { documentChecks: event.payload.documentChecks, draft: event.payload.draft, stepDueAt: event.payload.stepDueAt });
    case 'case.returned':
      return next('review', { stepDueAt: event.payload.stepDueAt }, event.payload.reason);
    case 'case.signed':
      return next('handover', {
        seal: { text: null, payload: null, keyId: event.payload.seal.keyId, signedAt: at, signedBy: event.actor },
        validUntil: event.payload.validUntil,
        stepDueAt: handoverDue(state, event.payload.stepDueAt),
      });
    case 'case.resultSigned': {
      const seal = sealOf(event);
      return next('handover', { seal, validUntil: seal.payload!.validUntil, stepDueAt: handoverDue(state, event.payload.stepDueAt) });
    }
    case 'case.ncaSigned': {
      const { seal, cms, signer } = event.payload;
      // Every fold keeps the rule, so a transfer file applied before the hub numbered it cannot pair this CMS with another seal.
      ncaSignable(state, event.actor, seal);
      return next('handover', { ncaSignature: { cms, signer, at, by: event.actor } });
    }
    case 'case.handedOver':
      return next('closed', { handover: { recipient: event.payload.recipient, handedOverOn: event.payload.handedOverOn, by: event.actor }, stepStartedAt: null, stepDueAt: null });
    case 'case.refusalNoticed': {
      const { grounds, reasons, hearingOn } = event.payload;
      return next('review', { refusalNotice: { grounds, reasons, hearingOn, at }, hearing: undefined }, reasons);
    }
    case 'case.heard': {
      const { heardOn, attended, statement } = event.payload;
      return next('review', { hearing: { heardOn, attended, statement } }, statement);
    }
    case 'case.extended':
      // The step keeps its start: an extension gives it more time, it does not restart it.
      return next(state.stage, { stepDueAt: event.payload.stepDueAt, stepStartedAt: state.stepStartedAt, termDueAt: event.payload.termDueAt }, event.payload.reason);
    case 'case.surveyed': {
      const { quality, information, asked } = event.payload;
      return next('closed', { survey: { quality, information, asked, at, by: event.actor } });
    }
    case 'case.corrected': {
      const applicant = { ...state.applicant };
      const application = { ...state.application };
      for (const change of event.payload.changes) {
        const [part, field] = [change.path.slice(0, change.path.indexOf('.')), change.path.slice(change.path.indexOf('.') + 1)];
        if (part === 'applicant') applicant[field as 'name' | 'address' | 'phone'] = change.new as string;
        else if (change.new === null) delete application[field];
        else application[field] = change.new;
      }
      // A signed paper certifies what it says: corrected, it is superseded, and the specialist makes a new one for the head to sign.
      const superseding = state.stage === 'handover' && state.seal;
      const draft = draftAfter(state.draft, event.payload.changes);
      const corrected = superseding
        ? next('review', { applicant, application, ...(draft ? { draft } : {}), seal: undefined, ncaSignature: undefined, validUntil: undefined, supersededSeals: [...(state.supersededSeals ?? []), state.seal!], stepDueAt: state.termDueAt }, event.payload.reason)
        : next(state.stage, { applicant, application, ...(draft ? { draft } : {}) }, event.payload.reason);
      corrected.history.at(-1)!.changes = event.payload.changes;
      return corrected;
    }
    case 'case.withdrawn': {
      const { reason, requestedOn } = event.payload;
      return next('closed', { withdrawn: { reason, requestedOn, at, by: event.actor }, stepStartedAt: null, stepDueAt: null }, reason);
    }
    case 'case.returnedToCentre':
      return next('closed', { returnedToCentre: { reasons: event.payload.reasons, at, by: event.actor }, stepStartedAt: null, stepDueAt: null }, event.payload.reasons);
    default:
      // An event type from a newer version of Kense: the caller parks it until this one is updated.
      throw new DomainError('sync.eventUnknown', { type: (event as CaseEvent).type });
  }
}

/**
 * A signed result waits for the applicant or the courier: it is ready, not late, until the date
 * promised to the applicant. The handover step's own minutes matter only once that date has
 * passed (a result signed late).
 */
function handoverDue(state: CaseState, stepDueAt: string): string {
  return stepDueAt > state.termDueAt ? stepDueAt : state.termDueAt;
}

/**
 * A result's draft after a correction: a fact it copied from the application follows the
 * correction, and the names' declined forms are made again from the corrected data (a form the
 * specialist corrected by hand was of the old name).
 */
function draftAfter(draft: Draft | undefined, changes: readonly Correction[]): Draft | undefined {
  if (draft?.outcome !== 'result') return draft;
  const fields = { ...draft.fields };
  for (const change of changes) {
    const id = change.path.startsWith('application.') ? change.path.slice('application.'.length) : null;
    if (id && id in fields && canonicalJson(fields[id]) === canonicalJson(change.old)) {
      if (change.new === null) delete fields[id];
      else fields[id] = change.new;
    }
  }
  const { forms: _stale, ...rest } = draft;
  return { ...rest, fields };
}

function sealOf(event: Extract<CaseEvent, { type: 'case.resultSigned' }>): Seal {
  const signed = readSealText(event.payload.seal);
  if (!signed) throw new DomainError('signing.sealMalformed');
  return { text: event.payload.seal, payload: signed.payload, keyId: signed.keyId, signedAt: eventTime(event), signedBy: event.actor };
}

/** An NCA RK signature goes beside the case's own seal, once, by the head who sealed it. */
export function ncaSignable(state: CaseState, actor: Pick<Actor, 'userId'>, seal: string): void {
  if (!state.seal?.text || state.seal.text !== seal || state.seal.signedBy.userId !== actor.userId) throw new DomainError('nca.otherSeal');
  if (state.ncaSignature) throw new DomainError('nca.already');
}

/** Keeps a signed result that came after the case had moved on: flagged beside the case, never applied to it. */
export function keepFlaggedSeal(state: CaseState, event: Extract<CaseEvent, { type: 'case.resultSigned' }>): CaseState {
  return { ...state, otherSeals: [...(state.otherSeals ?? []), sealOf(event)] };
}

/** The step that opened the review now under way: the visa, the head's return, or a correction that superseded the signed result. */
function reviewOpenedBy(state: CaseState): StatusEntry | undefined {
  if (state.stage !== 'review') return undefined;
  const i = state.history.findLastIndex((h, at) => h.stage === 'review' && state.history[at - 1]?.stage !== 'review');
  return state.history[i];
}

/** The head's reason, when the draft under review came back from signing; undefined for a first review. */
export function sentBack(state: CaseState): StatusEntry | undefined {
  const opened = reviewOpenedBy(state);
  return opened?.type === 'case.returned' ? opened : undefined;
}

/** The correction, with its reason, when it superseded the signed result and the review makes a new one. */
export function supersededBy(state: CaseState): StatusEntry | undefined {
  const opened = reviewOpenedBy(state);
  return opened?.type === 'case.corrected' ? opened : undefined;
}

/** How a closed case ended; undefined while it is open. */
export function outcomeOf(state: CaseState): 'result' | 'refusal' | 'returnedToCentre' | 'withdrawn' | undefined {
  if (state.stage !== 'closed') return undefined;
  if (state.withdrawn) return 'withdrawn';
  return state.returnedToCentre ? 'returnedToCentre' : state.draft?.outcome;
}

/**
 * The office registered it in its incoming journal: at the window, or a package its clerk
 * registered. A package returned to its centre before that never was, though it keeps the time
 * it was taken as `registeredAt`.
 */
export function registeredByOffice(state: Pick<CaseState, 'package' | 'history'>): boolean {
  return !state.package || state.history.some((h) => h.type === 'case.packageRegistered');
}

/** A case from its whole history, in order. */
export function foldEvents(events: readonly CaseEvent[]): CaseState | undefined {
  return events.reduce<CaseState | undefined>(applyEvent, undefined);
}

export interface TimelineEntry {
  step: Step;
  plannedDueAt: string | undefined;
  startedAt: string | undefined;
  /** Undefined while the step runs, or when it was reopened (a draft returned for rework). */
  finishedAt: string | undefined;
}

const FLOW: readonly string[] = STAGES;

/** Each catalog step with its planned due time and when it actually started and finished. */
export function timeline(state: CaseState, service: Service): TimelineEntry[] {
  const left = (i: number) => (i === 0 ? 'intake' : state.history[i - 1]!.stage);
  return service.steps.map((step) => {
    const stages: readonly string[] = step.stages;
    const planned = state.plan.find((p) => p.stepId === step.id)?.dueAt;
    const plannedDueAt = planned && stages.includes('handover') ? handoverDue(state, planned) : planned;
    if (stages.includes('intake')) return { step, plannedDueAt, startedAt: state.package?.takenAt ?? state.registeredAt, finishedAt: state.stage === 'intake' ? undefined : state.registeredAt };
    const startedAt = state.history.find((h) => stages.includes(h.stage))?.at;
    const finish = state.history.findLast(
      (h, i) => stages.includes(left(i)) && !stages.includes(h.stage) && FLOW.indexOf(h.stage) > FLOW.indexOf(left(i)),
    );
    return { step, plannedDueAt, startedAt, finishedAt: stages.includes(state.stage) ? undefined : finish?.at };
  });
}
