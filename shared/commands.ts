import { z } from 'zod';
import type { CaseState } from './case';
import { stepFor, type Service } from './catalog';
import { hashOf } from './canonical';
import { dueAt, type WorkingCalendar } from './deadlines';
import { DomainError } from './errors';
import type { Actor, EventBody } from './event';
import { APPLICANT_FIELDS, checkForm, fieldProblem } from './fields';
import { isLocalDate, localDateOf } from './localDate';
import { CHANNELS, type Role, type Stage, type StepStage } from './roles';
import { resultDocument } from './signer';

const text = z.string();
const record = z.record(z.string(), z.string());

/** What a person asks the office's system to do to a case, one per stage (and the rework return). */
export const commandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('intake'),
    caseId: text,
    serviceId: text,
    channel: text,
    applicant: z.object({ name: text, iin: text, address: text, phone: text }),
    application: record,
    documentsReceived: z.array(text),
  }),
  z.object({ type: z.literal('visa'), caseId: text, resolution: text, specialistId: text }),
  z.object({
    type: z.literal('review'),
    caseId: text,
    documentChecks: z.record(z.string(), z.boolean()),
    draft: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('result'), fields: record }),
      z.object({ outcome: z.literal('refusal'), grounds: z.array(text), reasons: text }),
    ]),
  }),
  z.object({ type: z.literal('return'), caseId: text, reason: text }),
  z.object({
    type: z.literal('sign'),
    caseId: text,
    seal: z.object({ algorithm: text, keyId: text, signature: z.string(), documentHash: text }),
  }),
  z.object({
    type: z.literal('handover'),
    caseId: text,
    recipient: z.object({ kind: z.enum(['applicant', 'courier']), name: text }),
    handedOverOn: text,
  }),
]);
export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];

export interface StaffMember {
  id: string;
  name: string;
  roles: Role[];
  active: boolean;
}

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
}

/** Who may do what, and at which stage (SERVICES.md "The one flow"). */
const RULES: Record<CommandType, { role: Role; stage: Stage | null }> = {
  intake: { role: 'clerk', stage: null },
  visa: { role: 'head', stage: 'visa' },
  review: { role: 'specialist', stage: 'review' },
  return: { role: 'head', stage: 'signing' },
  sign: { role: 'head', stage: 'signing' },
  handover: { role: 'clerk', stage: 'handover' },
};

