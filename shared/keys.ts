import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical';

/**
 * Who signs results and registries. The domain assumes no algorithm: the device's ECDSA P-256
 * key is one implementation, and NCA RK keys through NCALayer can be another. `sign` returns
 * the signature in the algorithm's transport form (for ES256: DER, which openssl reads).
 */
export interface Signer {
  readonly algorithm: string;
  readonly keyId: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export const ES256 = 'ES256';
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const toBase64Url = (bytes: Uint8Array) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A key's id: the first 16 hex digits of SHA-256 over its public key (SPKI, DER). */
export function keyIdOf(spki: Uint8Array): string {
  return bytesToHex(sha256(spki)).slice(0, 16);
}

/** A key as people compare it aloud or on two screens: its id in groups of four, `AB12-CD34-…`. */
export const fingerprint = (publicKey: string) => keyIdOf(fromBase64(publicKey)).toUpperCase().match(/.{4}/g)!.join('-');

/** WebCrypto's ECDSA signature is r‖s (IEEE P1363); openssl and most tools want DER. */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  const half = signature.length / 2;
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.slice(i);
    const body = trimmed[0]! & 0x80 ? [0, ...trimmed] : [...trimmed];
    return [0x02, body.length, ...body];
  };
  const body = [...integer(signature.slice(0, half)), ...integer(signature.slice(half))];
  return Uint8Array.from([0x30, body.length, ...body]);
}

/** The inverse of p1363ToDer for P-256; null when the bytes are not a DER ECDSA signature. */
export function derToP1363(der: Uint8Array): Uint8Array | null {
  if (der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const out = new Uint8Array(64);
  let at = 2;
  for (const offset of [0, 32]) {
    if (der[at] !== 0x02) return null;
    const length = der[at + 1]!;
    let value = der.slice(at + 2, at + 2 + length);
    if (value.length !== length) return null;
    while (value.length > 32 && value[0] === 0) value = value.slice(1);
    if (value.length > 32) return null;
    out.set(value, offset + 32 - value.length);
    at += 2 + length;
  }
  return at === der.length ? out : null;
}

/** A new P-256 key pair whose private half can sign but never leave the device. */
export async function generateSigningKey(): Promise<{ privateKey: CryptoKey; publicKey: string; keyId: string }> {
  const pair = await crypto.subtle.generateKey(ECDSA, false, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: toBase64(spki), keyId: keyIdOf(spki) };
}

/**
 * A new P-256 key pair whose private half comes out once, as PKCS#8, to be kept sealed (the
 * device's request key, which only a signed-in device may use); `importSigningKey` takes it back in.
 */
export async function generateSealableKey(): Promise<{ pkcs8: Uint8Array; publicKey: string; keyId: string }> {
  const pair = await crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { pkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)), publicKey: toBase64(spki), keyId: keyIdOf(spki) };
}

export async function importSigningKey(pkcs8: Uint8Array, keyId: string): Promise<Signer> {
  return ecdsaSigner(await crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, ECDSA, false, ['sign']), keyId);
}

export function ecdsaSigner(privateKey: CryptoKey, keyId: string): Signer {
  return {
    algorithm: ES256,
    keyId,
    sign: async (data) => p1363ToDer(new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, privateKey, data as BufferSource))),
  };
}

