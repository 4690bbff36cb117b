import { z } from 'zod';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, hashOf } from './canonical';
import { hashHolds, type ChainEvent } from './event';
import { fromBase64, keyIdOf, officeIdentitySchema, toBase64Url, verifyEs256, type Signer } from './keys';
import { ROLES } from './roles';
import { staffMemberSchema, type Reason } from './rulebook';

/*
 * The sync protocol between devices and the hub (DESIGN.md "Sync"). Devices push their chains,
 * the hub admits each event once and numbers the office's events densely, devices pull them
 * back in that order. The same chain segments travel in bundle files when there is no network.
 */

const text = z.string().trim().min(1);
const instant = z.iso.datetime();

const reasonSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }) as unknown as z.ZodType<Reason>;

// ---- Enrolment: the administrator key admits a device to the office. ----

/** A device admitted to an office: its code in registration numbers and its public key. */
export const enrolmentSchema = z.object({
  format: z.literal('kense-enrolment/1'),
  office: officeIdentitySchema.extend({ offsetMinutes: z.number().int(), district: z.string().optional() }),
  /** The office's trust anchor, so a joining device learns it from the signed record itself. */
  adminKey: text,
  /** The hub's key as the administrator's device pinned it: a joining device holds the hub it asked to it. */
  hubKey: text.optional(),
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
  try {
    return signed.adminKeyId === keyIdOf(fromBase64(adminKey)) && (await verifyEs256(adminKey, utf8ToBytes(canonicalJson(signed.enrolment)), fromBase64(signed.signature)));
  } catch {
    // Not base64, not a key: not the office's signature.
    return false;
  }
}

// ---- Chain heads: a device's signature over its newest event covers its whole chain up to it. ----

const chainHeadSchema = z.object({ deviceId: text, deviceSeq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), signature: text });
export type ChainHead = z.infer<typeof chainHeadSchema>;

const headBytes = (h: Omit<ChainHead, 'signature'>) => utf8ToBytes(canonicalJson({ format: 'kense-head/1', deviceId: h.deviceId, deviceSeq: h.deviceSeq, hash: h.hash }));

export async function signHead(device: Signer, last: Pick<ChainEvent, 'deviceId' | 'deviceSeq' | 'hash'>): Promise<ChainHead> {
  const head = { deviceId: last.deviceId, deviceSeq: last.deviceSeq, hash: last.hash };
  return { ...head, signature: toBase64Url(await device.sign(headBytes(head))) };
}

export async function headSignedBy(head: ChainHead, publicKey: string): Promise<boolean> {
  try {
    return await verifyEs256(publicKey, headBytes(head), fromBase64(head.signature));
  } catch {
    return false;
  }
}

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
  /** The signed head of the push whose last event this is: it covers that device's chain up to here. */
  head?: ChainHead;
}

/** Log numbers, nonces: what PostgreSQL's integer holds. */
export const MAX_SEQ = 2 ** 31 - 1;

const logEntrySchema = z.object({
  seq: z.number().int().positive().max(MAX_SEQ),
  status: z.enum(['accepted', 'flagged', 'rejected', 'held', 'quarantined']),
  reason: reasonSchema.nullable(),
  event: chainEventSchema,
  knownHash: z.string().optional(),
  head: chainHeadSchema.optional(),
});

/** What this device holds of the devices' chains, for the entries of a page: read from its store before screening. */
export interface ChainView {
  officeId: string;
  /** Each enrolled device's public key, from enrolments the office anchor signed. */
  keys: ReadonlyMap<string, string>;
  /** The last event this device holds of a device's chain. */
  tip(deviceId: string): { seq: number; hash: string | null };
  /**
   * The id of the event this device holds under (device, seq), if any. An entry there with that id
   * is that event: the device keeps its own copy and never reads the pulled one.
   */
  held(deviceId: string, deviceSeq: number): string | undefined;
  /** The log numbers whose head its device really signed (checked ahead: WebCrypto is asynchronous). */
  signedHeads: ReadonlySet<number>;
}

