import type { DBCore, DBCoreCursor, DBCoreKeyRange, DBCoreTable, Middleware } from 'dexie';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { DomainError, openBytes, sealBytes } from '../../shared';

/**
 * The tables that hold children's personal data, and the fields each keeps in clear: its keys
 * and indexes, which say nothing about a person. Everything else in a row is sealed with the
 * office key into `sealed`, so the database on disk is unreadable without a signed-in person.
 */
export const SEALED_TABLES: Readonly<Record<string, readonly string[]>> = {
  events: ['id', 'caseId', 'deviceId', 'deviceSeq', 'hlc'],
  cases: ['id', 'regNumber', 'updatedAt', 'stage', 'stepDueAt', 'specialistId', 'registeredAt', 'registeredBy', 'signedAt', 'handedOverOn', 'search'],
  log: ['seq', 'status', 'eventId', 'caseId', 'deviceId', 'deviceSeq', 'knownHash'],
  logPages: ['through', 'caseIds', 'open', 'inline', 'devices'],
  forks: ['id', 'knownHash', 'foundAt'],
  refused: ['key', 'seq', 'eventId', 'foundAt'],
  drafts: ['key'],
};

/**
 * Indexed fields whose values say who a person is (names, IINs): kept only as keyed tags, an
 * HMAC under a key derived from the office key. The index finds a tag for a typed term; without
 * the key nobody can tell which term a tag stands for.
 */
const BLIND_INDEXES: Readonly<Record<string, string>> = { cases: 'search' };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A key source: the office key while someone is signed in, null while the app is locked. */
export type OfficeKeySource = () => Uint8Array | null;

function keyOrLocked(key: OfficeKeySource): Uint8Array {
  const k = key();
  if (!k) throw new DomainError('auth.locked');
  return k;
}

const searchKeys = new WeakMap<Uint8Array, { key: Uint8Array; tags: Map<string, string> }>();
/** Bounds the memo of tags: enough for a district's common name prefixes. */
const TAG_MEMO = 100_000;

/** The keyed tag of a search term (searchTerms in shared/search.ts): 64 bits of HMAC-SHA-256. */
export function searchTag(officeKey: Uint8Array, term: string): string {
  let held = searchKeys.get(officeKey);
  if (!held) searchKeys.set(officeKey, (held = { key: hmac(sha256, officeKey, encoder.encode('kense-search/1')), tags: new Map() }));
  let tag = held.tags.get(term);
  if (tag === undefined) {
    if (held.tags.size >= TAG_MEMO) held.tags.clear();
    tag = bytesToHex(hmac(sha256, held.key, encoder.encode(term)).subarray(0, 8));
    held.tags.set(term, tag);
  }
  return tag;
}

export function sealRow(key: Uint8Array, clear: readonly string[], row: Record<string, unknown>, blind?: string): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) (clear.includes(name) ? kept : secret)[name] = value;
  if (blind && Array.isArray(kept[blind])) kept[blind] = (kept[blind] as string[]).map((term) => searchTag(key, term));
  return { ...kept, sealed: sealBytes(key, encoder.encode(JSON.stringify(secret))) };
}

export function openRow(key: Uint8Array, row: unknown): unknown {
  if (!row || typeof row !== 'object' || !('sealed' in row)) return row;
  const { sealed, ...kept } = row as { sealed: Uint8Array };
  return { ...kept, ...(JSON.parse(decoder.decode(openBytes(key, sealed))) as object) };
}

function sealedTable(down: DBCoreTable, clear: readonly string[], key: OfficeKeySource, blind?: string): DBCoreTable {
  const open = (row: unknown) => (row === undefined ? row : openRow(keyOrLocked(key), row));
  // A lookup on the blind index asks for a term; the index holds its tag.
  const tagged = <Q extends { index?: { name: string | null }; range: DBCoreKeyRange }>(query: Q): Q => {
    if (!blind || query.index?.name !== blind) return query;
    const { range } = query;
    if (range.type !== 1 /* DBCoreRangeType.Equal, a const enum */ || typeof range.lower !== 'string') throw new RangeError(`the ${blind} index answers only equality`);
    const tag = searchTag(keyOrLocked(key), range.lower);
    return { ...query, range: { ...range, lower: tag, upper: tag } };
  };
  // Dexie swaps a cursor's methods as it runs, so the proxy reads through to it on every access.
  const openCursor = (cursor: DBCoreCursor | null): DBCoreCursor | null =>
    cursor && new Proxy(cursor, { get: (target, prop) => (prop === 'value' ? open(target.value) : Reflect.get(target, prop)) });
  return {
    ...down,
    mutate: (req) =>
      req.type === 'add' || req.type === 'put'
        ? down.mutate({ ...req, values: req.values.map((v: Record<string, unknown>) => sealRow(keyOrLocked(key), clear, v, blind)) })
        : down.mutate(req),
    // Chained with then, not await: Dexie's zone (the running transaction) follows its own promises only.
    get: (req) => down.get(req).then(open),
    getMany: (req) => down.getMany(req).then((rows) => rows.map(open)),
    query: (req) => down.query({ ...req, query: tagged(req.query) }).then((res) => (req.values ? { ...res, result: res.result.map(open) } : res)),
    openCursor: (req) => down.openCursor({ ...req, query: tagged(req.query) }).then(openCursor),
    count: (req) => down.count({ ...req, query: tagged(req.query) }),
  };
}

/**
 * Dexie middleware that seals the personal-data tables. It sits below Dexie's hooks and live
 * queries (level -2), so everything above it, the app's code included, sees plain rows.
 */
export function sealingMiddleware(key: OfficeKeySource): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Sealing',
    level: -2,
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        const clear = SEALED_TABLES[name];
        return clear ? sealedTable(table, clear, key, BLIND_INDEXES[name]) : table;
      },
    }),
  };
}
