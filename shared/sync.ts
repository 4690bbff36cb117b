import { z } from 'zod';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, hashOf } from './canonical';
import { applyEvent, keepFlaggedSeal, type CaseState } from './case';
import { parseService } from './catalog';
import { DomainError, type DomainErrorCode } from './errors';
import { AUDIT_EVENT_TYPES, isOfficeEvent, type ChainEvent } from './event';
import { decodeHlc } from './hlc';
import { fromBase64, keyIdOf, keyStatusAt, officeIdentitySchema, registrySignedBy, toBase64Url, verifyEs256, type SignedRegistry, type Signer } from './keys';
import { ROLES } from './roles';
import { credentialSchema } from './credential';
import { readSealText } from './seal';
import { planTrip } from './trips';

/*
 * The sync protocol between devices and the hub (DESIGN.md "Sync"). Devices push their chains,
 * the hub admits each event once and numbers the office's events densely, devices pull them
 * back in that order. The same chain segments travel in bundle files when there is no network.
 */

const text = z.string().trim().min(1);
const instant = z.iso.datetime();

/** Why the hub did not simply accept an event; the UI translates the code. */
export interface Reason {
  code: DomainErrorCode;
  params: Record<string, string | number>;
}
const reasonSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }) as unknown as z.ZodType<Reason>;

export const reasonOf = (error: unknown): Reason =>
  error instanceof DomainError ? { code: error.code, params: error.params } : { code: 'sync.badRequest', params: { detail: String(error).slice(0, 200) } };

// ---- Enrolment: the administrator key admits a device to the office. ----

export const staffMemberSchema = z.object({
  id: text,
  name: text,
  roles: z.array(z.enum(ROLES)).min(1),
  active: z.boolean(),
  credential: credentialSchema.optional(),
  mustChange: z.boolean().optional(),
});

/** A device admitted to an office: its code in registration numbers and its public key. */
export const enrolmentSchema = z.object({
  format: z.literal('kense-enrolment/1'),
  office: officeIdentitySchema.extend({ offsetMinutes: z.number().int(), district: z.string().optional() }),
  /** The office's trust anchor, so a joining device learns it from the signed record itself. */
  adminKey: text,
  device: z.object({ id: text, code: z.string().regex(/^[A-Z0-9]{1,8}$/), publicKey: text, label: z.string() }),
  /** The office's people when the device was enrolled; a joining device starts with them. */
  staff: z.array(staffMemberSchema).min(1),
  enrolledAt: instant,
});
export type Enrolment = z.infer<typeof enrolmentSchema>;
export const signedEnrolmentSchema = z.object({ enrolment: enrolmentSchema, adminKeyId: text, signature: text });
export type SignedEnrolment = z.infer<typeof signedEnrolmentSchema>;

export async function signEnrolment(admin: Signer, enrolment: Enrolment): Promise<SignedEnrolment> {
  return { enrolment, adminKeyId: admin.keyId, signature: toBase64Url(await admin.sign(utf8ToBytes(canonicalJson(enrolment)))) };
}

/** True when the office's administrator key (the anchor the record names) signed it. */
export async function enrolmentIsSigned(signed: SignedEnrolment): Promise<boolean> {
  const { adminKey } = signed.enrolment;
  return signed.adminKeyId === keyIdOf(fromBase64(adminKey)) && verifyEs256(adminKey, utf8ToBytes(canonicalJson(signed.enrolment)), fromBase64(signed.signature));
}

// ---- Chain heads: a device's signature over its newest event covers its whole chain up to it. ----

const chainHeadSchema = z.object({ deviceId: text, deviceSeq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), signature: text });
export type ChainHead = z.infer<typeof chainHeadSchema>;

const headBytes = (h: Omit<ChainHead, 'signature'>) => utf8ToBytes(canonicalJson({ format: 'kense-head/1', deviceId: h.deviceId, deviceSeq: h.deviceSeq, hash: h.hash }));