function required(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new DomainError('field.required', { field });
  return trimmed;
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
  const rule = RULES[command.type];
  if (ctx.actor.role !== rule.role) throw new DomainError('role.forbidden', { role: ctx.actor.role, action: command.type });

  if (command.type === 'intake') {
    if (state) throw new DomainError('case.exists', { regNumber: state.regNumber });
    return intake(command, ctx);
  }
  if (!state) throw new DomainError('case.notFound', { caseId: command.caseId });
  if (state.stage !== rule.stage) throw new DomainError('stage.wrong', { stage: state.stage, action: command.type });
  const service = ctx.catalog.get(state.serviceId);
  if (!service) throw new DomainError('service.unknown', { serviceId: state.serviceId });
  /** The due time on entering `stage`: the running step's if the step goes on, else a new one from now. */
  const stepDue = (stage: StepStage) =>
    stepFor(service, stage) === stepFor(service, state.stage as StepStage) && state.stepDueAt
      ? state.stepDueAt
      : dueAt(ctx.now, stepFor(service, stage).duration, ctx.calendar, ctx.offsetMinutes);

  switch (command.type) {
    case 'visa': {
      const resolution = required(command.resolution, 'resolution');
      const specialist = ctx.staff.find((s) => s.id === command.specialistId && s.active && s.roles.includes('specialist'));
      if (!specialist) throw new DomainError('specialist.unknown', { specialistId: command.specialistId });
      return {
        type: 'case.visaed',
        payload: { from: 'visa', resolution, specialist: { userId: specialist.id, name: specialist.name }, stepDueAt: stepDue('review') },
      };
    }
    case 'review': {
      if (state.specialist?.userId !== ctx.actor.userId) throw new DomainError('review.notAssigned', { specialist: state.specialist?.name ?? '' });
      const documentIds = new Set(service.documents.map((d) => d.id));
      const unknown = Object.keys(command.documentChecks).find((id) => !documentIds.has(id));
      if (unknown) throw new DomainError('document.unknown', { document: unknown });
      const stepDueAt = stepDue('signing');
      if (command.draft.outcome === 'result') {
        const unchecked = service.documents.filter((d) => d.required && command.documentChecks[d.id] !== true);
        if (unchecked.length) throw new DomainError('review.documentsUnchecked', { documents: unchecked.map((d) => d.id).join(',') });
        const fields = checkForm(service.result.fields, command.draft.fields, 'draft');
        return { type: 'case.drafted', payload: { from: 'review', documentChecks: command.documentChecks, draft: { outcome: 'result', fields }, stepDueAt } };
      }
      const known = new Set(service.refusalGrounds.map((g) => g.id));
      if (command.draft.grounds.length === 0) throw new DomainError('review.refusalGroundsRequired');
      const badGround = command.draft.grounds.find((g) => !known.has(g));
      if (badGround) throw new DomainError('field.invalid', { field: 'draft.grounds' });
      const reasons = required(command.draft.reasons, 'draft.reasons');
      return {
        type: 'case.drafted',
        payload: { from: 'review', documentChecks: command.documentChecks, draft: { outcome: 'refusal', grounds: [...new Set(command.draft.grounds)], reasons }, stepDueAt },
      };
    }
    case 'return':
      return { type: 'case.returned', payload: { from: 'signing', reason: required(command.reason, 'reason'), stepDueAt: stepDue('review') } };
    case 'sign':
      if (command.seal.documentHash !== hashOf(resultDocument(state))) throw new DomainError('signing.draftChanged');
      return { type: 'case.signed', payload: { from: 'signing', seal: command.seal, stepDueAt: stepDue('handover') } };
    case 'handover': {
      const name = required(command.recipient.name, 'recipient.name');
      if (!isLocalDate(command.handedOverOn)) throw new DomainError('field.invalid', { field: 'handedOverOn' });
      if (command.handedOverOn > localDateOf(ctx.now, ctx.offsetMinutes)) throw new DomainError('handover.dateInFuture');
      const signedOn = state.seal ? localDateOf(state.seal.signedAt, ctx.offsetMinutes) : '';
      if (command.handedOverOn < signedOn) throw new DomainError('handover.dateBeforeSigning', { signedOn });
      return { type: 'case.handedOver', payload: { from: 'handover', recipient: { kind: command.recipient.kind, name }, handedOverOn: command.handedOverOn } };
    }
  }
}

function intake(command: Extract<Command, { type: 'intake' }>, ctx: CommandContext): EventBody {
  const service = ctx.catalog.get(command.serviceId);
  if (!service) throw new DomainError('service.unknown', { serviceId: command.serviceId });
  const channel = CHANNELS.find((c) => c === command.channel);
  if (!channel || !service.channels.includes(channel)) throw new DomainError('channel.unknown', { channel: command.channel });
  for (const field of APPLICANT_FIELDS) {
    const problem = fieldProblem(field, command.applicant[field.id as keyof typeof command.applicant]);
    if (problem) throw new DomainError(problem.code, { ...problem.params, field: `applicant.${field.id}` });
  }
  const application = checkForm(service.form, command.application, 'application');
  const documentIds = new Set(service.documents.map((d) => d.id));
  const unknown = command.documentsReceived.find((id) => !documentIds.has(id));
  if (unknown) throw new DomainError('document.unknown', { document: unknown });
  const missing = service.documents.filter((d) => d.required && !command.documentsReceived.includes(d.id));
  if (missing.length) throw new DomainError('intake.documentsMissing', { documents: missing.map((d) => d.id).join(',') });
  const a = command.applicant;
  return {
    type: 'case.registered',
    payload: {
      serviceId: service.id,
      serviceVersion: service.version,
      regNumber: ctx.regNumber,
      channel,
      applicant: { name: a.name.trim(), iin: a.iin.trim(), address: a.address.trim(), phone: a.phone.trim() },
      application,
      documentsReceived: [...new Set(command.documentsReceived)],
      termDueAt: service.term ? dueAt(ctx.now, service.term.duration, ctx.calendar, ctx.offsetMinutes, service.term.acceptanceDayCounts) : null,
      stepDueAt: dueAt(ctx.now, stepFor(service, 'visa').duration, ctx.calendar, ctx.offsetMinutes),
    },
  };
}
