import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fetchHub, type HubIdentity, type HubTransport, type TrustFile } from '../../shared';
import { hubTls } from '../../server/hubTls';
import { freePort } from './postgres';

/*
 * Hub processes on one PostgreSQL database, as an operator runs them behind a load balancer:
 * each `kense sync-server` its own OS process on its own port, all with the same data folder
 * (one certificate, so devices pin one key; one trust folder).
 */

const ENTRY = resolve(import.meta.dirname, '../../bin/kense.js');
/** A process that has not answered its health check by then is broken (tsx compiles the hub at start; the machine may be busy). */
const READY_WITHIN_MS = 180_000;

interface HubProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** The end of what it wrote, for the error when it dies. */
  output: string[];
  exited: Promise<number | null>;
}

function spawnHub(database: string, data: string, port: number): HubProcess {
  const child = spawn(process.execPath, [ENTRY, 'sync-server', '--port', String(port), '--host', '127.0.0.1', '--http', '--database', database, '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  // Read all it writes (its request log too), or it blocks on a full pipe.
  const keep = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean)) > 40 && output.splice(0, output.length - 40);
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { port, url: `http://127.0.0.1:${port}`, child, output, exited };
}

/** Polls the process's /health until it answers, and fails at once if the process exits. */
async function ready(hub: HubProcess): Promise<void> {
  let died = false;
  void hub.exited.then(() => (died = true));
  const until = Date.now() + READY_WITHIN_MS;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    if (died) throw new Error(`the hub on port ${hub.port} exited at start:\n${hub.output.join('\n')}`);
    const up = await fetch(`${hub.url}/health`).then((r) => r.ok, () => false);
    if (up) return;
    if (Date.now() > until) throw new Error(`the hub on port ${hub.port} did not answer within ${READY_WITHIN_MS / 1000} s:\n${hub.output.join('\n')}`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

export interface HubProcesses {
  /** Each process's address. */
  urls: string[];
  /** Their shared key, as the hub signs its answers. */
  identity: HubIdentity;
  /** Each process's id, to read its CPU time. */
  pids(): number[];
  /** A link to process `i`, over HTTP. */
  link(i: number): HubTransport;
  /** Puts the offices' trust anchors into the hubs' trust folder, as the operator does. */
  trust(anchors: TrustFile['offices']): void;
  /** Kills process `i` and starts it again on its port; resolves when it answers again. */
  restart(i: number): Promise<void>;
  /** The processes that answer now: not restarting. */
  up(): number[];
  stop(): Promise<void>;
}

/**
 * `count` hub processes on `database`. The first migrates the database before the others start,
 * so none depends on how migrations run side by side.
 */
export async function startHubProcesses(database: string, count: number): Promise<HubProcesses> {
  const data = mkdtempSync(join(tmpdir(), 'kense-hubs-'));
  // The certificate is made once, here: processes starting together would each make their own.
  const { identity } = await hubTls(data);
  const trustFile = join(data, 'trust', 'offices.json');
  const hubs: HubProcess[] = [];
  const up = new Set<number>();
  const restarting = new Set<Promise<void>>();
  for (let i = 0; i < count; i++) {
    hubs.push(spawnHub(database, data, await freePort()));
    await ready(hubs[i]!);
    up.add(i);
  }
  let trusted = 0;
  const trust = (anchors: TrustFile['offices']) => {
    if (anchors.length === trusted) return;
    writeFileSync(trustFile, JSON.stringify({ format: 'kense-trust/1', offices: anchors } satisfies TrustFile));
    trusted = anchors.length;
  };
  const stopOne = async (hub: HubProcess, signal: NodeJS.Signals) => {
    if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill(signal);
    await hub.exited;
  };
  return {
    urls: hubs.map((h) => h.url),
    identity,
    pids: () => hubs.map((h) => h.child.pid!),
    link: (i) => (call) => fetchHub(fetch, hubs[i]!.url, call),
    trust,
    up: () => [...up].sort(),
    restart(i) {
      up.delete(i);
      const back = (async () => {
        // Killed, not stopped: a hub that dies mid-day leaves nothing behind but the database.
        await stopOne(hubs[i]!, 'SIGKILL');
        hubs[i] = spawnHub(database, data, hubs[i]!.port);
        await ready(hubs[i]!);
        up.add(i);
      })();
      restarting.add(back);
      return back.finally(() => restarting.delete(back));
    },
    async stop() {
      await Promise.allSettled([...restarting]);
      await Promise.all(hubs.map((h) => stopOne(h, 'SIGTERM')));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** The CPU seconds a process has used so far (Linux), user and system. */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, the 14th and 15th fields, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
