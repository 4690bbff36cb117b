import {
  DomainError,
  enrolmentIsSigned,
  fingerprint,
  OFFICE_STREAM,
  signEnrolment,
  type Actor,
  type HubTransport,
  type JoinRequest,
  type SignedEnrolment,
} from '../../shared';
import type { KenseDb } from './db';
import { checkOnDevice, deviceFold, recordOfficeEvent } from './commands';
import { adminSigner } from './signing';
import { signerOf, deviceWithKey, call, asDevice, newSyncRow, checkHubUrl, hubKeyAt, newDeviceKey } from './hubLink';

/*
 * Enrolment: the administrator key lets a device into the office, at the hub and on every device
 * (DESIGN.md "Sync").
 */

async function enrolmentFor(db: KenseDb, device: { id: string; code: string; publicKey: string; label: string }, hubKey: string, adminPin: string, now: Date): Promise<SignedEnrolment> {
  const here = (await db.device.get('this'))!;
  const registry = await db.registry.get('this');
  if (!registry) throw new DomainError('keys.noAdminKey');
  const signer = await adminSigner(db, adminPin);
  const { id, code, names, district } = here.office;
  return signEnrolment(signer, {
    format: 'kense-enrolment/1',
    office: { id, code, names, offsetMinutes: here.office.offsetMinutes, ...(district ? { district } : {}) },
    adminKey: registry.adminKey,
    hubKey,
    device,
    staff: await db.staff.toArray(),
    enrolledAt: now.toISOString(),
  });
}

/** A fingerprint as a person types it: any case, with or without the dashes. */
const fingerprintTyped = (text: string) => text.replace(/[^0-9a-z]/gi, '').toUpperCase().match(/.{1,4}/g)?.join('-') ?? '';

/**
 * The administrator connects this device to a hub: the device pins the hub's key once its
 * fingerprint is the one the hub shows, the administrator key enrols the device, and the device's
 * chain (with the office registry in it) starts to sync.
 */
export async function connectHub(db: KenseDb, transport: HubTransport, hubUrl: string, hubFingerprint: string, admin: Actor, adminPin: string, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'connectHub', admin);
  const url = checkHubUrl(hubUrl);
  const expected = fingerprintTyped(hubFingerprint);
  if (!expected) throw new DomainError('field.required', { field: 'sync.hubFingerprint' });
  const hubKey = await hubKeyAt(transport);
  if (fingerprint(hubKey) !== expected) throw new DomainError('sync.hubFingerprint', { actual: fingerprint(hubKey), expected });
  const device = await deviceWithKey(db);
  const signed = await enrolmentFor(db, { id: device.deviceId, code: device.deviceCode, publicKey: device.deviceKey.publicKey, label: '' }, hubKey, adminPin, now);
  await call(db, transport, '/enrol', signed, null, hubKey);
  await db.transaction('rw', [db.sync, db.peers], async () => {
    const current = await db.sync.get('this');
    await db.sync.put(current ? { ...current, hubUrl: url, hubKey } : newSyncRow(url, hubKey));
    await db.peers.put({ deviceId: device.deviceId, enrolment: signed });
  });
  // Office records made before sync existed are not in the chain yet: publish them so the other devices get them.
  const chain = await db.events.where('caseId').equals(OFFICE_STREAM).toArray();
  const registry = (await db.registry.get('this'))!;
  if (!chain.some((e) => e.type === 'office.registryPublished' && e.payload.signed.registry.version === registry.signed.registry.version)) {
    await recordOfficeEvent(db, admin, { type: 'office.registryPublished', payload: { signed: registry.signed } }, now, { ...(await deviceFold(db)), registry: null });
  }
  if (!chain.some((e) => e.type === 'office.serviceImported' || e.type === 'office.termsSet' || e.type === 'office.calendarEdited' || e.type === 'office.hoursSet')) {
    for (const { at: _at, by, ...row } of await db.services.toArray()) {
      await recordOfficeEvent(db, by, { type: 'office.serviceImported', payload: { file: row.file, data: row.data } }, now);
      if (row.withdrawn) await recordOfficeEvent(db, row.withdrawn.by, { type: 'office.serviceWithdrawn', payload: { serviceId: row.id, reason: row.withdrawn.reason } }, now);
    }
    for (const { at: _at, by, ...terms } of await db.officeTerms.toArray()) await recordOfficeEvent(db, by, { type: 'office.termsSet', payload: { terms } }, now);
    for (const { at: _at, by, ...edit } of await db.calendarEdits.toArray()) await recordOfficeEvent(db, by, { type: 'office.calendarEdited', payload: { edit } }, now);
    for (const { at: _at, by, id: _id, ...hours } of await db.officeHours.toArray()) await recordOfficeEvent(db, by, { type: 'office.hoursSet', payload: { hours } }, now);
  }
}

