import { decodeHlc } from './hlc';
import { DomainError } from './errors';
import type { Actor, Applicant, CaseEvent, Draft, EventType, Recipient, Seal } from './event';
import type { Channel, Stage } from './roles';

export interface StatusEntry {
  at: string;
  type: EventType;
  stage: Stage;
  actor: Actor;
  /** The text that goes with the step: the resolution, the return reason. */
  note?: string;
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
  application: Record<string, string>;
  documentsReceived: string[];
  registeredAt: string;
  registeredBy: Actor;
  /** When the result is promised to the applicant (on the receipt); null where the regulation sets no total term. */
  termDueAt: string | null;
  /** When the current step is due; null once closed. */
  stepDueAt: string | null;
  resolution?: string;
  specialist?: { userId: string; name: string };
  documentChecks?: Record<string, boolean>;
  draft?: Draft;
  seal?: Seal & { signedAt: string; signedBy: Actor };
  handover?: { recipient: Recipient; handedOverOn: string; by: Actor };
  history: StatusEntry[];
  /** How many events made this state. */
  version: number;
}

function eventTime(event: Pick<CaseEvent, 'hlc'>): string {
  return new Date(decodeHlc(event.hlc).wall).toISOString();
}

/**
 * The fold: the state after one more event. Pure and total over valid histories; an event
 * whose `from` is not the current stage is refused, never applied to the wrong state.
 */
export function applyEvent(state: CaseState | undefined, event: CaseEvent): CaseState {
  const at = eventTime(event);
  if (event.type === 'case.registered') {
    if (state) throw new DomainError('case.exists', { regNumber: state.regNumber });
    const p = event.payload;
    return {
      id: event.caseId,
      officeId: event.officeId,
      serviceId: p.serviceId,
      serviceVersion: p.serviceVersion,
      regNumber: p.regNumber,
      channel: p.channel,
      stage: 'visa',
      applicant: p.applicant,
      application: p.application,
      documentsReceived: p.documentsReceived,
      registeredAt: at,
      registeredBy: event.actor,
      termDueAt: p.termDueAt,
      stepDueAt: p.stepDueAt,
      history: [{ at, type: event.type, stage: 'visa', actor: event.actor }],
      version: 1,
    };
  }
  if (!state) throw new DomainError('case.notFound', { caseId: event.caseId });
  if (event.payload.from !== state.stage) throw new DomainError('stage.wrong', { stage: state.stage, action: event.type });

  const next = (stage: Stage, changes: Partial<CaseState>, note?: string): CaseState => ({
    ...state,
    ...changes,
    stage,
    history: [...state.history, { at, type: event.type, stage, actor: event.actor, ...(note ? { note } : {}) }],
    version: state.version + 1,
  });

  switch (event.type) {
    case 'case.visaed':
      return next('review', { resolution: event.payload.resolution, specialist: event.payload.specialist, stepDueAt: event.payload.stepDueAt }, event.payload.resolution);
    case 'case.drafted':
      return next('signing', { documentChecks: event.payload.documentChecks, draft: event.payload.draft, stepDueAt: event.payload.stepDueAt });
    case 'case.returned':
      return next('review', { stepDueAt: event.payload.stepDueAt }, event.payload.reason);
    case 'case.signed':
      return next('handover', { seal: { ...event.payload.seal, signedAt: at, signedBy: event.actor }, stepDueAt: event.payload.stepDueAt });
    case 'case.handedOver':
      return next('closed', { handover: { recipient: event.payload.recipient, handedOverOn: event.payload.handedOverOn, by: event.actor }, stepDueAt: null });
  }
}

/** A case from its whole history, in order. */
export function foldEvents(events: readonly CaseEvent[]): CaseState | undefined {
  return events.reduce<CaseState | undefined>(applyEvent, undefined);
}
