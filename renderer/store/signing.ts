import {
  DomainError,
  ecdsaSigner,
  fromBase64,
  ncaSignable,
  readSealText,
  generateSigningKey,
  keyStatusAt,
  mergeTrust,
  resultPayload,
  sealText,
  signRegistry,
  signResult,
  toBase64,
  validUntilOf,
  type Actor,
  type CaseState,
  type NcaSignRequest,
  type PlatformBridge,
  type Registry,
  type Signer,
  type TrustFile,
} from '../../shared';
import { checkOnDevice, execute, OFFICE_RECORD_TABLES, recordOfficeEvent, type OfficeData } from './commands';
import type { KenseDb } from './db';
import type { KeyRequestRow, SigningKeyRow } from './rows';
import { ncaRoots } from './ncaTrust';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export const PIN_PATTERN = /^[0-9]{6,12}$/;
/** OWASP's 2023 figure for PBKDF2-SHA256; about half a second on an office PC. */
const PIN_ITERATIONS = 600_000;
/** Wrong PINs in a row before a key locks; the administrator then revokes it and the holder makes a new one. */
export const PIN_ATTEMPTS = 5;
const KEY_YEARS = 3;

async function pinHash(pin: string, salt: string, iterations: number): Promise<string> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations }, material, 256);
  return toBase64(new Uint8Array(bits));
}

async function newKeyRow(userId: string, purpose: SigningKeyRow['purpose'], pin: string, pinAgain: string, now: Date): Promise<SigningKeyRow> {
  if (!PIN_PATTERN.test(pin)) throw new DomainError('keys.pinTooShort');
  if (pin !== pinAgain) throw new DomainError('keys.pinsDiffer');
  const key = await generateSigningKey();
  const salt = crypto.randomUUID();
  return { ...key, userId, purpose, pin: { salt, iterations: PIN_ITERATIONS, hash: await pinHash(pin, salt, PIN_ITERATIONS) }, failures: 0, createdAt: now.toISOString() };
}

/** Unlocks a key with its PIN. A wrong PIN is counted, and the key locks after PIN_ATTEMPTS in a row. */
export async function unlockSigningKey(db: KenseDb, keyId: string, pin: string): Promise<Signer> {
  const row = await db.signingKeys.get(keyId);
  if (!row) throw new DomainError('signing.noKey');
  if (row.failures >= PIN_ATTEMPTS) throw new DomainError('signing.locked');
  if ((await pinHash(pin, row.pin.salt, row.pin.iterations)) !== row.pin.hash) {
    await db.signingKeys.update(keyId, { failures: row.failures + 1 });
    throw new DomainError(row.failures + 1 >= PIN_ATTEMPTS ? 'signing.locked' : 'signing.wrongPin', { left: PIN_ATTEMPTS - row.failures - 1 });
  }
  if (row.failures) await db.signingKeys.update(keyId, { failures: 0 });
  return ecdsaSigner(row.privateKey, keyId);
}

/** The office administrator key, made once; its public key is the office's trust anchor. It signs the first, empty registry. */
export async function createAdminKey(db: KenseDb, admin: Actor, pin: string, pinAgain: string, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'createAdminKey', admin);
  if (await db.registry.get('this')) throw new DomainError('keys.adminKeyExists');
  const device = await db.device.get('this');
  if (!device) throw new Error('this device is not set up');
  const row = await newKeyRow(admin.userId, 'registry', pin, pinAgain, now);
  const { id, code, names } = device.office;
  const registry: Registry = { format: 'kense-registry/1', office: { id, code, names }, version: 1, issuedAt: now.toISOString(), keys: [] };
  const signed = await signRegistry(ecdsaSigner(row.privateKey, row.keyId), registry);
  await db.transaction('rw', [...OFFICE_RECORD_TABLES(db), db.signingKeys], async () => {
    if (await db.registry.get('this')) throw new DomainError('keys.adminKeyExists');
    await db.signingKeys.add(row);
    await recordOfficeEvent(db, admin, { type: 'office.registryPublished', payload: { signed } }, now);
    await db.registry.put({ id: 'this', adminKey: row.publicKey, signed });
  });
}