/** A new device asks the office's hub to let it in; the administrator sees the request with its key's fingerprint. */
export async function requestJoin(db: KenseDb, transport: HubTransport, hubUrl: string, officeCode: string, label: string): Promise<string> {
  if (await db.device.get('this')) throw new DomainError('setup.done');
  const url = checkHubUrl(hubUrl);
  const code = officeCode.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(code)) throw new DomainError('field.invalid', { field: 'setup.officeCode' });
  const existing = (await db.sync.get('this'))?.join;
  const join = existing?.officeCode === code ? existing : { deviceId: crypto.randomUUID(), officeCode: code, label: label.trim(), key: await newDeviceKey(null) };
  // Pinned on first contact; the administrator's enrolment names the hub it expects, and finishJoin holds the two together.
  const hubKey = await hubKeyAt(transport);
  await call(db, transport, '/join', { officeCode: code, deviceId: join.deviceId, publicKey: join.key.publicKey, label: join.label } satisfies JoinRequest, null, hubKey);
  await db.sync.put({ ...newSyncRow(url, hubKey), join });
  return join.key.keyId;
}

/**
 * Asks whether the administrator has enrolled this device. Once they have, the device takes its
 * office, its code and the office's people from the signed record; the cases come by sync.
 */
export async function finishJoin(db: KenseDb, transport: HubTransport): Promise<boolean> {
  const row = await db.sync.get('this');
  if (!row?.join) throw new DomainError('sync.joinUnknown');
  const { join } = row;
  const { enrolment: signed } = await call<{ enrolment: SignedEnrolment | null }>(db, transport, '/join/status', {}, { deviceId: join.deviceId, key: await signerOf(db, join.key) });
  if (!signed) return false;
  const { enrolment } = signed;
  if (!(await enrolmentIsSigned(signed)) || enrolment.device.id !== join.deviceId || enrolment.device.publicKey !== join.key.publicKey) throw new DomainError('sync.enrolmentInvalid');
  // The hub this device asked is not the one the administrator's device pinned: someone stood between them.
  if (enrolment.hubKey && enrolment.hubKey !== row.hubKey) throw new DomainError('sync.hubNotPinned', { fingerprint: fingerprint(enrolment.hubKey) });
  await db.transaction('rw', [db.device, db.staff, db.sync, db.peers], async () => {
    if (await db.device.get('this')) throw new DomainError('setup.done');
    const { offsetMinutes, ...identity } = enrolment.office;
    await db.device.put({
      id: 'this',
      deviceId: join.deviceId,
      deviceCode: enrolment.device.code,
      office: { ...identity, offsetMinutes },
      lastSeq: 0,
      lastHash: null,
      hlc: null,
      regSequence: {},
      deviceKey: join.key,
    });
    await db.staff.bulkPut(enrolment.staff);
    await db.peers.put({ deviceId: join.deviceId, enrolment: signed });
    const { join: _done, ...rest } = row;
    await db.sync.put(rest);
  });
  return true;
}

/** The devices waiting to join this office, as the hub has them. */
export async function pendingJoins(db: KenseDb, transport: HubTransport): Promise<JoinRequest[]> {
  return (await call<{ joins: JoinRequest[] }>(db, transport, '/joins', {}, await asDevice(db))).joins;
}

/**
 * The administrator revokes a device of the office (a lost or stolen laptop): once the record
 * reaches the hub, the hub takes no request of it; what it wrote before stays the office's.
 */
export async function revokeDevice(db: KenseDb, admin: Actor, deviceId: string, reason: string, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'revokeDevice', admin);
  const peer = await db.peers.get(deviceId);
  if (!peer) throw new DomainError('field.invalid', { field: 'sync.device' });
  if (!reason.trim()) throw new DomainError('field.required', { field: 'sync.revokeReason' });
  await recordOfficeEvent(db, admin, { type: 'office.deviceRevoked', payload: { deviceId, code: peer.enrolment.enrolment.device.code, reason: reason.trim() } }, now);
}

/** The administrator enrols a waiting device under a device code of its own. */
export async function approveJoin(db: KenseDb, transport: HubTransport, admin: Actor, adminPin: string, join: JoinRequest, deviceCode: string, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'approveJoin', admin);
  const code = deviceCode.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(code)) throw new DomainError('field.invalid', { field: 'setup.deviceCode' });
  const signed = await enrolmentFor(db, { id: join.deviceId, code, publicKey: join.publicKey, label: join.label }, (await db.sync.get('this'))!.hubKey, adminPin, now);
  await call(db, transport, '/enrol', signed, null);
  await db.peers.put({ deviceId: join.deviceId, enrolment: signed });
}
