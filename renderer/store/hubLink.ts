import { answerBytes, authHeaderOf, DomainError, fingerprint, fromBase64, generateSealableKey, hashOf, hubErrorSchema, importSigningKey, openBytes, sealBytes, isLoopbackHost, verifyEs256, type HubAnswer, type HubCall, type HubTransport, type Signer } from '../../shared';
import type { KenseDb } from './db';
import type { DeviceKey, DeviceRow, SyncRow } from './rows';

/*
 * The link to the hub: signed requests under this device's key, and the office's trust anchor as
 * this device knows it.
 */

/** A device clock further than this from the hub's is shown as wrong. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

/** A new device key: sealed with the office key when someone is signed in, in clear before any sign-in (a joining device). */
export async function newDeviceKey(officeKey: Uint8Array | null): Promise<DeviceKey> {
  const { pkcs8, publicKey, keyId } = await generateSealableKey();
  return { publicKey, keyId, ...(officeKey ? { sealed: sealBytes(officeKey, pkcs8) } : { clear: pkcs8 }) };
}

/** The signer of a device key: only with the office key, that is, with someone signed in, once it is sealed. */
export async function signerOf(db: KenseDb, key: DeviceKey): Promise<Signer> {
  if (key.clear) return importSigningKey(key.clear, key.keyId);
  if (!db.officeKey) throw new DomainError('auth.locked');
  return importSigningKey(openBytes(db.officeKey, key.sealed!), key.keyId);
}

/** At sign-in: a key in clear since the device joined is sealed, and the clear copy goes. */
export async function sealDeviceKey(db: KenseDb): Promise<void> {
  const device = await db.device.get('this');
  const key = device?.deviceKey;
  if (!key?.clear || !db.officeKey) return;
  await db.device.update('this', { deviceKey: { publicKey: key.publicKey, keyId: key.keyId, sealed: sealBytes(db.officeKey, key.clear) } });
}

/** The device's own key, made on first need for a device set up before sync existed. */
export async function deviceWithKey(db: KenseDb): Promise<DeviceRow & { deviceKey: DeviceKey }> {
  const device = await db.device.get('this');
  if (!device) throw new Error('this device is not set up');
  if (device.deviceKey) return device as DeviceRow & { deviceKey: DeviceKey };
  if (!db.officeKey) throw new DomainError('auth.locked');
  const deviceKey = await newDeviceKey(db.officeKey);
  await db.device.update('this', { deviceKey });
  return { ...device, deviceKey };
}

/** The office's trust anchor as this device knows it: from its registry, or from its enrolment. */
export async function anchorOf(db: KenseDb): Promise<string | null> {
  const registry = await db.registry.get('this');
  if (registry) return registry.adminKey;
  const device = await db.device.get('this');
  return (device && (await db.peers.get(device.deviceId))?.enrolment.enrolment.adminKey) ?? null;
}

/** True when the hub with this key signed the answer to this request. */
async function signedBy(hubKey: string, request: HubCall, answer: HubAnswer): Promise<boolean> {
  return !!answer.signature && (await verifyEs256(hubKey, answerBytes(request, answer.status, answer.body), fromBase64(answer.signature)));
}

/**
 * The key the hub at this address states, proved by its signature on the answer: what a device
 * pins when it connects or asks to join. The administrator compares its fingerprint with the hub's.
 */
export async function hubKeyAt(transport: HubTransport): Promise<string> {
  const request: HubCall = { method: 'GET', path: '/health', body: '' };
  let answer;
  try {
    answer = await transport(request, null);
  } catch {
    throw new DomainError('sync.unreachable');
  }
  const hubKey = (answer.body as { hubKey?: unknown } | null)?.hubKey;
  if (answer.status !== 200 || typeof hubKey !== 'string' || !(await signedBy(hubKey, request, answer))) throw new DomainError('sync.unreachable');
  return hubKey;
}

/** A request's body as it goes, and its hash: made ahead of the request when a push reads its next batch while the hub takes the last. */
export class RequestBody {
  readonly body: string;
  readonly hash: string;
  constructor(payload: unknown) {
    this.body = JSON.stringify(payload);
    this.hash = hashOf(this.body);
  }
}

/**
 * Sends one request to the hub this device pinned (`hubKey`, by default the sync row's). A fresh
 * nonce is stored before the request leaves, so a crash never reuses one. An answer the pinned
 * hub did not sign is refused, whatever it says; a refusal comes back as the hub's reason.
 */
export async function call<T>(db: KenseDb, transport: HubTransport, path: string, payload: unknown, as: { deviceId: string; key: Signer } | null, hubKey?: string): Promise<T> {
  const pin = hubKey ?? (await db.sync.get('this'))?.hubKey;
  if (!pin) throw new DomainError('sync.hubNotPinned', { fingerprint: '—' });
  const { body, hash } = payload instanceof RequestBody ? payload : new RequestBody(payload);
  let auth: string | undefined;
  if (as) {
    const nonce = await db.transaction('rw', db.sync, async () => {
      const row = (await db.sync.get('this'))!;
      await db.sync.update('this', { nonce: row.nonce + 1 });
      return row.nonce + 1;
    });
    auth = await authHeaderOf(as.key, as.deviceId, nonce, 'POST', path, hash);
  }
  const request: HubCall = { method: 'POST', path, body, ...(auth ? { auth } : {}) };
  let answer;
  try {
    answer = await transport(request, pin);
  } catch {
    throw new DomainError('sync.unreachable');
  }
  if (!(await signedBy(pin, request, answer))) throw new DomainError('sync.hubNotPinned', { fingerprint: fingerprint(pin) });
  if (answer.status === 200) return answer.body as T;
  const error = hubErrorSchema.safeParse(answer.body);
  if (!error.success) throw new DomainError('sync.unreachable');
  if (error.data.error.code === 'sync.replay' && as) {
    // The hub saw a later number (this device was restored): continue after it.
    await db.sync.update('this', { nonce: Number(error.data.error.params.nonce) });
  }
  throw new DomainError(error.data.error.code, error.data.error.params);
}

/** Who signs this device's requests: the device, as someone signed in on it. */
export async function asDevice(db: KenseDb): Promise<{ deviceId: string; key: Signer }> {
  const device = await deviceWithKey(db);
  return { deviceId: device.deviceId, key: await signerOf(db, device.deviceKey) };
}

export function newSyncRow(hubUrl: string, hubKey: string): SyncRow {
  return { id: 'this', hubUrl, hubKey, epoch: null, cursor: 0, cursorEventId: null, pushedSeq: 0, nonce: 0, lastSyncAt: null, lastError: null, clockSkewMs: 0 };
}

/** A hub's address: HTTPS, or plain HTTP to this machine only (children's data never crosses a network in clear). */
export function checkHubUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  const match = /^(https?):\/\/([^\s/]+)(\/\S*)?$/.exec(trimmed);
  const host = match?.[2]?.replace(/:\d+$/, '') ?? '';
  if (!match || (match[1] === 'http' && !isLoopbackHost(host))) throw new DomainError('field.invalid', { field: 'sync.hubUrl' });
  return trimmed;
}

/** A person stopped the sync: between two batches, each of which was whole. */
export function stopIfAsked(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new DomainError('sync.stopped');
}
