import { authHeader, DomainError, ecdsaSigner, generateSigningKey, hubErrorSchema, type HubTransport, type Signer } from '../../shared';
import type { KenseDb } from './db';
import type { DeviceRow, SyncRow } from './rows';

/*
 * The link to the hub: signed requests under this device's key, and the office's trust anchor as
 * this device knows it.
 */

/** A device clock further than this from the hub's is shown as wrong. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

export const signerOf = (key: NonNullable<DeviceRow['deviceKey']>): Signer => ecdsaSigner(key.privateKey, key.keyId);

/** The device's own key, made on first need for a device set up before sync existed. */
export async function deviceWithKey(db: KenseDb): Promise<DeviceRow & { deviceKey: NonNullable<DeviceRow['deviceKey']> }> {
  const device = await db.device.get('this');
  if (!device) throw new Error('this device is not set up');
  if (device.deviceKey) return device as DeviceRow & { deviceKey: NonNullable<DeviceRow['deviceKey']> };
  const deviceKey = await generateSigningKey();
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

/**
 * Sends one signed request. A fresh nonce is stored before the request leaves, so a crash
 * never reuses one; a refusal comes back as the hub's reason.
 */
export async function call<T>(db: KenseDb, transport: HubTransport, path: string, payload: unknown, as: { deviceId: string; key: Signer } | null): Promise<T> {
  const body = JSON.stringify(payload);
  let auth: string | undefined;
  if (as) {
    const nonce = await db.transaction('rw', db.sync, async () => {
      const row = (await db.sync.get('this'))!;
      await db.sync.update('this', { nonce: row.nonce + 1 });
      return row.nonce + 1;
    });
    auth = await authHeader(as.key, as.deviceId, nonce, 'POST', path, body);
  }
  let answer;
  try {
    answer = await transport({ method: 'POST', path, body, auth });
  } catch {
    throw new DomainError('sync.unreachable');
  }
  if (answer.status === 200) return answer.body as T;
  const error = hubErrorSchema.safeParse(answer.body);
  if (!error.success) throw new DomainError('sync.unreachable');
  if (error.data.error.code === 'sync.replay' && as) {
    // The hub saw a later number (this device was restored): continue after it.
    await db.sync.update('this', { nonce: Number(error.data.error.params.nonce) });
  }
  throw new DomainError(error.data.error.code, error.data.error.params);
}

export const asDevice = (device: DeviceRow & { deviceKey: NonNullable<DeviceRow['deviceKey']> }) => ({ deviceId: device.deviceId, key: signerOf(device.deviceKey) });

export function newSyncRow(hubUrl: string): SyncRow {
  return { id: 'this', hubUrl, epoch: null, cursor: 0, cursorEventId: null, pushedSeq: 0, nonce: 0, lastSyncAt: null, lastError: null, clockSkewMs: 0 };
}

export function checkHubUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(trimmed)) throw new DomainError('field.invalid', { field: 'sync.hubUrl' });
  return trimmed;
}

/** A person stopped the sync: between two batches, each of which was whole. */
export function stopIfAsked(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new DomainError('sync.stopped');
}
