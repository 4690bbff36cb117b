import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHlc, localDateOf, sealEvent, tickHlc, verifyChain, type CaseState, type ChainEvent, type Command, type HubAnswer, type HubCall, type HubIdentity, type HubTransport, type PullResponse, type PushRequest, type TrustFile } from '../../shared';
import { KenseDb } from '../../renderer/store/db';
import { appendEvent, execute } from '../../renderer/store/commands';
import { activeKeyOf, createSigningKey, registerKey, signCase } from '../../renderer/store/signing';
import { exportBundle, importBundle } from '../../renderer/store/bundles';
import { openConflicts, releaseHeld } from '../../renderer/store/conflicts';
import { syncNow } from '../../renderer/store/sync';
import { Hub } from '../../server/hub';
import { openPglite, openPostgres, type Sql } from '../../server/hubDb';
import { handle } from '../../server/hubHttp';
import { snapshot as officeSnapshot } from '../../server/hubPull';
import { allChecked, calendar, catalog, intakeCommand, resultDraft } from '../unit/fixtures';
import { startPostgres } from './postgres';
import { startHubProcesses } from './hubProcesses';
import { ADMIN_PIN, foundOffice, joinOffice, logOf, PASSWORD, peopleOf, PIN, signedByHub } from '../syncOffice';
import { signIn } from '../../renderer/store/accounts';

/*
 * The seeded sync simulation (issue 5): devices of two offices work through partitions, lost,
 * duplicated and reordered deliveries, responses lost after the hub committed, crashes and
 * skewed clocks; then the network heals and everything must agree.
 */

const SEED = Number(process.env.SIM_SEED ?? 20261124);
const STEPS = Number(process.env.SIM_STEPS ?? 400);
console.log(`sync simulation: seed ${SEED}, ${STEPS} steps (replay: SIM_SEED=${SEED} npm run test:sim)`);

/** mulberry32: small, seedable, good enough to pick faults. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, chance: (p: number) => next() < p, pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const data = { catalog, calendar };
const START = Date.parse('2026-11-24T04:00:00.000Z');
const HOUR = 3_600_000;

interface Device {
  name: string;
  office: 'A' | 'B';
  dbName: string;
  db: KenseDb;
  skewMs: number;
  partitioned: boolean;
  crashes: number;
  /** Set when the device died mid-request; it restarts from its stored state. */
  crashed: boolean;
}

/** The hub as the simulation reaches it: in this process, or as hub processes over HTTP. */
interface SimHub {
  send(call: HubCall): Promise<HubAnswer>;
  /** The hub, or one of its processes, dies and starts again. */
  restart(): Promise<void>;
  readonly identity: HubIdentity;
  snapshot(officeId: string): ReturnType<typeof officeSnapshot>;
  close(): Promise<void>;
}

/** One hub in this process, called without HTTP; it restarts on the same database. */
async function inProcess(sql: Sql, anchors: TrustFile['offices']): Promise<SimHub> {
  const trust = async (): Promise<TrustFile> => ({ format: 'kense-trust/1', offices: anchors });
  let hub = await Hub.open(sql, trust);
  return {
    send: (call) => handle(hub, call),
    restart: async () => {
      hub = await Hub.open(sql, trust, { identity: hub.identity });
    },
    get identity() {
      return hub.identity;
    },
    snapshot: (officeId) => hub.snapshot(officeId),
    close: () => hub.close(),
  };
}

/**
 * Two hub processes on one PostgreSQL, as behind a load balancer: calls alternate between them,
 * whichever device makes them. A restart kills one process; the other serves until it is back.
 */
async function twoProcesses(database: string, anchors: TrustFile['offices']): Promise<SimHub> {
  const hubs = await startHubProcesses(database, 2);
  const sql = await openPostgres(database);
  const back = new Set<Promise<void>>();
  let sent = 0;
  let restarts = 0;
  return {
    async send(call) {
      hubs.trust(anchors);
      while (!hubs.up().length) await Promise.race(back);
      const up = hubs.up();
      return hubs.link(up[sent++ % up.length]!)(call, null);
    },
    async restart() {
      // One that is restarting already is not killed again.
      const up = hubs.up();
      if (!up.length) return;
      const restarted = hubs.restart(up[restarts++ % up.length]!).finally(() => back.delete(restarted));
      back.add(restarted);
    },
    identity: hubs.identity,
    snapshot: (officeId) => officeSnapshot(sql, officeId),
    async close() {
      await hubs.stop();
      await sql.close();
    },
  };
}

