import 'fake-indexeddb/auto';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeader,
  ecdsaSigner,
  fetchHub,
  generateSigningKey,
  sealEvent,
  signHead,
  type ApplicantNotification,
  type ChainEvent,
  type Command,
  type HubCall,
  type HubIdentity,
  type HubTransport,
  type PullResponse,
  type TrustFile,
} from '../../shared';
import { execute } from '../../renderer/store/commands';
import { syncNow } from '../../renderer/store/sync';
import { signerOf } from '../../renderer/store/hubLink';
import { approveJoin, pendingJoins, requestJoin } from '../../renderer/store/enrolment';
import type { KenseDb } from '../../renderer/store/db';
import { Hub } from '../../server/hub';
import { openPostgres, pgliteSql, type Sql } from '../../server/hubDb';
import { JOINS_PER_OFFICE } from '../../server/hubAuth';
import { handle } from '../../server/hubHttp';
import { hubTls } from '../../server/hubTls';
import { NOTIFY_CLAIM_MS, type NotificationSink } from '../../server/hubNotifications';
import { migrate, OFFICE_PARTITIONS } from '../../server/hubSchema';
import { startPostgres } from '../sim/postgres';
import { ADMIN_PIN, newDb, officeOfTwo, peopleOf } from '../syncOffice';
import { calendar, catalog, intakeCommand } from './fixtures';

/*
 * Two hub processes on one PostgreSQL (issue 23): each its own pool of connections and its own
 * memory, as two processes behind a load balancer are. Whatever reaches them at once, the office
 * log stays dense, each (device, seq) is held once, each nonce is used once, each message is sent once.
 */

const NOW = new Date('2026-11-24T05:00:00.000Z');
const data = { catalog, calendar };
/** The schema before the hub ran as several processes, whose databases the migrations carry on. */
const BEFORE_SCALE = 7;

/** The rows of a table as JSON, in `order`: to compare, and to copy into a database of another schema with json_populate_recordset. */
const rowsOf = async (sql: Sql, table: string, order = 'true') =>
  JSON.stringify((await sql.query<{ rows: unknown[] | null }>(`select json_agg(t order by ${order}) as rows from ${table} t`))[0]!.rows ?? []);

/** A real hub process, `kense sync-server`, over plain HTTP on loopback; resolves with its address once it listens. */
function hubProcess(database: string, data: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/kense.js', 'sync-server', '--port', '0', '--host', '127.0.0.1', '--http', '--database', database, '--data', data], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => new Promise<void>((done) => child.once('exit', () => done()).kill('SIGTERM'));
  return new Promise((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const listening = /kense sync hub at (http:\/\/\S+)/.exec(out);
      if (listening) done({ url: listening[1]!, stop });
    });
    child.once('exit', (code) => fail(new Error(`the hub process ended (${code}): ${out}`)));
  });
}

/** A pull page with its enrolments and heads in one order: the hub lists them as the database finds them. */
const inOrder = (page: PullResponse) => ({
  ...page,
  devices: page.devices.toSorted((x, y) => x.enrolment.device.id.localeCompare(y.enrolment.device.id)),
  heads: page.heads.toSorted((x, y) => x.deviceId.localeCompare(y.deviceId)),
});

/** The tables a hub's database holds, in the order their references need. */
const TABLES = ['hub', 'offices', 'devices', 'joins', 'log', 'cases', 'notifications'];

