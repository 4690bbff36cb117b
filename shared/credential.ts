import { z } from 'zod';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { managedNonce, randomBytes } from '@noble/ciphers/utils.js';
import { DomainError } from './errors';
import { fromBase64, toBase64 } from './keys';

/*
 * A person's password protects the office data key: PBKDF2-SHA-256 turns the password into a
 * key-encryption key, which wraps the office key. Nothing that checks a password is stored
 * apart from the wrap itself: a wrong password fails the wrap's authentication tag.
 */

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. Stored per credential, so it can be raised later. */
export const PBKDF2_ITERATIONS = 600_000;
export const PASSWORD_MIN_LENGTH = 8;

export const credentialSchema = z.object({
  kdf: z.literal('PBKDF2-SHA-256'),
  iterations: z.number().int().min(PBKDF2_ITERATIONS),
  salt: z.string().min(16),
  /** The office key, sealed with XChaCha20-Poly1305 under the password's key; its nonce first. */
  wrapped: z.string().min(16),
});
export type Credential = z.infer<typeof credentialSchema>;

/** Seals bytes under a 32-byte key with a fresh random 192-bit nonce. Synchronous, so it runs inside IndexedDB transactions. */
export const sealBytes = (key: Uint8Array, plain: Uint8Array): Uint8Array => managedNonce(xchacha20poly1305)(key).encrypt(plain);

/** Opens what `sealBytes` sealed; throws when the key is wrong or a byte was changed. */
export const openBytes = (key: Uint8Array, sealed: Uint8Array): Uint8Array => managedNonce(xchacha20poly1305)(key).decrypt(sealed);

export const newOfficeKey = (): Uint8Array => randomBytes(32);

async function passwordKey(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, 256));
}

/** A new password must be long enough; the words are the person's to choose. */
export function checkNewPassword(password: string, repeat: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) throw new DomainError('password.tooShort', { min: PASSWORD_MIN_LENGTH });
  if (password !== repeat) throw new DomainError('password.differ');
}

export async function makeCredential(password: string, officeKey: Uint8Array): Promise<Credential> {
  const salt = randomBytes(16);
  const kek = await passwordKey(password, salt, PBKDF2_ITERATIONS);
  return { kdf: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: toBase64(salt), wrapped: toBase64(sealBytes(kek, officeKey)) };
}

/** The office key, or null when the password is wrong. */
export async function openCredential(credential: Credential, password: string): Promise<Uint8Array | null> {
  const kek = await passwordKey(password, fromBase64(credential.salt), credential.iterations);
  try {
    return openBytes(kek, fromBase64(credential.wrapped));
  } catch {
    return null;
  }
}

/**
 * How long a person waits before the next try after `failures` wrong passwords in a row: the
 * first two are free (a typo), then 30 s doubling to 15 minutes. It slows a guesser at the
 * keyboard; against a copied disk the work factor of PBKDF2 is the protection.
 */
export function signInDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(30_000 * 2 ** (failures - 3), 15 * 60_000);
}

/** A session with no keyboard or mouse for this long locks. */
export const IDLE_LOCK_MS = 15 * 60_000;
