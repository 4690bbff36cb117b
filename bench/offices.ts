import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { DomainError, type Command, type HubTransport, type TrustFile } from '../shared';
import { signIn } from '../renderer/store/accounts';
import { execute } from '../renderer/store/commands';
import type { KenseDb } from '../renderer/store/db';
import { pullAll } from '../renderer/store/pull';
import { pushOwn } from '../renderer/store/push';
import { openPostgres } from '../server/hubDb';
import { cpuSecondsOf, startHubProcesses, type HubProcesses } from '../test/sim/hubProcesses';
import { startPostgres } from '../test/sim/postgres';
import { enrolDevice, foundOffice, newDb, PASSWORD, peopleOf } from '../test/syncOffice';
import { calendar, catalog, intakeCommand } from '../test/unit/fixtures';

/*
 * `npm run bench -- --offices N [--office-events M]`: N offices push at once, then pull at once,
 * first all through one hub process, then split over two, on one PostgreSQL. The devices are the
 * app's store on fake IndexedDB, all in this process; the hubs are `kense sync-server` processes.
 */

const NOW = new Date('2026-11-24T05:00:00.000Z');
/** A hub takes MAX_CONCURRENT requests at once and answers the rest 503: the device asks again after this. */
const BUSY_PAUSE_MS = 100;

interface Office {
  code: string;
  /** The office's first device: it writes the cases and pushes them. */
  db: KenseDb;
}

/** CPU seconds so far of this process (the devices), each hub process, and PostgreSQL's server processes. */
type CpuSeconds = { devices: number; hubs: number; postgres: number };

/** The postmaster and its children, with the children it has reaped: every PostgreSQL server process. */
function postgresCpuSeconds(postmaster: number): number {
  const stat = (pid: number | string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const reaped = stat(postmaster);
  let seconds = (Number(reaped[13]) + Number(reaped[14])) / 100 + cpuSecondsOf(postmaster);
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (Number(stat(pid)[1]) === postmaster) seconds += cpuSecondsOf(Number(pid));
    } catch {
      // It ended between the listing and the read.
    }
  }
  return seconds;
}

