import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { mergeTrust, trustFileSchema, type TrustFile } from '../shared';
import { Hub } from './hub';
import { openPglite, openPostgres } from './hubDb';
import { serveHub } from './hubHttp';
import { shippedTrust } from './resources';

export interface SyncServerOptions {
  port: number;
  host: string;
  /** PostgreSQL URL; without one the hub stores in embedded PGlite under `data`. */
  database?: string;
  /** The hub's folder: `db/` for PGlite, `trust/` for the offices' trust files. */
  data: string;
  restored?: boolean;
}

/** The offices' trust files the operator put in `<data>/trust/`, read again whenever an unknown office appears. */
function trustFolder(dir: string): () => Promise<TrustFile> {
  mkdirSync(dir, { recursive: true });
  return async () =>
    mergeTrust([
      ...shippedTrust(),
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => trustFileSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')))),
    ]);
}

export async function startSyncServer(options: SyncServerOptions) {
  const data = resolve(options.data);
  const sql = options.database ? await openPostgres(options.database) : await openPglite(join(data, 'db'));
  const hub = await Hub.open(sql, trustFolder(join(data, 'trust')), { restored: options.restored });
  const server = serveHub(hub);
  await new Promise<void>((done) => server.listen(options.port, options.host, done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    epoch: hub.epoch,
    store: options.database ? 'PostgreSQL' : `PGlite in ${join(data, 'db')}`,
    trust: join(data, 'trust'),
    async close() {
      await new Promise((done) => server.close(done));
      await hub.close();
    },
  };
}
