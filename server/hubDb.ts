import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The hub's one way to its database. PostgreSQL and the embedded PGlite run the same SQL; only
 * opening them and their transactions differ.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction: all of it commits, or none of it on any error. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Embedded PostgreSQL (WebAssembly) in a folder, or in memory for tests with `memory://`. */
export async function openPglite(dataDir: string): Promise<Sql> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  return pgliteSql(await PGlite.create(dataDir));
}

/** An open PGlite as the hub's database. */
export function pgliteSql(db: PGlite): Sql {
  const wrap = (q: Pick<PGlite, 'query'>): Sql['query'] => async (text, params) => (await q.query(text, params)).rows as never;
  return {
    query: wrap(db),
    transaction: (work) => db.transaction((tx) => work({ query: wrap(tx), transaction: () => Promise.reject(new Error('nested transaction')), close: async () => {} })),
    close: () => db.close(),
  };
}

/** A PostgreSQL server by its URL. Transactions take one pooled connection each. */
export async function openPostgres(url: string): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  await pool.query('select 1');
  const query = (client: pg.Pool | pg.PoolClient): Sql['query'] => async (text, params) => (await client.query(text, params as unknown[])).rows as never;
  return {
    query: query(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({ query: query(client), transaction: () => Promise.reject(new Error('nested transaction')), close: async () => {} });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The unique constraint or index a statement broke, when that is why it failed (PostgreSQL's 23505, on both). */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' ? (e.constraint ?? '') : null;
}