export async function officesBench(count: number, eventsPerOffice: number, log: (line: string) => void): Promise<Record<string, number | string>> {
  const postgres = await startPostgres();
  const figures: Record<string, number | string> = {};
  let hubs: HubProcesses | undefined;
  const anchors: TrustFile['offices'] = [];
  let busy = 0;
  /** Process `i`, as a device reaches it; a busy answer is asked again, as the app would after its pause. */
  const via = (i: number): HubTransport => async (call, hubKey) => {
    hubs!.trust(anchors);
    for (;;) {
      const answer = await hubs!.link(i)(call, hubKey);
      if (answer.status !== 503) return answer;
      busy++;
      await new Promise((r) => setTimeout(r, BUSY_PAUSE_MS));
    }
  };
  const sql = await openPostgres(postgres.url);
  // A server process's parent is the postmaster.
  const [{ pid: backend }] = (await sql.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
  const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const cpu = (): CpuSeconds => {
    const own = process.cpuUsage();
    return { devices: (own.user + own.system) / 1e6, hubs: hubs!.pids().reduce((s, pid) => s + cpuSecondsOf(pid), 0), postgres: postgresCpuSeconds(postmaster) };
  };
  try {
    log(`offices: starting two hub processes on PostgreSQL`);
    hubs = await startHubProcesses(postgres.url, 2);
    log(`offices: setting up ${count} offices`);
    const offices: Office[] = [];
    for (let i = 0; i < count; i++) {
      const code = `OF${i + 1}`;
      const db = newDb(code);
      await foundOffice(db, via(0), anchors, code, `Аудан ${i + 1}`, NOW);
      offices.push({ code, db });
    }
    let cases = 0;
    const write = async () => {
      const start = performance.now();
      await Promise.all(
        offices.map(async (office) => {
          const clerk = (await peopleOf(office.db))('clerk');
          const until = (await office.db.device.get('this'))!.lastSeq + eventsPerOffice;
          while ((await office.db.device.get('this'))!.lastSeq < until) await execute(office.db, { catalog, calendar }, clerk, { ...intakeCommand, caseId: `${office.code}-${++cases}` } as Command, NOW);
        }),
      );
      log(`offices: each wrote ${eventsPerOffice} events or a few more in ${Math.round(performance.now() - start)} ms`);
    };
    /** Runs `work` for every office at once, the office's hub process by `hubOf`; events/s over the whole. */
    const atOnce = async (what: string, hubOf: (i: number) => number, work: (office: Office, link: HubTransport, i: number) => Promise<number>) => {
      busy = 0;
      const before = cpu();
      const start = performance.now();
      const moved = (await Promise.all(offices.map((office, i) => work(office, via(hubOf(i)), i)))).reduce((s, n) => s + n, 0);
      const seconds = (performance.now() - start) / 1000;
      const after = cpu();
      const share = (k: keyof CpuSeconds) => `${k} ${Math.round((after[k] - before[k]) * 10) / 10} s`;
      log(`offices: ${what}: ${moved} events in ${seconds.toFixed(1)} s; CPU ${share('devices')}, ${share('hubs')}, ${share('postgres')}; ${busy} busy answers`);
      return { perS: moved / seconds, cpu: Object.fromEntries((['devices', 'hubs', 'postgres'] as const).map((k) => [k, after[k] - before[k]])) as CpuSeconds, busy };
    };
    const push = async (office: Office, link: HubTransport) => {
      const before = (await office.db.sync.get('this'))!.pushedSeq;
      await pushOwn(office.db, link, () => {});
      return (await office.db.sync.get('this'))!.pushedSeq - before;
    };
    /** A new device of each office, enrolled beforehand; what is timed is its pull of the whole office log. */
    const pullers = async (label: string) => {
      const joined: KenseDb[] = [];
      for (const office of offices) {
        const db = newDb(`${office.code}-${label}`);
        await enrolDevice({ db: office.db, link: via(0) }, { db, link: via(0) }, office.code, label, NOW);
        // The office key comes with a person: someone signs in before the device stores cases.
        await signIn(db, (await peopleOf(db))('head').userId, PASSWORD, NOW);
        joined.push(db);
      }
      return joined;
    };
    const pull = (joined: KenseDb[]) => async (_office: Office, link: HubTransport, i: number) => {
      await pullAll(joined[i]!, link, () => {});
      // The sync cursor: how far into the office log the device has pulled (the log is kept in pages).
      return (await joined[i]!.sync.get('this'))?.cursor ?? 0;
    };
    const name = `offices${count}`;
    const split = (i: number) => i % 2;

    await write();
    const ingest1 = await atOnce('ingest through 1 hub process', () => 0, push);
    await write();
    const ingest2 = await atOnce('ingest through 2 hub processes', split, push);
    const pull1 = await atOnce('pull through 1 hub process', () => 0, pull(await pullers('P1')));
    const pull2 = await atOnce('pull through 2 hub processes', split, pull(await pullers('P2')));
    Object.assign(figures, {
      [`${name}_office_events`]: eventsPerOffice,
      [`${name}_ingest_events_per_s_1hub`]: ingest1.perS,
      [`${name}_ingest_events_per_s_2hubs`]: ingest2.perS,
      [`${name}_ingest_scale_2hubs_over_1`]: ingest2.perS / ingest1.perS,
      [`${name}_pull_events_per_s_1hub`]: pull1.perS,
      [`${name}_pull_events_per_s_2hubs`]: pull2.perS,
      [`${name}_pull_scale_2hubs_over_1`]: pull2.perS / pull1.perS,
    });
    for (const [what, run] of [['ingest_1hub', ingest1], ['ingest_2hubs', ingest2], ['pull_1hub', pull1], ['pull_2hubs', pull2]] as const) {
      for (const [k, s] of Object.entries(run.cpu)) figures[`${name}_${what}_cpu_s_${k}`] = s;
      figures[`${name}_${what}_busy_answers`] = run.busy;
    }
  } catch (error) {
    if (error instanceof DomainError) throw new Error(`offices: ${error.code} ${JSON.stringify(error.params)}`, { cause: error });
    throw error;
  } finally {
    await sql.close();
    await hubs?.stop();
    postgres.stop();
  }
  return figures;
}