// Each test sets up an office of several devices (PBKDF2 for each person) or starts processes: on 2 busy cores, minutes.
describe('two hub processes on one PostgreSQL', { timeout: 300_000 }, () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  let sqls: Sql[];
  let a: Hub;
  let b: Hub;
  let identity: HubIdentity;
  const anchors: TrustFile['offices'] = [];
  const trust = async (): Promise<TrustFile> => ({ format: 'kense-trust/1', offices: anchors });
  /** What both processes' sinks took, in order: the SMS gateway the office runs. */
  const gateway: ApplicantNotification[] = [];
  const sink: NotificationSink = {
    kind: 'webhook',
    // A gateway that answers after a moment, so the two processes' rounds overlap.
    send: async (n) => {
      await new Promise((done) => setTimeout(done, 5));
      gateway.push(n);
    },
  };
  const linkTo = (hub: Hub): HubTransport => (call) => handle(hub, call);
  let links: [HubTransport, HubTransport];

  beforeAll(async () => {
    server = await startPostgres();
    sqls = [await openPostgres(server.url), await openPostgres(server.url)];
    const key = await generateSigningKey();
    // Both serve the same certificate (its key signs the answers), so a device pins one hub whichever process answers.
    identity = { hubKey: key.publicKey, signer: ecdsaSigner(key.privateKey, key.keyId) };
    const open = (sql: Sql) => Hub.open(sql, trust, { clock: () => NOW.getTime(), identity, sink });
    [a, b] = await Promise.all([open(sqls[0]!), open(sqls[1]!)]);
    links = [linkTo(a), linkTo(b)];
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    server.stop();
  });

  const intake = (db: KenseDb, as: Awaited<ReturnType<typeof peopleOf>>, caseId: string, now = NOW) => execute(db, data, as('clerk'), { ...intakeCommand, caseId } as Command, now);
  const ownEvents = async (db: KenseDb) => {
    const device = (await db.device.get('this'))!;
    return db.events.where('[deviceId+deviceSeq]').between([device.deviceId, 1], [device.deviceId, Infinity]).toArray();
  };
  /** A push of `owner`'s events under the head it signs, sent by `sender` (itself, or a device relaying them) under `nonce`, to one process. */
  const rawPush = async (hub: Hub, sender: KenseDb, events: ChainEvent[], nonce: number, owner = sender) => {
    const signerOfDevice = async (db: KenseDb) => {
      const device = (await db.device.get('this'))!;
      return { id: device.deviceId, signer: await signerOf(db, device.deviceKey!) };
    };
    const [by, of] = [await signerOfDevice(sender), await signerOfDevice(owner)];
    const body = JSON.stringify({ segments: [{ deviceId: of.id, events, head: await signHead(of.signer, events.at(-1)!) }] });
    return handle(hub, { method: 'POST', path: '/push', body, auth: await authHeader(by.signer, by.id, nonce, 'POST', '/push', body) });
  };

  it('migrates a new database once when three processes start on it at once, and they share one epoch', async () => {
    await sqls[0]!.query('create database started_together');
    const together = await Promise.all([1, 2, 3].map(() => openPostgres(server.url.replace(/postgres$/, 'started_together'))));
    try {
      const epochs = await Promise.all(together.map((sql) => migrate(sql, false)));
      expect(new Set(epochs).size).toBe(1);
      expect(await together[0]!.query('select version from hub_schema')).toEqual([{ version: 9 }]);
      expect(await together[0]!.query("select count(*)::int as n from pg_inherits where inhparent in ('log'::regclass, 'cases'::regclass)")).toEqual([{ n: 2 * OFFICE_PARTITIONS }]);
    } finally {
      await Promise.all(together.map((sql) => sql.close()));
    }
  });

  it('runs as two real processes started at once on one database: one epoch, one key, one dense log for devices that sync through both', async () => {
    await sqls[0]!.query('create database two_processes');
    const database = server.url.replace(/postgres$/, 'two_processes');
    const folder = mkdtempSync(join(tmpdir(), 'kense-hubs-'));
    // The processes share the hub's folder (its certificate, its trust files), as on a shared volume.
    await hubTls(folder);
    const processes = await Promise.all([hubProcess(database, folder), hubProcess(database, folder)]);
    const sql = await openPostgres(database);
    try {
      const health = await Promise.all(processes.map(async (p) => (await fetch(`${p.url}/health`)).json()));
      expect(health[1]).toEqual(health[0]);
      // The operator puts the office's trust file in the folder before its administrator connects.
      const offices: TrustFile['offices'] = [];
      const through = processes.map(({ url }): HubTransport => (call) => {
        if (call.path === '/enrol') writeFileSync(join(folder, 'trust/office.json'), JSON.stringify({ format: 'kense-trust/1', offices }));
        return fetchHub(fetch, url, call);
      });
      const now = new Date();
      const { devices, officeId, as } = await officeOfTwo([through[0]!, through[1]!], offices, 'PRC', 2, now);
      for (const [d, device] of devices.entries()) for (let c = 1; c <= 3; c++) await intake(device.db, as, `prc-${d}-${c}`, now);
      await Promise.all(devices.map((device) => syncNow(device.db, device.link)));
      const log = await sql.query<{ seq: number; status: string }>('select seq, status from log where office_id = $1 order by seq', [officeId]);
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
      expect(log.every((e) => e.status === 'accepted')).toBe(true);
      for (const [d, device] of devices.entries()) {
        await syncNow(device.db, through[(d + 1) % 2]!);
        expect((await device.db.sync.get('this'))!.cursor).toBe(log.length);
      }
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await sql.close();
    }
  });

  it('answers with the epoch the database holds: another process started after a restore begins one for all', async () => {
    await sqls[0]!.query('create database restored_once');
    const database = server.url.replace(/postgres$/, 'restored_once');
    const [before, after] = [await openPostgres(database), await openPostgres(database)];
    const running = await Hub.open(before, trust, { identity });
    const restarted = await Hub.open(after, trust, { identity, restored: true });
    try {
      expect(restarted.epoch).not.toBe(running.epoch);
      const health = await handle(running, { method: 'GET', path: '/health', body: '' });
      expect(health.body).toMatchObject({ epoch: restarted.epoch });
    } finally {
      await Promise.all([running.close(), restarted.close()]);
    }
  });

  it('keeps the office log dense under pushes and pulls of many devices through both at once, each event held once', async () => {
    const { devices, officeId, as } = await officeOfTwo(links, anchors, 'TWO', 4, NOW);
    for (const round of [1, 2]) {
      for (const [d, device] of devices.entries()) for (let c = 1; c <= 3; c++) await intake(device.db, as, `two-${round}-${d}-${c}`);
      await Promise.all(devices.map((device) => syncNow(device.db, device.link)));
    }
    const { log, cases } = await a.snapshot(officeId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(new Set(log.map((e) => `${e.device_id}:${e.device_seq}`)).size).toBe(log.length);
    for (const device of devices) {
      const own = await ownEvents(device.db);
      expect(log.filter((e) => e.device_id === own[0]!.deviceId).map((e) => [e.device_seq, e.hash])).toEqual(own.map((e) => [e.deviceSeq, e.hash]));
    }
    expect([...cases.keys()].filter((id) => id.startsWith('two-'))).toHaveLength(2 * devices.length * 3);
    expect(log.every((e) => e.status === 'accepted')).toBe(true);
    // Each device, pulling through the other process, ends up with the whole log.
    for (const [d, device] of devices.entries()) {
      await syncNow(device.db, links[(d + 1) % 2]!);
      expect((await device.db.sync.get('this'))!.cursor).toBe(log.length);
    }
  });

  it('admits once the same events pushed through both at once: by their device, and relayed by another', async () => {
    const { devices, officeId, as } = await officeOfTwo(links, anchors, 'RTR', 2, NOW);
    const [pc, laptop] = devices;
    for (let c = 1; c <= 5; c++) await intake(pc!.db, as, `rtr-${c}`);
    const before = await a.snapshot(officeId);
    const events = (await ownEvents(pc!.db)).filter((e) => !before.log.some((l) => l.hash === e.hash));
    const answers = await Promise.all([rawPush(a, pc!.db, events, 5000), rawPush(b, laptop!.db, events, 5000, pc!.db)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers[0]!.body).toEqual(answers[1]!.body);
    const after = await a.snapshot(officeId);
    expect(after.log.slice(before.log.length).map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    expect(after.log.map((e) => e.seq)).toEqual(after.log.map((_, i) => i + 1));
  });

  it('detects a fork that reaches the two processes at once: one event holds the number, the other is kept apart', async () => {
    const { devices, officeId, as } = await officeOfTwo(links, anchors, 'FRK', 2, NOW);
    const [pc, laptop] = devices;
    await intake(pc!.db, as, 'frk-1');
    const next = (await ownEvents(pc!.db)).at(-1)!;
    // As if the PC's profile were copied and both copies wrote this number, differently; the laptop carries the copy's.
    const { hash: _hash, ...rest } = next;
    const fork = sealEvent({ ...rest, id: crypto.randomUUID(), caseId: 'frk-2' }) as ChainEvent;
    const answers = await Promise.all([rawPush(a, pc!.db, [next], 6000), rawPush(b, laptop!.db, [fork], 6000, pc!.db)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const entries = (await a.snapshot(officeId)).log.filter((e) => e.device_id === next.deviceId && e.device_seq === next.deviceSeq);
    expect(entries.map((e) => e.status).sort()).toEqual(['accepted', 'quarantined']);
    expect(entries.map((e) => e.hash).sort()).toEqual([next.hash, fork.hash].sort());
    const known = (await sqls[0]!.query<{ known_hash: string }>("select known_hash from log where office_id = $1 and status = 'quarantined'", [officeId]))[0]!.known_hash;
    expect(known).toBe(entries.find((e) => e.status === 'accepted')!.hash);
  });

  it('refuses a request replayed through the other process, at once or later, and changes nothing', async () => {
    const { devices, officeId, as } = await officeOfTwo(links, anchors, 'RPL', 2, NOW);
    const [pc] = devices;
    await intake(pc!.db, as, 'rpl-1');
    const events = (await ownEvents(pc!.db)).slice(-1);
    const before = await a.snapshot(officeId);
    const device = (await pc!.db.device.get('this'))!;
    const signer = await signerOf(pc!.db, device.deviceKey!);
    const body = JSON.stringify({ segments: [{ deviceId: device.deviceId, events, head: await signHead(signer, events.at(-1)!) }] });
    const call: HubCall = { method: 'POST', path: '/push', body, auth: await authHeader(signer, device.deviceId, 7000, 'POST', '/push', body) };
    const answers = await Promise.all([handle(a, call), handle(b, call)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 403]);
    expect(answers.find((answer) => answer.status === 403)!.body).toMatchObject({ error: { code: 'sync.replay' } });
    const after = await a.snapshot(officeId);
    expect(after.log.slice(before.log.length).map((e) => e.hash)).toEqual([events[0]!.hash]);
    expect(await handle(b, call)).toMatchObject({ status: 403, body: { error: { code: 'sync.replay' } } });
    expect(await a.snapshot(officeId)).toEqual(after);
  });

  it('answers an enrolment that lost a race for a device code with 409 and the reason, not a 500', async () => {
    const { devices, officeId } = await officeOfTwo(links, anchors, 'COD', 1, NOW);
    const [pc] = devices;
    const asking = [newDb('COD-x'), newDb('COD-y')];
    for (const db of asking) await requestJoin(db, links[1], 'https://hub', 'COD', 'K7');
    const joins = await pendingJoins(pc!.db, links[0]);
    // The administrator's device signs both enrolments under one code; the hub gets them later.
    const signed: HubCall[] = [];
    const recording: HubTransport = async (call) => {
      signed.push(call);
      throw new Error('offline');
    };
    for (const join of joins) await expect(approveJoin(pc!.db, recording, (await peopleOf(pc!.db))('admin'), ADMIN_PIN, join, 'K7', NOW)).rejects.toMatchObject({ code: 'sync.unreachable' });
    const [first] = signed.map((call) => JSON.parse(call.body) as { enrolment: { device: { id: string; publicKey: string } } });
    // The other process's enrolment of the first, not yet committed when this one checks the code.
    const { answer } = await sqls[1]!.transaction(async (tx) => {
      await tx.query("insert into devices (id, office_id, code, public_key, enrolment) values ($1, $2, 'K7', $3, $4)", [first!.enrolment.device.id, officeId, first!.enrolment.device.publicKey, JSON.stringify(first)]);
      const answer = handle(a, signed[1]!);
      // Until this transaction commits, the enrolment waits on the code's unique key.
      while (!(await sqls[0]!.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into devices%'")).length) await new Promise((done) => setTimeout(done, 20));
      return { answer };
    });
    expect(await answer).toMatchObject({ status: 409, body: { error: { code: 'sync.deviceCodeTaken', params: { code: 'K7' } } } });
    expect(await sqls[0]!.query('select id from devices where office_id = $1 and code = $2', [officeId, 'K7'])).toEqual([{ id: first!.enrolment.device.id }]);
  });

  it('bounds the requests to join that reach both processes at once, and gives a device id to one key', async () => {
    const { officeId } = await officeOfTwo(links, anchors, 'JNS', 1, NOW);
    const key = await generateSigningKey();
    const ask = (hub: Hub, deviceId: string, publicKey = key.publicKey) =>
      handle(hub, { method: 'POST', path: '/join', body: JSON.stringify({ officeCode: 'JNS', deviceId, publicKey, label: 'Ноутбук' }) });
    for (let i = 2; i < JOINS_PER_OFFICE; i++) expect((await ask(a, crypto.randomUUID())).status).toBe(200);
    // Two places left, six asking at once through both.
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => ask(i % 2 ? b : a, crypto.randomUUID())));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(2);
    for (const answer of answers.filter((answer) => answer.status !== 200)) expect(answer).toMatchObject({ status: 429, body: { error: { code: 'sync.joinsFull' } } });
    expect(await a.pendingJoins(officeId)).toHaveLength(JOINS_PER_OFFICE);
    // Two keys asking under one new id at once: the first holds it, the other is told it is taken.
    await sqls[0]!.query("delete from joins where office_code = 'JNS'");
    const other = await generateSigningKey();
    const id = crypto.randomUUID();
    const race = await Promise.all([ask(a, id), ask(b, id, other.publicKey)]);
    expect(race.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(race.find((answer) => answer.status === 409)).toMatchObject({ body: { error: { code: 'sync.joinTaken' } } });
    const winner = race[0]!.status === 200 ? key.publicKey : other.publicKey;
    expect(await sqls[0]!.query('select public_key from joins where device_id = $1', [id])).toEqual([{ public_key: winner }]);
  });

  it('hands each message to the sink once while both processes deliver at once, and takes over a crashed process’s claim', async () => {
    const { devices, as } = await officeOfTwo(links, anchors, 'SMS', 2, NOW);
    for (const [d, device] of devices.entries()) for (let c = 1; c <= 6; c++) await intake(device.db, as, `sms-${d}-${c}`);
    await Promise.all(devices.map((device) => syncNow(device.db, device.link)));
    const queued = await sqls[0]!.query<{ event_id: string }>("select event_id from notifications where status = 'queued'");
    expect(queued.length).toBeGreaterThanOrEqual(12);
    // One message claimed by a process that crashed long ago, one by a process sending it now.
    const [crashed, busy] = queued.slice(-2).map((q) => q.event_id);
    await sqls[0]!.query("update notifications set claimed_by = 'gone', claimed_at = $2 where event_id = $1", [crashed, new Date(NOW.getTime() - NOTIFY_CLAIM_MS - 1000).toISOString()]);
    await sqls[0]!.query("update notifications set claimed_by = 'busy', claimed_at = $2 where event_id = $1", [busy, new Date(NOW.getTime() - 60_000).toISOString()]);
    gateway.length = 0;
    while ((await Promise.all([a.deliverNotifications(3), b.deliverNotifications(3)])).some((n) => n > 0));
    const sent = gateway.map((n) => n.eventId);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.sort()).toEqual(queued.map((q) => q.event_id).filter((id) => id !== busy).sort());
    expect(await sqls[0]!.query("select event_id, status, claimed_by from notifications where status <> 'sent'")).toEqual([{ event_id: busy, status: 'queued', claimed_by: 'busy' }]);
  });

  /** Copies this database into one at schema 7, as an existing hub's would be, and opens a hub on it. */
  async function fromSchema7(target: Sql) {
    await migrate(target, false, BEFORE_SCALE);
    await target.query('delete from hub');
    for (const table of TABLES) await target.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [await rowsOf(sqls[0]!, table)]);
    expect(await target.query("select count(*)::int as n from pg_inherits where inhparent = 'log'::regclass")).toEqual([{ n: 0 }]);
    return Hub.open(target, trust, { clock: () => NOW.getTime(), identity });
  }

  for (const engine of ['PGlite', 'PostgreSQL'] as const) {
    it(`migrates an existing hub's database from schema 7, on ${engine}: the same rows, the same answers, and devices sync on`, async () => {
      // An office whose device goes on through the migrated hub.
      const { devices, officeId, as } = await officeOfTwo(links, anchors, engine === 'PGlite' ? 'MGL' : 'MPG', 1, NOW);
      if (engine === 'PostgreSQL') await sqls[0]!.query('create database from_seven');
      const target = engine === 'PGlite' ? pgliteSql(await PGlite.create('memory://')) : await openPostgres(server.url.replace(/postgres$/, 'from_seven'));
      const migrated = await fromSchema7(target);
      try {
        expect(await target.query('select version from hub_schema')).toEqual([{ version: 9 }]);
        expect(await target.query("select count(*)::int as n from pg_inherits where inhparent in ('log'::regclass, 'cases'::regclass)")).toEqual([{ n: 2 * OFFICE_PARTITIONS }]);
        expect(migrated.epoch).toBe(a.epoch);
        for (const [table, order] of [['log', 'office_id, seq'], ['cases', 'office_id, id']] as const) expect(await rowsOf(target, table, order)).toBe(await rowsOf(sqls[0]!, table, order));
        const offices = await target.query<{ id: string }>('select id from offices order by id');
        expect(offices.length).toBeGreaterThan(3);
        for (const { id } of offices) {
          expect(await migrated.snapshot(id)).toEqual(await a.snapshot(id));
          const [device] = await target.query<{ id: string }>('select id from devices where office_id = $1 limit 1', [id]);
          const page = { after: 0, afterId: null, limit: 10_000 };
          expect(inOrder(await migrated.pull(id, device!.id, page))).toEqual(inOrder(await a.pull(id, device!.id, page)));
        }
        // The office's device goes on: its next event takes the next number.
        const [pc] = devices;
        const link = linkTo(migrated);
        await intake(pc!.db, as, 'after-migration');
        await syncNow(pc!.db, link);
        const { log } = await migrated.snapshot(officeId);
        expect(log.at(-1)).toMatchObject({ seq: log.length, case_id: 'after-migration', status: 'accepted' });
      } finally {
        await migrated.close();
      }
    });
  }
});