/** True when the text is a P-256 public key (SPKI, base64), as every Kense key is. */
export async function isP256PublicKey(publicKey: string): Promise<boolean> {
  try {
    await crypto.subtle.importKey('spki', fromBase64(publicKey) as BufferSource, ECDSA, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

/** Public keys imported lately: a hub checks thousands of signatures of a few dozen keys, and importing one costs about what checking does. */
const imported = new Map<string, Promise<CryptoKey>>();
const IMPORTED_KEYS = 256;

function verifyingKey(publicKey: string): Promise<CryptoKey> {
  let key = imported.get(publicKey);
  if (!key) {
    if (imported.size >= IMPORTED_KEYS) imported.delete(imported.keys().next().value!);
    key = crypto.subtle.importKey('spki', fromBase64(publicKey) as BufferSource, ECDSA, false, ['verify']);
    // A key that does not import is not kept: it is refused again each time, as before.
    key.catch(() => imported.delete(publicKey));
    imported.set(publicKey, key);
  }
  return key;
}

/** Checks an ES256 signature (DER) over the bytes with a public key (SPKI, base64). False for anything malformed. */
export async function verifyEs256(publicKey: string, data: Uint8Array, derSignature: Uint8Array): Promise<boolean> {
  const raw = derToP1363(derSignature);
  if (!raw) return false;
  try {
    const key = await verifyingKey(publicKey);
    return await crypto.subtle.verify(ECDSA_SHA256, key, raw as BufferSource, data as BufferSource);
  } catch {
    return false;
  }
}

const text = z.string().trim().min(1);
const instant = z.iso.datetime();
const localized = z.object({ kk: text, ru: text });

/** One signer's key in the office registry: who holds it, from when to when, and whether it was revoked. */
export const keyRecordSchema = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  algorithm: z.literal(ES256),
  publicKey: text,
  holder: z.object({ userId: text, name: text, position: localized }),
  validFrom: instant,
  validTo: instant,
  revokedAt: instant.nullable(),
  revocationReason: z.string(),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

/** The office as results and registries name it. */
export const officeIdentitySchema = z.object({ id: text, code: text, names: localized });
export type OfficeIdentity = z.infer<typeof officeIdentitySchema>;

/** The office's signers' keys. Each version is signed as a whole by the office administrator key. */
export const registrySchema = z.object({
  format: z.literal('kense-registry/1'),
  office: officeIdentitySchema,
  version: z.number().int().positive(),
  issuedAt: instant,
  keys: z.array(keyRecordSchema),
});
export type Registry = z.infer<typeof registrySchema>;

export const signedRegistrySchema = z.object({ registry: registrySchema, adminKeyId: text, signature: text });
export type SignedRegistry = z.infer<typeof signedRegistrySchema>;

/**
 * What a verifier trusts: per office, the administrator's public key (the trust anchor, which
 * must reach the verifier by a trusted path) and the newest registry it signed.
 */
export const trustFileSchema = z.object({
  format: z.literal('kense-trust/1'),
  offices: z.array(z.object({ adminKey: text, registry: signedRegistrySchema })),
});
export type TrustFile = z.infer<typeof trustFileSchema>;

export async function signRegistry(admin: Signer, registry: Registry): Promise<SignedRegistry> {
  const signature = await admin.sign(utf8ToBytes(canonicalJson(registry)));
  return { registry, adminKeyId: admin.keyId, signature: toBase64Url(signature) };
}

/** True when the registry was signed by the holder of this administrator key. */
export async function registrySignedBy(signed: SignedRegistry, adminKey: string): Promise<boolean> {
  return signed.adminKeyId === keyIdOf(fromBase64(adminKey)) && verifyEs256(adminKey, utf8ToBytes(canonicalJson(signed.registry)), fromBase64(signed.signature));
}

/** Whether a key could sign at that moment: it exists, its period covers the moment, it was not revoked before. */
export type KeyStatus = 'valid' | 'unknown' | 'notYetValid' | 'expired' | 'revoked';

export function keyStatusAt(record: KeyRecord | undefined, at: string): KeyStatus {
  if (!record) return 'unknown';
  if (record.revokedAt !== null && record.revokedAt <= at) return 'revoked';
  if (at < record.validFrom) return 'notYetValid';
  if (at > record.validTo) return 'expired';
  return 'valid';
}

/** Merges trust files: per office the newest registry version the same anchor signed wins. */
export function mergeTrust(files: readonly TrustFile[]): TrustFile {
  const byOffice = new Map<string, TrustFile['offices'][number]>();
  for (const entry of files.flatMap((f) => f.offices)) {
    const key = `${entry.registry.registry.office.id}|${entry.adminKey}`;
    const known = byOffice.get(key);
    if (!known || known.registry.registry.version < entry.registry.registry.version) byOffice.set(key, entry);
  }
  return { format: 'kense-trust/1', offices: [...byOffice.values()] };
}