/** A head makes their signing key; it signs nothing until the administrator registers it. */
export async function createSigningKey(db: KenseDb, head: Actor, pin: string, pinAgain: string, now = new Date()): Promise<string> {
  await checkOnDevice(db, 'createSigningKey', head);
  const row = await newKeyRow(head.userId, 'results', pin, pinAgain, now);
  const request: KeyRequestRow = { keyId: row.keyId, publicKey: row.publicKey, holder: { userId: head.userId, name: head.name }, requestedAt: row.createdAt };
  await db.transaction('rw', [...OFFICE_RECORD_TABLES(db), db.signingKeys, db.keyRequests], async () => {
    await db.signingKeys.add(row);
    await db.keyRequests.put(request);
    await recordOfficeEvent(db, head, { type: 'office.keyRequested', payload: { keyId: request.keyId, publicKey: request.publicKey, holder: request.holder } }, now);
  });
  return row.keyId;
}

/** A new registry version, signed with the administrator key. Refused if another change landed meanwhile. */
async function changeRegistry(db: KenseDb, admin: Actor, adminPin: string, now: Date, change: (registry: Registry) => Registry): Promise<void> {
  await checkOnDevice(db, 'changeRegistry', admin);
  const current = await db.registry.get('this');
  if (!current) throw new DomainError('keys.noAdminKey');
  const next = change({ ...current.signed.registry, version: current.signed.registry.version + 1, issuedAt: now.toISOString() });
  const signed = await signRegistry(await adminSigner(db, adminPin), next);
  await db.transaction('rw', OFFICE_RECORD_TABLES(db), async () => {
    const latest = await db.registry.get('this');
    if (latest?.signed.registry.version !== current.signed.registry.version) throw new DomainError('keys.registryChanged');
    await recordOfficeEvent(db, admin, { type: 'office.registryPublished', payload: { signed } }, now);
    await db.registry.put({ ...current, signed });
  });
}

/** The office administrator key on this device, unlocked by its PIN: it signs registries and enrolments. */
export async function adminSigner(db: KenseDb, adminPin: string): Promise<Signer> {
  const current = await db.registry.get('this');
  const key = current && (await db.signingKeys.get(current.signed.adminKeyId));
  if (!key) throw new DomainError('keys.noAdminKey');
  return unlockSigningKey(db, key.keyId, adminPin);
}

/** The administrator registers a head's key for KEY_YEARS from now. */
export async function registerKey(db: KenseDb, admin: Actor, keyId: string, adminPin: string, now = new Date()): Promise<void> {
  const row = await db.keyRequests.get(keyId);
  if (!row) throw new DomainError('keys.unknown');
  const holder = await db.staff.get(row.holder.userId);
  if (!holder?.active || !holder.roles.includes('head')) throw new DomainError('keys.holderNotHead');
  const validTo = new Date(now);
  validTo.setUTCFullYear(validTo.getUTCFullYear() + KEY_YEARS);
  await changeRegistry(db, admin, adminPin, now, (registry) => {
    if (registry.keys.some((k) => k.keyId === keyId)) throw new DomainError('keys.alreadyRegistered');
    const record = {
      keyId,
      algorithm: 'ES256' as const,
      publicKey: row.publicKey,
      holder: { userId: holder.id, name: holder.name, position: { kk: 'Басшы', ru: 'Руководитель' } },
      validFrom: now.toISOString(),
      validTo: validTo.toISOString(),
      revokedAt: null,
      revocationReason: '',
    };
    return { ...registry, keys: [...registry.keys, record] };
  });
}

/** Revokes a key from now: what it signed before stays valid, anything it signs later fails verification. */
export async function revokeKey(db: KenseDb, admin: Actor, keyId: string, reason: string, adminPin: string, now = new Date()): Promise<void> {
  if (!reason.trim()) throw new DomainError('field.required', { field: 'revocationReason' });
  await changeRegistry(db, admin, adminPin, now, (registry) => {
    const key = registry.keys.find((k) => k.keyId === keyId);
    if (!key) throw new DomainError('keys.unknown');
    if (key.revokedAt) throw new DomainError('keys.alreadyRevoked');
    return { ...registry, keys: registry.keys.map((k) => (k === key ? { ...k, revokedAt: now.toISOString(), revocationReason: reason.trim() } : k)) };
  });
}

