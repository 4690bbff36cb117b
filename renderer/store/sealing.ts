import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';
import { DomainError, openBytes, sealBytes } from '../../shared';

/**
 * The tables that hold children's personal data, and the fields each keeps in clear: its keys
 * and indexes, which say nothing about a person. Everything else in a row is sealed with the
 * office key into `sealed`, so the database on disk is unreadable without a signed-in person.
 */
export const SEALED_TABLES: Readonly<Record<string, readonly string[]>> = {
  events: ['id', 'caseId', 'deviceId', 'deviceSeq'],
  cases: ['id', 'regNumber', 'updatedAt', 'stage', 'stepDueAt', 'specialistId'],
  log: ['seq', 'status', 'eventId', 'caseId', 'deviceId', 'deviceSeq', 'knownHash'],
  forks: ['id', 'knownHash', 'foundAt'],
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A key source: the office key while someone is signed in, null while the app is locked. */
export type OfficeKeySource = () => Uint8Array | null;

function keyOrLocked(key: OfficeKeySource): Uint8Array {
  const k = key();
  if (!k) throw new DomainError('auth.locked');
  return k;
}

export function sealRow(key: Uint8Array, clear: readonly string[], row: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) (clear.includes(name) ? kept : secret)[name] = value;
  return { ...kept, sealed: sealBytes(key, encoder.encode(JSON.stringify(secret))) };
}

export function openRow(key: Uint8Array, row: unknown): unknown {
  if (!row || typeof row !== 'object' || !('sealed' in row)) return row;
  const { sealed, ...kept } = row as { sealed: Uint8Array };
  return { ...kept, ...(JSON.parse(decoder.decode(openBytes(key, sealed))) as object) };
}

function sealedTable(down: DBCoreTable, clear: readonly string[], key: OfficeKeySource): DBCoreTable {
  const open = (row: unknown) => (row === undefined ? row : openRow(keyOrLocked(key), row));
  // Dexie swaps a cursor's methods as it runs, so the proxy reads through to it on every access.
  const openCursor = (cursor: DBCoreCursor | null): DBCoreCursor | null =>
    cursor && new Proxy(cursor, { get: (target, prop) => (prop === 'value' ? open(target.value) : Reflect.get(target, prop)) });
  return {
    ...down,
    mutate: (req) =>
      req.type === 'add' || req.type === 'put'
        ? down.mutate({ ...req, values: req.values.map((v: Record<string, unknown>) => sealRow(keyOrLocked(key), clear, v)) })
        : down.mutate(req),
    get: async (req) => open(await down.get(req)),
    getMany: async (req) => (await down.getMany(req)).map(open),
    query: async (req) => {
      const res = await down.query(req);
      return req.values ? { ...res, result: res.result.map(open) } : res;
    },
    openCursor: async (req) => openCursor(await down.openCursor(req)),
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
        return clear ? sealedTable(table, clear, key) : table;
      },
    }),
  };
}