export async function signHead(device: Signer, last: Pick<ChainEvent, 'deviceId' | 'deviceSeq' | 'hash'>): Promise<ChainHead> {
  const head = { deviceId: last.deviceId, deviceSeq: last.deviceSeq, hash: last.hash };
  return { ...head, signature: toBase64Url(await device.sign(headBytes(head))) };
}

export const headSignedBy = (head: ChainHead, publicKey: string) => verifyEs256(publicKey, headBytes(head), fromBase64(head.signature));

// ---- What travels. ----

/** The envelope of an event off the wire; the payload is the domain's to judge, the hash the chain's. */
export const chainEventSchema = z
  .object({
    id: text,
    caseId: text,
    officeId: text,
    type: z.string().regex(/^(case|office)\.[A-Za-z]+$/),
    payload: z.record(z.string(), z.unknown()),
    actor: z.object({ userId: text, role: z.enum(ROLES), name: z.string() }),
    deviceId: text,
    deviceSeq: z.number().int().positive(),
    hlc: z.string().regex(/^\d{15}:\d{6}:.+$/),
    prevHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .loose() as unknown as z.ZodType<ChainEvent>;

/** A run of one device's chain, in deviceSeq order, closed by that device's signed head. */
const segmentSchema = z
  .object({ deviceId: text, events: z.array(chainEventSchema).min(1), head: chainHeadSchema })
  .refine((s) => s.events.every((e, i) => e.deviceId === s.deviceId && e.deviceSeq === s.events[0]!.deviceSeq + i), 'events out of order')
  .refine((s) => s.head.deviceId === s.deviceId && s.head.deviceSeq === s.events.at(-1)!.deviceSeq && s.head.hash === s.events.at(-1)!.hash, 'head does not close the events');
export type Segment = z.infer<typeof segmentSchema>;

export const pushRequestSchema = z.object({ segments: z.array(segmentSchema).min(1) });
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** What the hub holds of each device's chain after the push: devices re-push from there. */
export interface PushResponse {
  epoch: string;
  now: string;
  chains: Record<string, number>;
}

/** How the hub treated an event. `quarantined` is a fork: another event under a (device, seq) it already holds. */
export type EntryStatus = 'accepted' | 'flagged' | 'rejected' | 'held' | 'quarantined';

/** One place in the office's log, numbered densely by the hub. */
export interface LogEntry {
  seq: number;
  status: EntryStatus;
  reason: Reason | null;
  event: ChainEvent;
  /** For a fork: the hash the hub already holds for that (device, seq). */
  knownHash?: string;
}

export const pullRequestSchema = z.object({
  after: z.number().int().min(0),
  /** The event at `after` as the device has it; a hub that answers differently lost or rewrote its log. */
  afterId: z.string().nullable(),
  limit: z.number().int().min(1).max(1000).default(500),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export interface PullResponse {
  epoch: string;
  now: string;
  /** The hub does not have the log the device followed: start again from 0. */
  reset: boolean;
  entries: LogEntry[];
  /** The office log's last number. */
  last: number;
  /** The hub's newest signed head per device, so a device can pass chains on in bundles. */
  heads: ChainHead[];
  /** What the hub holds of this device's own chain. */
  ownSeq: number;
  /** The office's devices, enrolled by its administrator: their keys check the heads. */
  devices: SignedEnrolment[];
}

export const joinRequestSchema = z.object({ officeCode: z.string().regex(/^[A-Z0-9]{1,8}$/), deviceId: text, publicKey: text, label: z.string().max(80) });
export type JoinRequest = z.infer<typeof joinRequestSchema>;

/** A file that carries chain segments between machines with no network between them. */
export const bundleSchema = z.object({
  format: z.literal('kense-bundle/1'),
  officeId: text,
  exportedBy: text,
  createdAt: instant,
  segments: z.array(segmentSchema),
  /** The office's enrolments, whose device keys check the segments' heads. */
  devices: z.array(signedEnrolmentSchema),
});
export type Bundle = z.infer<typeof bundleSchema>;

/**
 * A bundle as it goes on a USB stick or into a backup: sealed with the office key, so a lost
 * stick or a copied backup names nobody. Only a device of the same office, signed in, opens it.
 */
export const sealedBundleSchema = z.object({ format: z.literal('kense-sealed-bundle/1'), officeId: text, createdAt: instant, sealed: text });
export type SealedBundle = z.infer<typeof sealedBundleSchema>;

// ---- Request authentication: the device key signs method, path, a rising nonce and the body. ----

export const AUTH_HEADER = 'x-kense-auth';

export function requestBytes(method: string, path: string, deviceId: string, nonce: number, body: string): Uint8Array {
  return utf8ToBytes(canonicalJson({ format: 'kense-request/1', method, path, deviceId, nonce, body: hashOf(body) }));
}

/** `<deviceId>.<nonce>.<signature>`: who asks, a number never used before, and their signature. */
export async function authHeader(device: Signer, deviceId: string, nonce: number, method: string, path: string, body: string): Promise<string> {
  return `${deviceId}.${nonce}.${toBase64Url(await device.sign(requestBytes(method, path, deviceId, nonce, body)))}`;
}

export function readAuthHeader(value: string | undefined): { deviceId: string; nonce: number; signature: string } | null {
  const match = /^([0-9a-f-]{8,64})\.(\d{1,16})\.([A-Za-z0-9_-]+)$/.exec(value ?? '');
  return match ? { deviceId: match[1]!, nonce: Number(match[2]), signature: match[3]! } : null;
}

export const hubErrorSchema = z.object({ error: reasonSchema });

// ---- Admission: what the hub does with each new event, in office-log order. ----

/** An event dated further ahead of the hub's clock than this is held: its device's clock is wrong. */
const FUTURE_LIMIT_MS = 24 * 60 * 60 * 1000;

export interface OfficeRecords {
  adminKey: string;
  registry: SignedRegistry | null;
}

export type Admission =
  | { status: 'accepted' | 'flagged'; state?: CaseState; registry?: SignedRegistry }
  | { status: 'rejected' | 'held'; reason: Reason };

/** Checks a signed result's seal against the office registry: its key, its signature, the key's period. */
async function sealProblem(event: Extract<ChainEvent, { type: 'case.resultSigned' }>, office: OfficeRecords): Promise<Admission | null> {
  const signed = readSealText(event.payload.seal);
  if (!signed || signed.payload.office !== event.officeId) return { status: 'rejected', reason: { code: 'sync.sealInvalid', params: {} } };
  const key = office.registry?.registry.keys.find((k) => k.keyId === signed.keyId);
  // The registry that lists the key may still be on its way (a bundle from another device).
  if (!key) return { status: 'held', reason: { code: 'signing.keyNotRegistered', params: { keyId: signed.keyId } } };
  const genuine = (await verifyEs256(key.publicKey, utf8ToBytes(signed.json), signed.signature)) && keyStatusAt(key, signed.payload.issued) === 'valid';
  return genuine ? null : { status: 'rejected', reason: { code: 'sync.sealInvalid', params: { keyId: signed.keyId } } };
}

/**
 * Decides one event against the office as the hub has it, at the hub's time `nowMs`. A
 * transition whose `from` is no longer the case's stage is refused with the stage it met. A
 * genuine signed result is never refused: if the case has moved on it is kept and flagged.
 */
export async function admitEvent(event: ChainEvent, state: CaseState | undefined, office: OfficeRecords, nowMs: number | null): Promise<Admission> {
  // An audit record changes nothing, so a wrong clock is no reason to hold it: it keeps the time its device gave.
  if (isOfficeEvent(event) && AUDIT_EVENT_TYPES.includes(event.type)) return { status: 'accepted' };
  // null: the head released the event, so its device's clock no longer matters.
  const ahead = nowMs === null ? 0 : decodeHlc(event.hlc).wall - nowMs;
  if (ahead > FUTURE_LIMIT_MS) return { status: 'held', reason: { code: 'sync.futureEvent', params: { hours: Math.round(ahead / 3_600_000) } } };
  try {
    if (isOfficeEvent(event)) {
      if (event.type === 'office.keyRequested') return { status: 'accepted' };
      if (event.type === 'office.staffSaved') {
        // The administrator's record, or a person's own new password (devices take only the credential from that).
        const member = staffMemberSchema.parse(event.payload.member);
        if (event.actor.role !== 'admin' && event.actor.userId !== member.id) return { status: 'rejected', reason: { code: 'role.forbidden', params: { role: event.actor.role, action: event.type } } };
        return { status: 'accepted' };
      }
      if (event.type === 'office.tripPlanned') {
        // A crew plans its own trips only.
        const trip = planTrip({ id: event.payload.trip.id, settlements: event.payload.trip.settlements }, event.actor);
        if (trip.operator.userId !== event.payload.trip.operator.userId) return { status: 'rejected', reason: { code: 'role.forbidden', params: { role: event.actor.role, action: event.type } } };
        return { status: 'accepted' };
      }
      if (event.type === 'office.heldReleased') {
        if (event.actor.role !== 'head' && event.actor.role !== 'admin') return { status: 'rejected', reason: { code: 'role.forbidden', params: { role: event.actor.role, action: event.type } } };
        return { status: 'accepted' };
      }
      if (event.type !== 'office.registryPublished') {
        // Catalog records are the administrator's; a service file must pass the catalog schema.
        if (event.actor.role !== 'admin') return { status: 'rejected', reason: { code: 'role.forbidden', params: { role: event.actor.role, action: event.type } } };
        if (event.type === 'office.serviceImported') parseService(event.payload.file, event.payload.data);
        return { status: 'accepted' };
      }
      const signed = event.payload.signed;
      if (signed.registry.office.id !== event.officeId || !(await registrySignedBy(signed, office.adminKey))) return { status: 'rejected', reason: { code: 'sync.sealInvalid', params: {} } };
      const version = office.registry?.registry.version ?? 0;
      if (signed.registry.version <= version) return { status: 'rejected', reason: { code: 'sync.registryStale', params: { version } } };
      return { status: 'accepted', registry: signed };
    }
    if (event.type === 'case.resultSigned') {
      // Its registration may still be on its way in another device's bundle.
      if (!state) return { status: 'held', reason: { code: 'case.notFound', params: { caseId: event.caseId } } };
      const problem = await sealProblem(event, office);
      if (problem) return problem;
      if (state.stage !== event.payload.from) return { status: 'flagged', state: keepFlaggedSeal(state, event) };
    }
    return { status: 'accepted', state: applyEvent(state, event) };
  } catch (error) {
    return { status: 'rejected', reason: reasonOf(error) };
  }
}

/** A case after one more entry of the office log: accepted events apply, flagged seals are kept beside it. */
export function applyEntry(state: CaseState | undefined, entry: Pick<LogEntry, 'status' | 'event'>): CaseState | undefined {
  const { event } = entry;
  if (isOfficeEvent(event)) return state;
  if (entry.status === 'accepted') return applyEvent(state, event);
  if (entry.status === 'flagged' && state && event.type === 'case.resultSigned') return keepFlaggedSeal(state, event);
  return state;
}

// ---- The wire: one request, one answer. fetch carries it in the app; the simulation, a faulty link. ----

export interface HubCall {
  method: 'GET' | 'POST';
  path: string;
  body: string;
  /** The `x-kense-auth` header, for the routes a device must sign. */
  auth?: string;
}

export interface HubAnswer {
  status: number;
  body: unknown;
}

export type HubTransport = (call: HubCall) => Promise<HubAnswer>;