async function simulate(open: (anchors: TrustFile['offices']) => Promise<SimHub>) {
  const rng = random(SEED);
  const anchors: TrustFile['offices'] = [];
  const hub = await open(anchors);
  let simTime = START;
  let faulty = false;
  const delayed: Parameters<HubTransport>[0][] = [];
  const signedSeals = new Set<string>();
  /** Events a man in the middle made up, and events a device wrote past the rules: none may be applied anywhere. */
  const forged = new Set<string>();
  const forbidden = new Set<string>();
  const stats = { tampered: 0, pushTampered: 0, forbidden: 0, dropped: 0, lostAnswers: 0, duplicated: 0, reordered: 0, crashes: 0, hubRestarts: 0, bundles: 0, released: 0, conflicts: 0 };

  const link = (device: Device): HubTransport => async (call) => {
    if (faulty && device.partitioned) throw new Error('no network');
    if (faulty && rng.chance(0.08)) {
      stats.dropped++;
      throw new Error('request lost');
    }
    if (faulty && rng.chance(0.06)) {
      stats.reordered++;
      delayed.push(call);
      throw new Error('request late');
    }
    if (faulty && rng.chance(0.02)) {
      device.crashed = true;
      throw new Error('device crashed before the request left');
    }
    if (faulty && call.path === '/push' && rng.chance(0.1)) {
      // A man in the middle on the way in: adds, drops, reorders or alters events of the push. The
      // request's signature no longer holds, so the hub takes none of it; the device pushes again.
      const body = JSON.parse(call.body) as PushRequest;
      const events = body.segments[0]?.events ?? [];
      const i = Math.floor(rng.next() * events.length);
      const victim = events[i];
      if (victim) {
        stats.pushTampered++;
        const how = rng.pick(['add', 'drop', 'swap', 'alter'] as const);
        const { hash: _hash, ...rest } = victim;
        if (how === 'add') events.push(sealEvent({ ...rest, id: crypto.randomUUID(), deviceSeq: events.at(-1)!.deviceSeq + 1, prevHash: events.at(-1)!.hash } as never) as ChainEvent);
        if (how === 'drop') events.splice(i, 1);
        if (how === 'swap' && events.length > 1) [events[0], events[events.length - 1]] = [events[events.length - 1]!, events[0]!];
        if (how === 'alter') events[i] = sealEvent({ ...rest, actor: { ...rest.actor, name: `${rest.actor.name} (forged)` } } as never) as ChainEvent;
        for (const event of events) if (event !== victim && !(await device.db.events.get(event.id))) forged.add(event.id);
        if (how === 'alter') forged.add(`${events[i]!.id}:${events[i]!.hash}`);
        const answer = await hub.send({ ...call, body: JSON.stringify(body) });
        expect(answer).toMatchObject({ status: 403, body: { error: { code: 'sync.badSignature' } } });
        return answer;
      }
    }
    const answer = await hub.send(call);
    if (faulty && call.path === '/pull' && answer.status === 200 && rng.chance(0.15)) {
      // A man in the middle, or the hub itself: adds, drops, reorders or alters entries of the page.
      // The man in the middle cannot sign it, so the device refuses the page whole; a lying hub can.
      const page = JSON.parse(JSON.stringify(answer.body)) as PullResponse;
      const entries = page.entries;
      const i = Math.floor(rng.next() * entries.length);
      const victim = entries[i];
      if (victim) {
        stats.tampered++;
        const how = rng.pick(['add', 'drop', 'swap', 'alter'] as const);
        const fake = () => {
          const { hash: _hash, ...rest } = victim.event;
          const event = sealEvent({ ...rest, id: crypto.randomUUID(), deviceSeq: victim.event.deviceSeq + 1, prevHash: victim.event.hash } as never) as ChainEvent;
          forged.add(event.id);
          return event;
        };
        if (how === 'add') {
          entries.push({ seq: page.last + 1, status: 'accepted', reason: null, event: fake() });
          page.last += 1;
        }
        if (how === 'drop') entries.splice(i, 1);
        if (how === 'swap' && entries.length > 1) [entries[0], entries[entries.length - 1]] = [entries[entries.length - 1]!, entries[0]!];
        if (how === 'alter') {
          const { hash: _hash, ...rest } = victim.event;
          victim.event = sealEvent({ ...rest, actor: { ...rest.actor, name: `${rest.actor.name} (forged)` } } as never) as ChainEvent;
          forged.add(`${victim.event.id}:${victim.event.hash}`);
        }
      }
      const altered = { ...answer, body: page };
      return rng.chance(0.5) ? signedByHub(hub, call, altered) : altered;
    }
    if (faulty && rng.chance(0.06)) {
      stats.duplicated++;
      delayed.push(call);
    }
    if (faulty && rng.chance(0.06)) {
      stats.lostAnswers++;
      throw new Error('answer lost');
    }
    if (faulty && rng.chance(0.03)) {
      device.crashed = true;
      throw new Error('device crashed after the hub committed');
    }
    return answer;
  };

  const now = (device: Device) => new Date(simTime + device.skewMs);
  /** The app starts locked after a power cut: its head signs in again. */
  const restart = async (device: Device) => {
    stats.crashes++;
    device.crashes++;
    device.db.close();
    device.db = new KenseDb(device.dbName);
    await signIn(device.db, (await people(device))('head').userId, PASSWORD, now(device));
  };
  /** Runs a device operation; a crash restarts the device from what it stored, like the app after a power cut. */
  async function attempt(device: Device, work: () => Promise<unknown>) {
    try {
      await work();
    } catch {
      // Refusals and network failures are the point here; what matters is what was stored.
    }
    if (device.crashed) {
      device.crashed = false;
      await restart(device);
    }
  }

  const make = (name: string, office: Device['office']): Device => {
    const dbName = `sim-${SEED}-${name}-${crypto.randomUUID()}`;
    return { name, office, dbName, db: new KenseDb(dbName), skewMs: 0, partitioned: false, crashes: 0, crashed: false };
  };
  const people = (device: Device) => peopleOf(device.db);

  // ---- Set-up, on a good network: office A has three devices, office B one. ----
  const a1 = make('A1', 'A');
  const a2 = make('A2', 'A');
  const a3 = make('A3', 'A');
  const b1 = make('B1', 'B');
  const devices = [a1, a2, a3, b1];
  await foundOffice(a1.db, link(a1), anchors, 'PVL', 'Павлодар', now(a1));
  await foundOffice(b1.db, link(b1), anchors, 'EKB', 'Екібастұз', now(b1));
  const admin = (await people(a1))('admin');
  // The head signs on the laptop (A2) and, as a deputy would, on the crew's laptop (A3).
  for (const [device, code] of [[a2, 'K2'], [a3, 'M1']] as const) await joinOffice({ db: a1.db, link: link(a1) }, { db: device.db, link: link(device) }, 'PVL', code, now(device));
  await syncNow(a1.db, link(a1));
  for (const request of await a1.db.keyRequests.toArray()) await registerKey(a1.db, admin, request.keyId, ADMIN_PIN, now(a1));
  for (const device of devices) await syncNow(device.db, link(device));
  const b1Head = (await people(b1))('head');
  await registerKey(b1.db, (await people(b1))('admin'), await createSigningKey(b1.db, b1Head, PIN, PIN, now(b1)), ADMIN_PIN, now(b1));

  // ---- The working days, with faults. ----
  faulty = true;
  let cases = 0;
  const inStage = async (device: Device, stage: CaseState['stage']) => device.db.cases.where('[stage+stepDueAt]').between([stage, ''], [stage, '\uffff']).toArray();
  for (let step = 0; step < STEPS; step++) {
    simTime += 7 * 60_000;
    // For a while the crew laptop's clock runs a day and more ahead: what it writes then is held.
    if (step === Math.floor(STEPS / 2)) a3.skewMs = 30 * HOUR;
    if (step === Math.floor(STEPS / 2) + 12) a3.skewMs = 0;
    const device = rng.pick(devices);
    const as = await people(device);
    const roll = rng.next();
    if (roll < 0.06) device.partitioned = !device.partitioned;
    else if (roll < 0.09) device.skewMs = rng.pick([0, 0, -2 * HOUR, 40 * 60_000]);
    else if (roll < 0.12) {
      for (const call of delayed.splice(0).sort(() => rng.next() - 0.5)) await hub.send(call);
    } else if (roll < 0.14) {
      stats.hubRestarts++;
      await hub.restart();
    } else if (roll < 0.17) {
      const to = rng.pick(devices.filter((d) => d.office === device.office && d !== device));
      if (to) {
        stats.bundles++;
        await attempt(to, async () => importBundle(to.db, JSON.parse(JSON.stringify(await exportBundle(device.db, now(device)))), now(to)));
      }
    } else if (roll < 0.19) {
      // The head reviews what the hub held and lets it in.
      const held = (await openConflicts(device.db)).find((c) => c.status === 'held');
      if (held) {
        stats.released++;
        await attempt(device, () => releaseHeld(device.db, as('head'), held, now(device)));
      }
    } else if (roll < 0.21) {
      // A device writes, past the rules, what no honest device would: a visa by the clerk, a registration with no name.
      const row = rng.pick(await inStage(device, 'visa'));
      stats.forbidden++;
      await attempt(device, () =>
        device.db.transaction('rw', device.db.events, device.db.device, async () => {
          const here = (await device.db.device.get('this'))!;
          const hlc = tickHlc(here.hlc ? decodeHlc(here.hlc) : null, now(device).getTime(), here.deviceId);
          const body = row
            ? { type: 'case.visaed' as const, caseId: row.id, payload: { from: 'visa' as const, resolution: 'Орындалсын', specialist: { userId: as('specialist').userId, name: 'x' }, stepDueAt: now(device).toISOString() } }
            : { type: 'case.registered' as const, caseId: `${device.office}-bad-${stats.forbidden}`, payload: { applicant: { name: '' } } };
          forbidden.add((await appendEvent(device.db, here, body as never, as('clerk'), hlc)).id);
        }),
      );
    } else if (roll < 0.45) {
      await attempt(device, () => syncNow(device.db, link(device)));
    } else if (roll < 0.6) {
      cases++;
      await attempt(device, () => execute(device.db, data, as('clerk'), { ...intakeCommand, caseId: `${device.office}-${cases}` } as Command, now(device)));
    } else {
      const stage = rng.pick(['visa', 'review', 'signing', 'handover'] as const);
      const row = rng.pick(await inStage(device, stage));
      if (!row) continue;
      const id = row.id;
      await attempt(device, async () => {
        if (stage === 'visa') await execute(device.db, data, as('head'), { type: 'visa', caseId: id, resolution: 'Орындалсын', specialistId: as('specialist').userId }, now(device));
        if (stage === 'review') await execute(device.db, data, as('specialist'), { type: 'review', caseId: id, documentChecks: allChecked, draft: resultDraft } as Command, now(device));
        if (stage === 'signing' && (await activeKeyOf(device.db, as('head').userId, now(device)))) {
          const state = await signCase(device.db, data, as('head'), id, PIN, now(device));
          signedSeals.add(state.seal!.text!);
        }
        if (stage === 'handover') {
          const today = localDateOf(now(device).toISOString(), 300);
          await execute(device.db, data, as('clerk'), { type: 'handover', caseId: id, recipient: { kind: 'applicant', name: 'Сәуле Жұмабекова' }, handedOverOn: today }, now(device));
        }
      });
    }
  }

  // ---- Healing: the network comes back, late deliveries arrive, every device syncs until quiet. ----
  faulty = false;
  for (const call of delayed.splice(0)) await hub.send(call);
  for (const device of devices) device.partitioned = false;
  for (let round = 0; round < 3; round++) for (const device of devices) await syncNow(device.db, link(device));

  // ---- What must hold. ----
  for (const office of ['A', 'B'] as const) {
    const officeId = (await devices.find((d) => d.office === office)!.db.device.get('this'))!.office.id;
    const { log, cases: hubCases } = await hub.snapshot(officeId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    // The entry that counts for each (device, seq): the last one. An earlier one may only be a
    // held entry the head released, admitted again under a new number.
    const finals = new Map(log.filter((e) => e.status !== 'quarantined').map((e) => [`${e.device_id}:${e.device_seq}`, e]));
    for (const e of log) if (e.status !== 'quarantined' && finals.get(`${e.device_id}:${e.device_seq}`) !== e) expect(e.status).toBe('held');
    const chained = [...finals.values()];
    // Every (device, seq) exactly once, densely from 1.
    for (const deviceId of new Set(chained.map((e) => e.device_id))) {
      const seqs = chained.filter((e) => e.device_id === deviceId).map((e) => e.device_seq).sort((x, y) => x - y);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    for (const device of devices.filter((d) => d.office === office)) {
      const here = (await device.db.device.get('this'))!;
      const own = (await device.db.events.where('[deviceId+deviceSeq]').between([here.deviceId, 0], [here.deviceId, Infinity]).toArray()) as ChainEvent[];
      expect(verifyChain(own)).toEqual({ ok: true });
      // The hub holds this device's whole chain, hash for hash.
      expect(chained.filter((e) => e.device_id === here.deviceId).sort((x, y) => x.device_seq - y.device_seq).map((e) => e.hash)).toEqual(own.map((e) => e.hash));
      // Nothing a man in the middle made up is held here; nothing written past the rules applied.
      for (const key of forged) {
        const [id, hash] = key.split(':');
        const held = await device.db.events.get(id!);
        if (hash) expect(held?.hash).not.toBe(hash);
        else expect(held).toBeUndefined();
      }
      for (const state of (await device.db.cases.toArray()).map((r) => r.state)) expect(state.history.every((h) => !(h.type === 'case.visaed' && h.actor.role === 'clerk'))).toBe(true);
      // Every device agrees with the hub on every case.
      const mine = new Map((await device.db.cases.toArray()).map((r) => [r.id, r.state]));
      expect([...mine.keys()].sort()).toEqual([...hubCases.keys()].sort());
      for (const [id, state] of hubCases) expect(mine.get(id), `${device.name} ${id}`).toEqual(state);
      expect((await device.db.sync.get('this'))!.cursor).toBe(log.length);
    }
  }
  // No signed result is lost: each is on its case, or flagged beside it, or held for review.
  const kept = new Set<string | null | undefined>();
  let entries = 0;
  for (const device of [a1, b1]) {
    const snapshot = await hub.snapshot((await device.db.device.get('this'))!.office.id);
    entries += snapshot.log.length;
    for (const s of snapshot.cases.values()) for (const seal of [s.seal, ...(s.otherSeals ?? [])]) kept.add(seal?.text);
    const held = await device.db.events.bulkGet((await logOf(device.db)).filter((r) => r.status === 'held').map((r) => r.eventId));
    for (const e of held) if (e?.type === 'case.resultSigned') kept.add(e.payload.seal);
  }
  for (const seal of signedSeals) expect(kept.has(seal)).toBe(true);
  const conflicts = (await logOf(a1.db)).filter((r) => ['rejected', 'flagged', 'held', 'quarantined'].includes(r.status));
  stats.conflicts = conflicts.length;
  // Every refusal is a real conflict of the domain, never a fault of the protocol.
  for (const c of conflicts) if (!forbidden.has(c.eventId)) expect(['stage.wrong', 'sync.futureEvent', 'case.notFound', null]).toContain(c.status === 'flagged' ? null : c.reason?.code);
  // What a device wrote past the rules was refused at the hub, for the rule it broke.
  for (const c of conflicts) if (forbidden.has(c.eventId)) expect(['role.forbidden', 'field.required', 'field.invalid', 'stage.wrong']).toContain(c.reason?.code);
  console.log(`sync simulation: ${cases} cases, ${signedSeals.size} signed, ${entries} log entries`, stats);
  expect(signedSeals.size).toBeGreaterThan(3);
  expect(stats.crashes).toBeGreaterThan(0);
  expect(stats.tampered).toBeGreaterThan(0);
  expect(stats.pushTampered).toBeGreaterThan(0);
  expect(stats.forbidden).toBeGreaterThan(0);
  await hub.close();
  for (const device of devices) await device.db.delete();
}

describe(`sync simulation (seed ${SEED})`, () => {
  it('converges over the embedded PGlite hub', async () => {
    const sql = await openPglite('memory://');
    await simulate((anchors) => inProcess(sql, anchors));
  }, 600_000);

  let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
  afterAll(() => postgres?.stop());
  it('converges over two hub processes on one PostgreSQL', async () => {
    postgres = await startPostgres();
    const { url } = postgres;
    await simulate((anchors) => twoProcesses(url, anchors));
  }, 600_000);
});
