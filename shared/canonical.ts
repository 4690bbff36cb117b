import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace. The one form that is hashed or signed. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}

/**
 * SHA-256 of the canonical JSON, as lowercase hex.
 * Synchronous on purpose: it runs inside IndexedDB transactions, which commit as soon as
 * the code awaits anything that is not IndexedDB (such as crypto.subtle).
 */
export function hashOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}
