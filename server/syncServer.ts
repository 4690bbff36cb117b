import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fingerprint, isLoopbackHost, mergeTrust, trustFileSchema, type TrustFile } from '../shared';
import { Hub } from './hub';
import { openPglite, openPostgres } from './hubDb';
import { serveHub } from './hubHttp';
import { hubTls } from './hubTls';
import { NCA_ROOTS_DIR, ncaRootsIn, shippedTrust } from './resources';
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
  /** The certificate and key files to serve; without them, the hub's own in `<data>/tls/`. */
  cert?: { cert: string; key: string };
  /** Plain HTTP instead of HTTPS: refused unless the hub listens on loopback only. */
  plainHttp?: boolean;
  /** Fastify's structured request log on standard output. */
  log?: boolean;
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
  // Children's data crosses the link: in clear only where it never leaves this machine.
  if (options.plainHttp && !isLoopbackHost(options.host)) throw new Error(`plain HTTP is for loopback only, not ${options.host}: leave out --http to serve HTTPS`);
  const data = resolve(options.data);
  const tls = await hubTls(data, options.cert);
  const sql = options.database ? await openPostgres(options.database) : await openPglite(join(data, 'db'));
  const n = options.notify;
  const sink = n && ('file' in n ? fileSink(resolve(n.file)) : webhookSink(n.webhook));
  // The NCA RK roots: those shipped, and those the operator put in `<data>/trust/nca/` (a root NCA RK issued since).
  const ncaRoots = [...ncaRootsIn(NCA_ROOTS_DIR), ...ncaRootsIn(join(data, 'trust/nca'))];
  const hub = await Hub.open(sql, trustFolder(join(data, 'trust')), { restored: options.restored, identity: tls.identity, ncaRoots, ...(sink ? { sink } : {}) });
  const retry = setInterval(() => void hub.deliverNotifications(), NOTIFY_EVERY_MS);
  const server = await serveHub(hub, { tls: options.plainHttp ? null : tls, log: options.log ?? false });
  await server.listen({ port: options.port, host: options.host });
  const { port } = server.server.address() as { port: number };
  return {
    url: `${options.plainHttp ? 'http' : 'https'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    /** What the administrator compares with the fingerprint their device shows when it connects. */
    fingerprint: fingerprint(tls.identity.hubKey),
    hubKey: tls.identity.hubKey,
    cert: tls.cert,
    epoch: hub.epoch,
    store: options.database ? 'PostgreSQL' : `PGlite in ${join(data, 'db')}`,
    trust: join(data, 'trust'),
    notify: sink ? `${sink.kind} ${'file' in n! ? resolve(n.file) : n!.webhook}` : 'none: messages to applicants stay queued',
    async close() {
      clearInterval(retry);
      await server.close();
      await hub.close();
    },
  };
}
