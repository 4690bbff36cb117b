import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { mergeTrust, trustFileSchema, type TrustFile } from '../shared';
import { Hub } from './hub';
import { openPglite, openPostgres } from './hubDb';
import { serveHub } from './hubHttp';
import { shippedTrust } from './resources';
import { fileSink, webhookSink } from './notifySink';

export interface SyncServerOptions {
  port: number;
  host: string;
  /** PostgreSQL URL; without one the hub stores in embedded PGlite under `data`. */
  database?: string;
  /** The hub's folder: `db/` for PGlite, `trust/` for the offices' trust files. */
  data: string;
  restored?: boolean;
  /** Where messages to applicants go: a JSON-lines file, or a webhook; neither keeps them queued, visible to the office. */
  notify?: { file: string } | { webhook: string };
}

/** How often the hub hands its sink the messages queued since, and those it did not take before. */
const NOTIFY_EVERY_MS = 15_000;

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
  const n = options.notify;
  const sink = n && ('file' in n ? fileSink(resolve(n.file)) : webhookSink(n.webhook));
  const hub = await Hub.open(sql, trustFolder(join(data, 'trust')), { restored: options.restored, ...(sink ? { sink } : {}) });
  const retry = setInterval(() => void hub.deliverNotifications(), NOTIFY_EVERY_MS);
  const server = serveHub(hub);
  await new Promise<void>((done) => server.listen(options.port, options.host, done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    epoch: hub.epoch,
    store: options.database ? 'PostgreSQL' : `PGlite in ${join(data, 'db')}`,
    trust: join(data, 'trust'),
    notify: sink ? `${sink.kind} ${'file' in n! ? resolve(n.file) : n!.webhook}` : 'none: messages to applicants stay queued',
    async close() {
      clearInterval(retry);
      await new Promise((done) => server.close(done));
      await hub.close();
    },
  };
}
