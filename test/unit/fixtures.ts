import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { SAMPLES } from '../../shared/samples';
import { join } from 'node:path';
import {
  step,
  type Command,
  type CaseCommand,
  calendarSchema,
  DomainError,
  ecdsaSigner,
  generateSigningKey,
  resultPayload,
  sealText,
  signResult,
  validUntilOf,
  encodeHlc,
  parseCatalog,
  registrationNumber,
  workingCalendar,
  type Actor,
  type CaseEvent,
  type CaseState,
  type CommandContext,
  type KeyRecord,
  type StaffMember,
} from '../../shared';

const resources = join(import.meta.dirname, '../../resources');

export function loadCatalogFiles(): Record<string, unknown> {
  const dir = join(resources, 'services');
  return Object.fromEntries(readdirSync(dir).map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]));
}

export const catalog = parseCatalog(loadCatalogFiles());
export const calendarData = calendarSchema.parse(JSON.parse(readFileSync(join(resources, 'calendar/kz.json'), 'utf8')));
export const calendar = workingCalendar(calendarData);

export const staff: StaffMember[] = [
  { id: 'u-clerk', name: 'Әйгерім Сәрсенова', roles: ['clerk'], active: true },
  { id: 'u-head', name: 'Нұрлан Қасымов', roles: ['head'], active: true },
  { id: 'u-spec', name: 'Гүлнар Өмірбекова', roles: ['specialist'], active: true },
  { id: 'u-spec2', name: 'Дәурен Ғабитов', roles: ['specialist'], active: true },
  { id: 'u-gone', name: 'Ұлан Бекұлы', roles: ['specialist'], active: false },
  { id: 'u-crew', name: 'Асқар Нұрғалиев', roles: ['operator'], active: true },
  { id: 'u-crew2', name: 'Мәдина Серікова', roles: ['operator'], active: true },
];

export const actor = (userId: string, role: Actor['role'] = staff.find((s) => s.id === userId)!.roles[0]!): Actor => ({
  userId,
  role,
  name: staff.find((s) => s.id === userId)?.name ?? userId,
});

/** Tuesday 24 November 2026, 10:00 in Kazakhstan (UTC+5). */
export const NOW = '2026-11-24T05:00:00.000Z';

/** The head's signing key, registered in the office registry for 2026–2028. */
export const headKey = await generateSigningKey();
export const headKeyRecord: KeyRecord = {
  keyId: headKey.keyId,
  algorithm: 'ES256',
  publicKey: headKey.publicKey,
  holder: { userId: 'u-head', name: 'Нұрлан Қасымов', position: { kk: 'Бөлім басшысы', ru: 'Руководитель отдела' } },
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2028-12-31T00:00:00.000Z',
  revokedAt: null,
  revocationReason: '',
};

export function context(userId: string, now = NOW, role?: Actor['role']): CommandContext {
  return {
    actor: actor(userId, role),
    now,
    catalog,
    calendar,
    offsetMinutes: 300,
    staff,
    regNumber: registrationNumber('PVL', 2026, 'K1', 1),
    signingKeys: [headKeyRecord],
  };
}

/** The seal text the head's key makes over the case's draft, issued at `issued`. */
export async function sealFor(state: CaseState, issued = NOW, key = headKey): Promise<string> {
  const service = catalog.get(state.serviceId)!;
  const payload = resultPayload(state, service, `doc-${state.id}`, issued, validUntilOf(state, service, issued, { offsetMinutes: 300 }));
  return sealText(await signResult(ecdsaSigner(key.privateKey, key.keyId), payload));
}

const s1 = SAMPLES['guardianship-certificate']!;

export const intakeCommand = {
  type: 'intake',
  caseId: 'case-1',
  serviceId: 'guardianship-certificate',
  channel: 'service-centre',
  applicant: s1.applicant,
  application: s1.application as Record<string, string>,
  documentsReceived: s1.documents,
  consent: true,
};

export const resultDraft = { outcome: 'result', variant: s1.variant, fields: s1.draft };

export const allChecked = { application: true, identity: true, childBirthCertificate: true, guardianshipDecision: false };