export interface ScreenedPage {
  /** Entries whose events come from their devices' chains, in log order. */
  taken: LogEntry[];
  /** Entries kept apart: forged, altered or out of their chain. Never applied; the pull goes on past them. */
  refused: { seq: number; event: ChainEvent | null; reason: Reason }[];
  /** The last log number read: a page is read up to its first break in numbering (an entry dropped or moved on the way). */
  through: number;
}

/**
 * Checks a pulled page against the devices' chains (DESIGN.md: "the office's truth is its device
 * chains"). An entry is taken only when its event is of this office, its device was enrolled by
 * the office administrator key, its hash holds, it is the next in its device's chain as this
 * device holds it (or the very event already held there), and a head that device signed covers
 * it. The hub numbers, so it cannot be made to skip an entry without a visible gap.
 */
export function screenPage(entries: readonly unknown[], after: number, view: ChainView): ScreenedPage {
  const taken: LogEntry[] = [];
  const refused: ScreenedPage['refused'] = [];
  const tips = new Map<string, { seq: number; hash: string | null }>();
  const uncovered = new Map<string, LogEntry[]>();
  const seen = new Map<string, string>();
  const tipOf = (deviceId: string) => tips.get(deviceId) ?? view.tip(deviceId);
  let through = after;
  for (const raw of entries) {
    const parsed = logEntrySchema.safeParse(raw);
    const seq = parsed.success ? parsed.data.seq : (raw as { seq?: unknown } | null)?.seq;
    if (seq !== through + 1) break;
    through = seq;
    if (!parsed.success) {
      refused.push({ seq, event: null, reason: { code: 'sync.notChained', params: { deviceSeq: 0 } } });
      continue;
    }
    const entry = parsed.data as LogEntry;
    const { event } = entry;
    const refuse = (code: Reason['code']) => refused.push({ seq, event, reason: { code, params: { deviceSeq: event.deviceSeq } } });
    if (event.officeId !== view.officeId) refuse('sync.bundleOtherOffice');
    else if (!view.keys.has(event.deviceId)) refuse('sync.notEnrolled');
    else if (!hashHolds(event)) refuse('sync.notChained');
    else if (entry.status === 'quarantined') taken.push(entry);
    else {
      const known = view.held(event.deviceId, event.deviceSeq) ?? seen.get(`${event.deviceId}:${event.deviceSeq}`);
      if (known !== undefined) {
        if (known === event.id) taken.push(entry);
        else refuse('sync.notChained');
        continue;
      }
      const tip = tipOf(event.deviceId);
      // After a hole in its chain (an earlier event kept apart, or not here yet) an event waits: it may be genuine.
      if (event.deviceSeq > tip.seq + 1) {
        refuse('sync.chainGap');
        continue;
      }
      if (event.deviceSeq !== tip.seq + 1 || event.prevHash !== tip.hash) {
        refuse('sync.notChained');
        continue;
      }
      tips.set(event.deviceId, { seq: event.deviceSeq, hash: event.hash });
      seen.set(`${event.deviceId}:${event.deviceSeq}`, event.id);
      const run = [...(uncovered.get(event.deviceId) ?? []), entry];
      const { head } = entry;
      if (head && view.signedHeads.has(seq) && head.deviceId === event.deviceId && head.deviceSeq === event.deviceSeq && head.hash === event.hash) {
        taken.push(...run);
        uncovered.delete(event.deviceId);
      } else uncovered.set(event.deviceId, run);
    }
  }
  for (const run of uncovered.values()) for (const entry of run) refused.push({ seq: entry.seq, event: entry.event, reason: { code: 'sync.notCovered', params: { deviceSeq: entry.event.deviceSeq } } });
  return { taken: taken.sort((a, b) => a.seq - b.seq), refused: refused.sort((a, b) => a.seq - b.seq), through };
}