/** The head's registered key that can sign now, if any. */
export async function activeKeyOf(db: KenseDb, userId: string, now = new Date()) {
  const registry = (await db.registry.get('this'))?.signed.registry;
  const mine = await db.signingKeys.where('userId').equals(userId).toArray();
  return registry?.keys.find((k) => k.holder.userId === userId && keyStatusAt(k, now.toISOString()) === 'valid' && mine.some((m) => m.keyId === k.keyId));
}

/**
 * The head signs the case's draft: the PIN unlocks the key, the payload is built from the
 * draft and signed, and the `sign` command records the seal. A wrong PIN changes no case.
 */
export async function signCase(db: KenseDb, data: OfficeData, head: Actor, caseId: string, pin: string, now = new Date()): Promise<CaseState> {
  const key = await activeKeyOf(db, head.userId, now);
  if (!key) throw new DomainError('signing.noKey');
  const signer = await unlockSigningKey(db, key.keyId, pin);
  const state = (await db.cases.get(caseId))?.state;
  const device = await db.device.get('this');
  if (!state || !device) throw new DomainError('case.notFound', { caseId });
  const seal = await sealOf(signer, state, data, device.office.offsetMinutes, now.toISOString(), crypto.randomUUID());
  return execute(db, data, head, { type: 'sign', caseId, seal }, now);
}

/** The seal text of a head's signature over the case's draft, as issued at `issued` under document number `doc`. */
export async function sealOf(signer: Signer, state: CaseState, data: OfficeData, offsetMinutes: number, issued: string, doc: string): Promise<string> {
  const service = data.catalog.get(state.serviceId);
  if (!service) throw new DomainError('service.unknown', { serviceId: state.serviceId });
  const payload = resultPayload(state, service, doc, issued, validUntilOf(state, service, issued, { offsetMinutes }));
  return sealText(await signResult(signer, payload));
}

/** What this office trusts when it verifies: its own anchor and registry, and the trust files it ships with. */
export async function officeTrust(db: KenseDb, shipped: readonly TrustFile[]): Promise<TrustFile> {
  const own = await db.registry.get('this');
  return mergeTrust([...shipped, ...(own ? [{ format: 'kense-trust/1' as const, offices: [{ adminKey: own.adminKey, registry: own.signed }] }] : [])]);
}

/**
 * The head adds their NCA RK signature to the case's sealed result: NCALayer signs the seal's
 * payload, the CMS is checked here as every reader will check it (nca.ts, against the build's
 * roots and the head's IIN on the staff record), and the `ncaSign` command records it. Whatever
 * fails, the seal stays and the case is unchanged.
 */
export async function ncaSignCase(db: KenseDb, data: OfficeData, head: Actor, caseId: string, bridge: Pick<PlatformBridge, 'ncaSign'>, locale: NcaSignRequest['locale'], now = new Date()): Promise<CaseState> {
  const state = (await db.cases.get(caseId))?.state;
  if (!state) throw new DomainError('case.notFound', { caseId });
  const sealed = state.seal?.text ? readSealText(state.seal.text) : null;
  if (!sealed) throw new DomainError('nca.otherSeal');
  ncaSignable(state, head, state.seal!.text!);
  const iin = (await db.staff.get(head.userId))?.iin;
  if (!iin) throw new DomainError('nca.noIin');
  const answer = await bridge.ncaSign({ data: toBase64(utf8ToBytes(sealed.json)), iin, locale });
  if (!answer.ok) throw new DomainError(`nca.${answer.problem}`, { detail: answer.detail ?? '' });
  const { checkNcaSignature } = await import('../../shared/nca');
  const cms = fromBase64(answer.cms);
  const check = await checkNcaSignature(cms, utf8ToBytes(sealed.json), ncaRoots(), sealed.payload.issued);
  if (!check.ok) throw new DomainError(`nca.${check.problem}`);
  return execute(db, data, head, { type: 'ncaSign', caseId, seal: state.seal!.text!, cms: toBase64(cms), signer: check.signer }, now);
}
