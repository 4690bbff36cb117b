import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** What `inKeyOrder` cannot copy exactly; the value then goes the long way, through `canonicalize`. */
const LONG_WAY = Symbol('long way');
/** A lone surrogate, which RFC 8785 refuses (`canonicalize` throws on it). */
const LONE_SURROGATE = /\p{Cs}/u;
/** Keys JavaScript enumerates before the others, in number order, whatever order they were set in. */
const indexLike = (key: string) => key.charCodeAt(0) <= 57 && /^(0|[1-9]\d*)$/.test(key);

/**
 * A copy of plain JSON data with each object's keys set in sorted order, so that the engine's own
 * JSON.stringify writes the canonical form, several times faster than `canonicalize` does. Anything
 * else (a toJSON, a number that is not finite, a lone surrogate, an index-like or __proto__ key, a
 * hole) answers LONG_WAY.
 */
function inKeyOrder(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return LONE_SURROGATE.test(value) ? LONG_WAY : value;
    case 'number':
      return Number.isFinite(value) ? value : LONG_WAY;
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return value;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return LONG_WAY;
      if (Array.isArray(value)) {
        const copy: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return LONG_WAY;
          const item = value[i] === undefined ? null : inKeyOrder(value[i]);
          if (item === LONG_WAY) return LONG_WAY;
          copy.push(item);
        }
        return copy;
      }
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        if (key === '__proto__' || indexLike(key) || LONE_SURROGATE.test(key)) return LONG_WAY;
        const kept = inKeyOrder(item);
        if (kept === LONG_WAY) return LONG_WAY;
        copy[key] = kept;
      }
      return copy;
    }
    default:
      return LONG_WAY;
  }
}

/** RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace. The one form that is hashed or signed. */
export function canonicalJson(value: unknown): string {
  const ordered = inKeyOrder(value);
  const text = ordered === LONG_WAY ? canonicalize(value) : JSON.stringify(ordered);
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