export const pullRequestSchema = z.object({
  after: z.number().int().min(0).max(MAX_SEQ),
  /** The event at `after` as the device has it; a hub that answers differently lost or rewrote its log. */
  afterId: z.string().max(200).nullable(),
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

export const joinRequestSchema = z.object({ officeCode: z.string().regex(/^[A-Z0-9]{1,8}$/), deviceId: z.uuid(), publicKey: z.base64().max(200), label: z.string().max(80) });
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

// ---- Request authentication: the device key signs method, path, a rising nonce and the body's hash. ----

export const AUTH_HEADER = 'x-kense-auth';

export function requestBytes(method: string, path: string, deviceId: string, nonce: number, bodyHash: string): Uint8Array {
  return utf8ToBytes(canonicalJson({ format: 'kense-request/1', method, path, deviceId, nonce, body: bodyHash }));
}

/**
 * `<deviceId>.<nonce>.<body hash>.<signature>`: who asks, a number never used before, what the
 * body will be, and their signature. The hub checks it from the headers, before it reads a body.
 */
export function authHeader(device: Signer, deviceId: string, nonce: number, method: string, path: string, body: string): Promise<string> {
  return authHeaderOf(device, deviceId, nonce, method, path, hashOf(body));
}

/** The same, for a body hashed before (a push's next batch, while the hub takes the last). */
export async function authHeaderOf(device: Signer, deviceId: string, nonce: number, method: string, path: string, bodyHash: string): Promise<string> {
  return `${deviceId}.${nonce}.${bodyHash}.${toBase64Url(await device.sign(requestBytes(method, path, deviceId, nonce, bodyHash)))}`;
}

export function readAuthHeader(value: string | undefined): { deviceId: string; nonce: number; bodyHash: string; signature: string } | null {
  const match = /^([0-9a-f-]{8,64})\.(\d{1,10})\.([0-9a-f]{64})\.([A-Za-z0-9_-]{1,200})$/.exec(value ?? '');
  return match && Number(match[2]) <= MAX_SEQ ? { deviceId: match[1]!, nonce: Number(match[2]), bodyHash: match[3]!, signature: match[4]! } : null;
}

// ---- The hub's answers: signed with the key of its TLS certificate, which devices pin. ----

export const HUB_SIGNATURE_HEADER = 'x-kense-hub';

/** The hub as devices know it: the public key they pin (SPKI, base64), and its signer at the hub. */
export interface HubIdentity {
  hubKey: string;
  signer: Signer;
}

/** What the hub signs: the answer's status and body, bound to the request it answers. */
export function answerBytes(call: Pick<HubCall, 'method' | 'path' | 'auth'>, status: number, body: unknown): Uint8Array {
  return utf8ToBytes(canonicalJson({ format: 'kense-answer/1', method: call.method, path: call.path, auth: call.auth ?? null, status, body: hashOf(body) }));
}

export const hubErrorSchema = z.object({ error: reasonSchema });

// ---- The wire: one request, one answer. fetch carries it in the app; the simulation, a faulty link. ----

export interface HubCall {
  /** As it came: a method the hub has no route for is refused, not taken for another. */
  method: string;
  path: string;
  body: string;
  /** The `x-kense-auth` header, for the routes a device must sign. */
  auth?: string;
}

export interface HubAnswer {
  status: number;
  body: unknown;
  /** The hub's signature over answerBytes (base64url), from the `x-kense-hub` header. */
  signature?: string;
}

/** Plain HTTP to a hub only where the traffic never leaves the machine. */
export const isLoopbackHost = (host: string) => ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host.toLowerCase());

/** One request over HTTP(S) with the given fetch (the browser's, or Electron's pinned session's). */
export async function fetchHub(fetcher: typeof fetch, hubUrl: string, call: HubCall): Promise<HubAnswer> {
  const response = await fetcher(`${hubUrl.replace(/\/+$/, '')}${call.path}`, {
    method: call.method,
    headers: { 'content-type': 'application/json', ...(call.auth ? { [AUTH_HEADER]: call.auth } : {}) },
    body: call.method === 'POST' ? call.body : undefined,
  });
  const signature = response.headers.get(HUB_SIGNATURE_HEADER);
  return { status: response.status, body: await response.json(), ...(signature ? { signature } : {}) };
}

/** Carries one request; `hubKey` is the key the device pinned, which the desktop app also holds the TLS handshake to. */
export type HubTransport = (call: HubCall, hubKey: string | null) => Promise<HubAnswer>;