/** A tiny in-memory device: decides, seals into its hash chain, folds. */
export function device(deviceId = 'dev-1') {
  const events: CaseEvent[] = [];
  const states = new Map<string, CaseState>();
  let wall = Date.parse(NOW);
  return {
    events,
    /** The first case's state; the tests that need more cases read `states`. */
    get state() {
      return states.get('case-1');
    },
    states,
    run(command: unknown, userId: string, now = new Date(wall).toISOString(), role?: Actor['role']): CaseEvent {
      const caseId = (command as { caseId: string }).caseId;
      const head = { officeId: 'office-1', deviceId, lastSeq: events.length, lastHash: events.at(-1)?.hash ?? null };
      const hlc = encodeHlc({ wall: Date.parse(now), counter: 0, deviceId });
      const { event, state } = step(head, states.get(caseId), command as Command, context(userId, now, role), hlc, `ev-${events.length + 1}`);
      states.set(caseId, state);
      events.push(event);
      wall = Date.parse(now) + 60_000;
      return event;
    },
  };
}

/** Runs a command that must be refused, and checks the refusal and that the case did not change. */
export function refused(d: ReturnType<typeof device>, command: unknown, userId: string, code: string, params?: Record<string, unknown>, role?: Parameters<typeof context>[2]) {
  const before = structuredClone(d.state);
  const eventsBefore = d.events.length;
  let error: unknown;
  try {
    d.run(command, userId, undefined, role);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (params) expect((error as DomainError).params).toMatchObject(params);
  expect(d.state).toEqual(before);
  expect(d.events).toHaveLength(eventsBefore);
}

/** The first case on a new device at a stage: registered, visaed, drafted (waiting for the signature). */
export function atStage(stage: 'visa' | 'review' | 'signing') {
  const d = device();
  d.run(intakeCommand, 'u-clerk');
  if (stage === 'visa') return d;
  d.run({ type: 'visa', caseId: 'case-1', resolution: 'Қарап, анықтама дайындалсын', specialistId: 'u-spec' }, 'u-head');
  if (stage === 'review') return d;
  d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
  return d;
}

/** One well-formed command of each kind: the role check comes before anything about the case. */
export const oneCommandOfEach = {
  intake: intakeCommand,
  visa: { type: 'visa', caseId: 'case-1', resolution: 'Р', specialistId: 'u-spec' },
  reassign: { type: 'reassign', caseId: 'case-1', specialistId: 'u-spec', reason: 'р' },
  review: { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft },
  noticeRefusal: { type: 'noticeRefusal', caseId: 'case-1', grounds: ['g'], reasons: 'р', hearingOn: '2026-11-30' },
  recordHearing: { type: 'recordHearing', caseId: 'case-1', heardOn: '2026-11-30', attended: false, statement: '' },
  return: { type: 'return', caseId: 'case-1', reason: 'р' },
  sign: { type: 'sign', caseId: 'case-1', seal: 'x' },
  ncaSign: { type: 'ncaSign', caseId: 'case-1', seal: 'x', cms: 'AAAA', signer: { name: 'А', iin: '800101300123', serial: '1', issuer: 'CA', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z' } },
  handover: { type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'А' }, handedOverOn: '2026-11-24' },
  extend: { type: 'extend', caseId: 'case-1', reason: 'р', stepDueOn: '2026-11-30', termDueOn: '2026-11-30' },
  returnToCentre: { type: 'returnToCentre', caseId: 'case-1', reasons: 'р' },
  correct: { type: 'correct', caseId: 'case-1', applicant: { name: 'А' }, reason: 'р' },
  withdraw: { type: 'withdraw', caseId: 'case-1', reason: 'р', requestedOn: '2026-11-24' },
  submit: { ...intakeCommand, type: 'submit', place: 'Ақсу', scans: [] },
  registerPackage: { type: 'registerPackage', caseId: 'case-1' },
  checkRegister: { type: 'checkRegister', caseId: 'case-1', check: 'individuals', status: 'online', note: 'н' },
  survey: { type: 'survey', caseId: 'case-1', quality: 3, information: 3, asked: 'phone' },
} as const satisfies Record<CaseCommand, unknown>;
