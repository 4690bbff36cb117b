import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace. The one form that is hashed or signed. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}

/** SHA-256 of UTF-8 text as lowercase hex: @noble's, unless the platform gives a faster one (`useSha256`). */
let sha256Hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

/** The hub hashes every event it takes, and Node's OpenSSL SHA-256 is several times @noble's; the renderer may import no node: module, so the hub hands it in. */
export function useSha256(digest: (text: string) => string): void {
  sha256Hex = digest;
}

/**
 * SHA-256 of the canonical JSON, as lowercase hex.
 * Synchronous on purpose: it runs inside IndexedDB transactions, which commit as soon as
 * the code awaits anything that is not IndexedDB (such as crypto.subtle).
 */
export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
