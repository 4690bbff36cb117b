import 'fake-indexeddb/auto';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeader,
  ecdsaSigner,
  encodeHlc,
  generateSigningKey,
  sealEvent,
  signHead,
  type ChainEvent,
  type Command,
  type HubAnswer,
  type HubTransport,
  type TrustFile,
  OFFICE_STREAM,
} from '../../shared';
import Dexie from 'dexie';
import { KenseDb } from '../../renderer/store/db';
import type { LogRow } from '../../renderer/store/rows';
import { sealingMiddleware } from '../../renderer/store/sealing';
import { loggedIn, pageOldLog } from '../../renderer/store/officeLog';
import { execute } from '../../renderer/store/commands';
import { clearOfficeTerms, editCalendarDay, officeData, setOfficeHours, setOfficeTerms } from '../../renderer/store/catalog';
import { createAdminKey, registerKey, signCase } from '../../renderer/store/signing';
import { approveJoin, connectHub, pendingJoins, requestJoin } from '../../renderer/store/enrolment';
import { exportBundle, exportSealedBundle, importBundle, importSealedBundle } from '../../renderer/store/bundles';
import { openConflicts, releaseHeld } from '../../renderer/store/conflicts';
import { syncNow } from '../../renderer/store/sync';
import { signerOf } from '../../renderer/store/hubLink';
import { signIn } from '../../renderer/store/accounts';
import { Hub } from '../../server/hub';
import { PULL_BYTES } from '../../server/hubPull';
import { pgliteSql, type Sql } from '../../server/hubDb';
import { handle } from '../../server/hubHttp';
import { auditTrail } from '../../renderer/store/audit';
import { fromOtherDevices, stageCounts, worklist } from '../../renderer/store/queries';
import { raiseStageFloors } from '../../renderer/store/stageFloors';
import { ADMIN_PIN, foundOffice, hubFingerprint, joinOffice, logOf, newDb, PASSWORD, peopleOf, PIN, staffedOffice, writeRaw } from '../syncOffice';
import { allChecked, calendar, calendarData, catalog, intakeCommand, loadCatalogFiles, resultDraft } from './fixtures';

const shipped = loadCatalogFiles();

const data = { catalog, calendar };
const NOW = new Date('2026-11-24T05:00:00.000Z');
const HOUR = 3_600_000;

let pglite: PGlite;
let sql: Sql;
let hub: Hub;
const anchors: TrustFile['offices'] = [];
const trust = async (): Promise<TrustFile> => ({ format: 'kense-trust/1', offices: anchors });
const link: HubTransport = (call) => handle(hub, call);

beforeAll(async () => {
  pglite = await PGlite.create('memory://');
  sql = pgliteSql(pglite);
  hub = await Hub.open(sql, trust, { clock: () => NOW.getTime() + HOUR });
});
afterAll(() => hub.close());

/** An office of three devices on the hub: the office PC (admin), the head's laptop, the crew's laptop, each with a head key registered. */
async function office(code: string) {
  const pc = newDb(`${code}-pc`);
  const laptop = newDb(`${code}-laptop`);
  const crew = newDb(`${code}-crew`);
  await foundOffice(pc, link, anchors, code, 'Павлодар', NOW);
  await joinOffice({ db: pc, link }, { db: laptop, link }, code, 'K2', NOW);
  await joinOffice({ db: pc, link }, { db: crew, link }, code, 'M1', NOW);
  await syncNow(pc, link);
  for (const request of await pc.keyRequests.toArray()) await registerKey(pc, (await peopleOf(pc))('admin'), request.keyId, ADMIN_PIN, NOW);
  for (const db of [pc, laptop, crew]) await syncNow(db, link);
  const officeId = (await pc.device.get('this'))!.office.id;
  return { pc, laptop, crew, officeId };
}

const intake = async (db: KenseDb, caseId: string, at = NOW) => execute(db, data, (await peopleOf(db))('clerk'), { ...intakeCommand, caseId } as Command, at);
const visa = async (db: KenseDb, caseId: string) => {
  const as = await peopleOf(db);
  return execute(db, data, as('head'), { type: 'visa', caseId, resolution: 'Орындалсын', specialistId: as('specialist').userId }, NOW);
};
const review = async (db: KenseDb, caseId: string) => execute(db, data, (await peopleOf(db))('specialist'), { type: 'review', caseId, documentChecks: allChecked, draft: resultDraft } as Command, NOW);

/** A signed push of a segment as the device would send it, for requests the app would never make. */
async function rawPush(db: KenseDb, events: ChainEvent[], nonce: number, deviceKey?: Awaited<ReturnType<typeof generateSigningKey>>): Promise<HubAnswer> {
  const device = (await db.device.get('this'))!;
  const signer = deviceKey ? ecdsaSigner(deviceKey.privateKey, deviceKey.keyId) : await signerOf(db, device.deviceKey!);
  const body = JSON.stringify({ segments: [{ deviceId: device.deviceId, events, head: await signHead(signer, events.at(-1)!) }] });
  return handle(hub, { method: 'POST', path: '/push', body, auth: await authHeader(signer, device.deviceId, nonce, 'POST', '/push', body) });
}

const ownEvents = async (db: KenseDb) => {
  const device = (await db.device.get('this'))!;
  return db.events.where('[deviceId+deviceSeq]').between([device.deviceId, 1], [device.deviceId, Infinity]).toArray();
};

describe('the hub ingests each (device, seq) once', () => {
  it('acknowledges a repeated push and changes nothing; refuses a gap, a changed event and a stranger, writing nothing', async () => {
    const { pc, officeId } = await office('DUP');
    await intake(pc, 'dup-1');
    await syncNow(pc, link);
    const before = await hub.snapshot(officeId);
    const events = await ownEvents(pc);

    expect((await rawPush(pc, events, 1000)).status).toBe(200);
    expect(await hub.snapshot(officeId)).toEqual(before);

    const gap = await rawPush(pc, [{ ...events.at(-1)!, deviceSeq: events.length + 5 }], 1001);
    expect(gap).toMatchObject({ status: 409, body: { error: { code: 'sync.gap', params: { expected: events.length + 1 } } } });

    const changed = { ...events.at(-1)!, actor: { ...events.at(-1)!.actor, name: 'Басқа адам' } };
    expect(await rawPush(pc, [changed], 1002)).toMatchObject({ status: 400, body: { error: { code: 'sync.badRequest' } } });

    // The same request again is a replay.
    const device = (await pc.device.get('this'))!;
    const signer = await signerOf(pc, device.deviceKey!);
    const body = JSON.stringify({ after: 0, afterId: null });
    const auth = await authHeader(signer, device.deviceId, 1003, 'POST', '/pull', body);
    expect((await handle(hub, { method: 'POST', path: '/pull', body, auth })).status).toBe(200);
    expect(await handle(hub, { method: 'POST', path: '/pull', body, auth })).toMatchObject({ status: 403, body: { error: { code: 'sync.replay' } } });

    // A key the office never enrolled signs nothing in.
    const stranger = await generateSigningKey();
    expect(await rawPush(pc, events, 1004, stranger)).toMatchObject({ status: 403, body: { error: { code: 'sync.badSignature' } } });
    expect(await hub.snapshot(officeId)).toEqual(before);
  });

  it('quarantines another event under a known (device, seq), reports it to the office and never merges it', async () => {
    const { pc, laptop, officeId } = await office('FRK');
    await intake(pc, 'frk-1');
    await syncNow(pc, link);
    const before = await hub.snapshot(officeId);
    // As if the PC were restored from an old copy and wrote its last number again, differently.
    const [last] = (await ownEvents(pc)).slice(-1);
    const { hash: _hash, ...rest } = last!;
    const fork = sealEvent({ ...rest, id: crypto.randomUUID(), hlc: encodeHlc({ wall: NOW.getTime() + 60_000, counter: 0, deviceId: rest.deviceId }) }) as ChainEvent;
    expect((await rawPush(pc, [fork], 2000)).status).toBe(200);
    const after = await hub.snapshot(officeId);
    expect(after.cases).toEqual(before.cases);
    expect(after.log.at(-1)).toMatchObject({ status: 'quarantined', device_seq: last!.deviceSeq, hash: fork.hash });
    await syncNow(laptop, link);
    expect((await logOf(laptop)).find((r) => r.status === 'quarantined')).toMatchObject({ knownHash: last!.hash, event: { id: fork.id } });
    expect((await laptop.cases.get('frk-1'))!.state).toEqual(after.cases.get('frk-1'));
  });
});

describe('conflicts between devices that worked apart', () => {
  it('refuses the second visa with the stage it met, keeps the queue moving, and shows both sides', async () => {
    const { pc, laptop, crew, officeId } = await office('CNF');
    await intake(pc, 'cnf-1');
    for (const db of [pc, laptop, crew]) await syncNow(db, link);
    await visa(laptop, 'cnf-1');
    await visa(crew, 'cnf-1');
    await intake(crew, 'cnf-2');
    await syncNow(laptop, link);
    await syncNow(crew, link);
    const { log, cases } = await hub.snapshot(officeId);
    const crewId = (await crew.device.get('this'))!.deviceId;
    const crewEntries = log.filter((e) => e.device_id === crewId).slice(-2);
    expect(crewEntries.map((e) => e.status)).toEqual(['rejected', 'accepted']);
    const refused = (await logOf(crew)).find((r) => r.status === 'rejected');
    expect(refused!.reason).toEqual({ code: 'stage.wrong', params: { stage: 'review', action: 'case.visaed' } });
    // The crew's copy follows the hub: the laptop's visa stands, the crew's own is left out.
    expect((await crew.cases.get('cnf-1'))!.state).toEqual(cases.get('cnf-1'));
    expect((await crew.cases.get('cnf-2'))!.state).toEqual(cases.get('cnf-2'));
  });

  it('keeps two different signed results for one case, both, and flags the second', async () => {
    const { pc, laptop, crew, officeId } = await office('SIG');
    await intake(pc, 'sig-1');
    await visa(pc, 'sig-1');
    await review(pc, 'sig-1');
    for (const db of [pc, laptop, crew]) await syncNow(db, link);
    const head = (await peopleOf(laptop))('head');
    const first = await signCase(laptop, data, head, 'sig-1', PIN, NOW);
    const second = await signCase(crew, data, head, 'sig-1', PIN, new Date(NOW.getTime() + 60_000));
    for (const db of [laptop, crew, pc, laptop]) await syncNow(db, link);
    const state = (await hub.snapshot(officeId)).cases.get('sig-1')!;
    expect(state.seal!.text).toBe(first.seal!.text);
    expect(state.otherSeals!.map((s) => s.text)).toEqual([second.seal!.text]);
    expect((await logOf(pc)).filter((r) => r.status === 'flagged').length).toBe(1);
    for (const db of [pc, laptop, crew]) expect((await db.cases.get('sig-1'))!.state).toEqual(state);
  });

  it('holds an event dated more than a day ahead, and the device learns its clock is wrong', async () => {
    const { pc, crew, officeId } = await office('CLK');
    await intake(crew, 'clk-1', new Date(NOW.getTime() + 30 * HOUR));
    await syncNow(crew, link);
    const { log, cases } = await hub.snapshot(officeId);
    expect(log.at(-1)).toMatchObject({ status: 'held', case_id: 'clk-1' });
    expect(cases.has('clk-1')).toBe(false);
    expect((await logOf(crew)).find((r) => r.status === 'held')).toMatchObject({ reason: { code: 'sync.futureEvent', params: { hours: 29 } } });
    expect(await crew.cases.get('clk-1')).toBeUndefined();
    // Once the clock is set right, the next event is dated right and accepted.
    await intake(crew, 'clk-2', NOW);
    await syncNow(crew, link);
    expect((await hub.snapshot(officeId)).cases.get('clk-2')!.registeredAt).toBe(NOW.toISOString());
    // The hub's clock against this machine's, as the device measured it.
    expect(Math.abs((await crew.sync.get('this'))!.clockSkewMs - (NOW.getTime() + HOUR - Date.now()))).toBeLessThan(60_000);

    // The head reviews it on the PC and lets it in; a specialist may not, and changes nothing.
    await syncNow(pc, link);
    const [held] = (await openConflicts(pc)).filter((c) => c.status === 'held');
    const events = await pc.events.count();
    await expect(releaseHeld(pc, (await peopleOf(pc))('specialist'), held!, NOW)).rejects.toMatchObject({ code: 'role.forbidden' });
    expect(await pc.events.count()).toBe(events);
    await releaseHeld(pc, (await peopleOf(pc))('head'), held!, NOW);
    await syncNow(pc, link);
    await syncNow(crew, link);
    const admitted = (await hub.snapshot(officeId)).cases.get('clk-1')!;
    expect(admitted.stage).toBe('visa');
    expect((await crew.cases.get('clk-1'))!.state).toEqual(admitted);
    expect((await openConflicts(crew)).filter((c) => c.event?.caseId === 'clk-1')).toEqual([]);
  });
});

describe('enrolment', () => {
  it('refuses an office the hub does not trust, and a device code already taken, and the device stays unconnected', async () => {
    const db = newDb('untrusted');
    await staffedOffice(db, { officeCode: 'UNT' }, [{ name: 'Әкімші', roles: ['admin', 'clerk', 'head', 'specialist'] }], NOW);
    const admin = (await peopleOf(db))('admin');
    await createAdminKey(db, admin, ADMIN_PIN, ADMIN_PIN, NOW);
    await expect(connectHub(db, link, 'https://hub', await hubFingerprint(link), admin, ADMIN_PIN, NOW)).rejects.toMatchObject({ code: 'sync.officeUnknown', params: { office: 'UNT' } });
    expect(await db.sync.get('this')).toBeUndefined();

    const { pc } = await office('TKN');
    const other = newDb('taken');
    await requestJoin(other, link, 'https://hub', 'TKN', 'another');
    const [join] = await pendingJoins(pc, link);
    await expect(approveJoin(pc, link, (await peopleOf(pc))('admin'), ADMIN_PIN, join!, 'K2', NOW)).rejects.toMatchObject({ code: 'sync.deviceCodeTaken', params: { code: 'K2' } });
    expect(await pendingJoins(pc, link)).toHaveLength(1);
  });
});

describe('a hub restored from a backup', () => {
  it('gets back from the devices what it lost', async () => {
    const { pc, laptop, officeId } = await office('RST');
    await intake(pc, 'rst-1');
    await syncNow(pc, link);
    const backup = await pglite.dumpDataDir('none');
    await intake(pc, 'rst-2');
    await syncNow(laptop, link);
    await visa(laptop, 'rst-1');
    await syncNow(pc, link);
    await syncNow(laptop, link);
    const full = await hub.snapshot(officeId);

    const restoredDb = await PGlite.create({ loadDataDir: backup });
    const lost = hub;
    hub = await Hub.open(pgliteSql(restoredDb), trust, { restored: true, clock: () => NOW.getTime() + HOUR, identity: lost.identity });
    expect(hub.epoch).not.toBe(lost.epoch);
    expect((await hub.snapshot(officeId)).cases.has('rst-2')).toBe(false);
    for (let round = 0; round < 2; round++) for (const db of [pc, laptop]) await syncNow(db, link);
    const healed = await hub.snapshot(officeId);
    expect(healed.cases).toEqual(full.cases);
    for (const db of [pc, laptop]) {
      expect(new Map((await db.cases.toArray()).filter((c) => c.id.startsWith('rst')).map((c) => [c.id, c.state]))).toEqual(new Map([...healed.cases].filter(([id]) => id.startsWith('rst'))));
      expect((await db.sync.get('this'))!.epoch).toBe(hub.epoch);
    }
    await hub.close();
    hub = lost;
  });
});

describe('transfer files', () => {
  it('go sealed with the office key: a stick names nobody, another office cannot open it, and a restore overwrites nothing', async () => {
    const { pc, crew } = await office('SEAL');
    await intake(crew, 'seal-1');
    const admin = (await peopleOf(crew))('admin');
    const file = await exportSealedBundle(crew, admin, 'backup', NOW);
    expect(file).not.toContain(intakeCommand.applicant.name);
    expect(file).not.toContain(intakeCommand.applicant.iin);
    expect((await auditTrail(crew, { type: 'office.exported' }))[0]).toMatchObject({ detail: expect.stringMatching(/^backup \d+$/) });

    // The PC has moved the case on meanwhile; the older copy in the file changes nothing of it.
    expect(await importSealedBundle(pc, file, NOW)).toMatchObject({ added: expect.any(Number), forks: 0 });
    await visa(pc, 'seal-1');
    const after = { state: (await pc.cases.get('seal-1'))!.state, events: await pc.events.count() };
    expect(await importSealedBundle(pc, file, NOW)).toMatchObject({ added: 0 });
    expect({ state: (await pc.cases.get('seal-1'))!.state, events: await pc.events.count() }).toEqual(after);

    const other = (await office('OTH')).pc;
    const count = await other.events.count();
    await expect(importSealedBundle(other, file, NOW)).rejects.toMatchObject({ code: 'backup.wrongOffice' });
    const parsed = JSON.parse(file) as { sealed: string };
    const flipped = JSON.stringify({ ...parsed, sealed: `${parsed.sealed.slice(0, 40)}${parsed.sealed[40] === 'A' ? 'B' : 'A'}${parsed.sealed.slice(41)}` });
    await expect(importSealedBundle(pc, flipped, NOW)).rejects.toMatchObject({ code: 'backup.wrongOffice' });
    await expect(importSealedBundle(pc, 'not a file', NOW)).rejects.toMatchObject({ code: 'sync.bundleInvalid' });
    expect(await other.events.count()).toBe(count);
    expect(await pc.events.count()).toBe(after.events);
  });

  it('carry the chains to a device with no network; a changed file is refused whole; a fork is kept aside', async () => {
    const { pc, crew } = await office('USB');
    await intake(crew, 'usb-1');
    await visa(crew, 'usb-1');
    const bundle = JSON.parse(JSON.stringify(await exportBundle(crew, NOW)));
    expect(await importBundle(pc, bundle, NOW)).toMatchObject({ added: 2, forks: 0, gaps: 0 });
    expect((await pc.cases.get('usb-1'))!.state.stage).toBe('review');
    expect(await importBundle(pc, bundle, NOW)).toMatchObject({ added: 0, known: expect.any(Number) });

    const events = await pc.events.count();
    const tampered = JSON.parse(JSON.stringify(bundle));
    tampered.segments.at(-1).events.at(-1).payload.resolution = 'Бас тартылсын';
    await expect(importBundle(pc, tampered, NOW)).rejects.toMatchObject({ code: 'sync.bundleInvalid' });
    await expect(importBundle(pc, { format: 'nonsense' }, NOW)).rejects.toMatchObject({ code: 'sync.bundleInvalid' });
    expect(await pc.events.count()).toBe(events);

    // The crew's laptop restored from an old copy writes its second number again: kept aside, not taken.
    const crewDevice = (await crew.device.get('this'))!;
    const { hash: _hash, ...second } = (await ownEvents(crew)).at(-1)!;
    const fork = sealEvent({ ...second, id: crypto.randomUUID(), payload: { ...second.payload, resolution: 'Басқа бұрыштама' } } as never) as ChainEvent;
    const head = await signHead(await signerOf(crew, crewDevice.deviceKey!), fork);
    const before = (await pc.cases.get('usb-1'))!.state;
    expect(await importBundle(pc, { ...bundle, segments: [{ deviceId: crewDevice.deviceId, events: [fork], head }] }, NOW)).toMatchObject({ added: 0, forks: 1 });
    expect(await pc.forks.get(fork.id)).toMatchObject({ knownHash: _hash });
    expect((await pc.cases.get('usb-1'))!.state).toEqual(before);

    // The PC passes the crew's events on to the hub under the crew's signature.
    await syncNow(pc, link);
    const crewId = (await crew.device.get('this'))!.deviceId;
    expect((await logOf(pc)).filter((r) => r.deviceId === crewId).sort((a, b) => a.deviceSeq - b.deviceSeq).at(-1)).toMatchObject({ status: 'accepted' });
  });
});

describe('an entry this version cannot apply', () => {
  it('parks its case there and moves on', async () => {
    const { pc, laptop, officeId } = await office('PRK');
    await intake(pc, 'prk-1');
    await syncNow(pc, link);
    // A newer hub accepted an event type this version does not know, genuine in the PC's chain.
    const [last] = (await ownEvents(pc)).slice(-1);
    const { hash: _hash, ...rest } = last!;
    const newer = sealEvent({ ...rest, type: 'case.reopened', deviceSeq: last!.deviceSeq + 1, prevHash: last!.hash, id: crypto.randomUUID(), payload: { from: 'visa' } } as never) as ChainEvent;
    const pcKey = (await pc.device.get('this'))!.deviceKey!;
    const head = await signHead(await signerOf(pc, pcKey), newer);
    const last_seq = (await sql.query<{ last_seq: number }>('update offices set last_seq = last_seq + 1 where id = $1 returning last_seq', [officeId]))[0]!.last_seq;
    await sql.query("insert into log (office_id, seq, device_id, device_seq, case_id, hash, status, event, event_id, head) values ($1, $2, $3, $4, 'prk-1', $5, 'accepted', $6, $7, $8)", [
      officeId, last_seq, newer.deviceId, newer.deviceSeq, newer.hash, JSON.stringify(newer), newer.id, JSON.stringify(head),
    ]);
    await syncNow(laptop, link);
    expect(await laptop.parked.get('prk-1')).toEqual({ caseId: 'prk-1', seq: last_seq, reason: { code: 'sync.eventUnknown', params: { type: 'case.reopened' } } });
    expect((await laptop.cases.get('prk-1'))!.state.stage).toBe('visa');
    expect((await laptop.sync.get('this'))!.cursor).toBe(last_seq);
  });
});

describe('the office’s catalog records', () => {
  it('reach every device in the hub’s order, so every device computes the same deadlines; a clerk cannot set them', async () => {
    const { pc, laptop, officeId } = await office('CAT');
    const admin = (await peopleOf(pc))('admin');
    const rows = async (db: KenseDb) => ({ services: await db.services.toArray(), terms: await db.officeTerms.toArray(), edits: await db.calendarEdits.toArray(), hours: await db.officeHours.get('this') });
    const term = async (db: KenseDb) => officeData(shipped, calendarData, await rows(db)).catalog.get('guardianship-certificate')!.term.duration;
    await setOfficeTerms(pc, catalog, { serviceId: 'guardianship-certificate', term: { amount: 5, unit: 'workingDays' }, reason: 'Seed 003' }, admin, NOW);
    await editCalendarDay(pc, { date: '2026-11-26', dayOff: true, note: 'Әкімнің шешімі' }, admin, NOW);
    await setOfficeHours(pc, { opens: '08:00', closes: '17:00', lunch: null }, admin, NOW);
    await syncNow(pc, link);
    await syncNow(laptop, link);
    expect(await term(laptop)).toEqual({ amount: 5, unit: 'workingDays' });
    expect(await laptop.calendarEdits.get('2026-11-26')).toMatchObject({ dayOff: true, by: admin });
    expect(await laptop.officeHours.get('this')).toMatchObject({ opens: '08:00', closes: '17:00', lunch: null, by: admin });
    const onLaptop = officeData(shipped, calendarData, await rows(laptop));
    // At 16:50 the 20-minute visa runs 10 minutes to closing and 10 from 08:00 next morning.
    const late = new Date('2026-11-24T11:50:00.000Z');
    const registered = await execute(laptop, onLaptop, (await peopleOf(laptop))('clerk'), { ...intakeCommand, caseId: 'cat-1' } as Command, late);
    expect(registered.stepDueAt).toBe('2026-11-25T03:10:00.000Z');
    const onPc = officeData(shipped, calendarData, await rows(pc));
    const onPcToo = await execute(pc, onPc, (await peopleOf(pc))('clerk'), { ...intakeCommand, caseId: 'cat-2' } as Command, late);
    expect([registered.termDueAt, registered.stepDueAt]).toEqual([onPcToo.termDueAt, onPcToo.stepDueAt]);

    // Someone else's term, written straight into the chain, is refused at the hub and applied nowhere.
    const clerk = (await peopleOf(laptop))('clerk');
    await writeRaw(laptop, { type: 'office.termsSet', caseId: OFFICE_STREAM, payload: { terms: { serviceId: 'guardianship-certificate', term: { amount: 1, unit: 'workingDays' }, reason: 'x' } } }, clerk, undefined, NOW);
    await clearOfficeTerms(pc, 'guardianship-certificate', admin, NOW);
    for (const db of [laptop, pc, laptop]) await syncNow(db, link);
    const refused = (await hub.snapshot(officeId)).log.find((e) => e.status === 'rejected');
    expect(refused).toBeDefined();
    expect((await logOf(laptop)).find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'role.forbidden', params: { role: 'clerk', action: 'setOfficeTerms' } } });
    for (const db of [pc, laptop]) expect(await term(db)).toEqual({ amount: 3, unit: 'workingDays' });
  });
});

describe('what a device takes from the hub', () => {
  it('keeps apart an event changed on the hub, applies nothing of it, and takes the other chains after it', async () => {
    const { pc, laptop, crew, officeId } = await office('TMP');
    await intake(pc, 'tmp-1');
    await syncNow(pc, link);
    await sql.query(`update log set event = jsonb_set(event, '{payload,applicant,name}', '"Басқа адам"') where office_id = $1 and case_id = 'tmp-1'`, [officeId]);
    await intake(crew, 'tmp-2');
    await syncNow(crew, link);
    // The PC's next event follows the changed one in its chain: it waits, and says so.
    await intake(pc, 'tmp-3');
    await syncNow(pc, link);
    await syncNow(laptop, link);
    expect(await laptop.cases.get('tmp-1')).toBeUndefined();
    expect(await laptop.cases.get('tmp-3')).toBeUndefined();
    expect(await laptop.events.where('caseId').equals('tmp-1').count()).toBe(0);
    expect((await laptop.cases.get('tmp-2'))!.state.applicant.name).toBe('Сәуле Жұмабекова');
    expect((await laptop.sync.get('this'))!.cursor).toBe((await hub.snapshot(officeId)).log.length);
    const apart = (await openConflicts(laptop)).filter((c) => c.status === 'refused');
    expect(apart.map((c) => [c.event?.caseId, c.reason?.code])).toEqual([
      ['tmp-3', 'sync.chainGap'],
      ['tmp-1', 'sync.notChained'],
    ]);
  });

  it('is listed on the start screen: the other devices’ events, newest first, with the case as it is now, never this device’s own nor a case the person may not read', async () => {
    const { pc, laptop } = await office('DSH');
    await intake(laptop, 'dsh-1');
    await intake(laptop, 'dsh-2');
    await visa(laptop, 'dsh-1');
    await intake(pc, 'dsh-own');
    await syncNow(laptop, link);
    await syncNow(pc, link);
    const pcId = (await pc.device.get('this'))!.deviceId;
    const head = (await peopleOf(pc))('head');
    const shown = await fromOtherDevices(pc, head, pcId);
    expect(shown.map(({ event, state }) => [event.type, state.id, state.stage])).toEqual([
      ['case.visaed', 'dsh-1', 'review'],
      ['case.registered', 'dsh-2', 'visa'],
      ['case.registered', 'dsh-1', 'review'],
    ]);
    // A crew reads only what it took.
    expect(await fromOtherDevices(pc, { userId: 'crew-elsewhere', role: 'operator', name: 'Экипаж' }, pcId)).toEqual([]);
    // The lists count what waits, and what is past due by the time given: the visa's two (one of them this device's), the specialist's one.
    expect(await stageCounts(pc, 'visa', NOW.toISOString())).toEqual({ waiting: 2, overdue: 0 });
    expect(await stageCounts(pc, 'visa', '2026-12-24T05:00:00.000Z')).toEqual({ waiting: 2, overdue: 2 });
    const specialist = (await peopleOf(pc))('specialist').userId;
    expect(await stageCounts(pc, 'review', '2026-12-24T05:00:00.000Z', specialist)).toEqual({ waiting: 1, overdue: 1 });
    expect(await stageCounts(pc, 'review', NOW.toISOString(), 'someone-else')).toEqual({ waiting: 0, overdue: 0 });
  });

  it('lowers the floor of a stage’s list for a case due before it, so the case is listed', async () => {
    const { pc, laptop } = await office('FLR');
    // The laptop's visa list is empty and reads from a day ahead.
    await raiseStageFloors(laptop, new Date(NOW.getTime() + 24 * HOUR).toISOString());
    // The PC registered an application last week, with its clock.
    await intake(pc, 'flr-1', new Date(NOW.getTime() - 7 * 24 * HOUR));
    await syncNow(pc, link);
    await syncNow(laptop, link);
    expect((await worklist(laptop, 'visa')).map((row) => row.id)).toEqual(['flr-1']);
    expect((await laptop.stageFloors.get('visa'))!.dueAt).toBe((await laptop.cases.get('flr-1'))!.stepDueAt);
  });
});

describe('pages of the office log', () => {
  it('end at PULL_BYTES of events, each holding at least one, and the device still takes the whole log', async () => {
    const { pc, laptop, officeId } = await office('BIG');
    // Events of about a megabyte each, as a crew's packages with scans are; a clerk's catalog record is refused, and logged all the same.
    const clerk = (await peopleOf(pc))('clerk');
    for (let i = 0; i < 12; i++) await writeRaw(pc, { type: 'office.serviceImported', caseId: OFFICE_STREAM, payload: { file: `big-${i}.json`, data: 'x'.repeat(1_000_000) } }, clerk, undefined, NOW);
    await syncNow(pc, link);
    const deviceId = (await laptop.device.get('this'))!.deviceId;
    const pages: number[][] = [];
    let after = { after: 0, afterId: null as string | null };
    for (;;) {
      const page = await hub.pull(officeId, deviceId, { ...after, limit: 500 });
      if (!page.entries.length) break;
      const sizes = page.entries.map((e) => JSON.stringify(e.event).length);
      // Up to the cap, and one event past it at most.
      expect(sizes.slice(0, -1).reduce((a, b) => a + b, 0)).toBeLessThan(PULL_BYTES);
      pages.push(page.entries.map((e) => e.seq));
      after = { after: page.entries.at(-1)!.seq, afterId: page.entries.at(-1)!.event.id };
    }
    expect(pages.length).toBeGreaterThan(1);
    const last = pages.flat().at(-1)!;
    expect(pages.flat()).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    await syncNow(laptop, link);
    expect((await logOf(laptop)).length).toBe(last);
  });
});

describe('the pulled log', () => {
  it('folds the cases a pull touched once, as it ends; a pull cut off before that folds them at the next sync', async () => {
    const { pc, laptop, officeId } = await office('FLD');
    for (let i = 0; i < 3; i++) await intake(pc, `fld-${i}`);
    await visa(pc, 'fld-0');
    await syncNow(pc, link);
    await syncNow(laptop, link);
    const hubCases = (await hub.snapshot(officeId)).cases;
    for (const id of ['fld-0', 'fld-1', 'fld-2']) expect((await laptop.cases.get(id))!.state).toEqual(hubCases.get(id));
    expect((await laptop.sync.get('this'))!.unfoldedFrom).toBeUndefined();
    // As if the app closed after the pages were written and before their cases were folded.
    await laptop.cases.clear();
    await laptop.sync.update('this', { unfoldedFrom: 0 });
    await syncNow(laptop, link);
    for (const id of ['fld-0', 'fld-1', 'fld-2']) expect((await laptop.cases.get(id))!.state).toEqual(hubCases.get(id));
    expect((await laptop.sync.get('this'))!.unfoldedFrom).toBeUndefined();
    // Three devices set up over a hub take long on a loaded machine.
  }, 90_000);

  it('keeps a device’s log from before pages: its entries move into pages at the next sign-in, conflicts and cases as they were', async () => {
    const { pc, laptop } = await office('OLD');
    await intake(pc, 'old-1');
    await syncNow(pc, link);
    const [last] = (await ownEvents(pc)).slice(-1);
    const { hash: _hash, ...rest } = last!;
    const fork = sealEvent({ ...rest, id: crypto.randomUUID(), hlc: encodeHlc({ wall: NOW.getTime() + 60_000, counter: 0, deviceId: rest.deviceId }) }) as ChainEvent;
    expect((await rawPush(pc, [fork], 3000)).status).toBe(200);
    await syncNow(laptop, link);
    const entries = await logOf(laptop);
    const conflicts = await openConflicts(laptop);
    const cases = await laptop.cases.toArray();
    expect(conflicts.map((c) => c.status)).toEqual(['quarantined']);
    // The store as version 14 left it: an entry a row, sealed.
    await laptop.transaction('rw', laptop.log, laptop.logPages, async () => {
      await laptop.log.bulkPut(entries);
      await laptop.logPages.clear();
    });
    await signIn(laptop, (await peopleOf(laptop))('head').userId, PASSWORD, NOW);
    expect(await laptop.log.count()).toBe(0);
    expect(await logOf(laptop)).toEqual(entries);
    expect(await openConflicts(laptop)).toEqual(conflicts);
    // The sign-in's own audit record follows them.
    await syncNow(laptop, link);
    expect((await logOf(laptop)).slice(0, entries.length)).toEqual(entries);
    expect(await laptop.cases.toArray()).toEqual(cases);
  }, 90_000);

  it('opens a store of version 14 at version 15 with its log whole, and pages it under the office key', async () => {
    const name = `v14-${crypto.randomUUID()}`;
    const key = crypto.getRandomValues(new Uint8Array(32));
    const entries: LogRow[] = [1, 2, 3].map((seq) => ({ seq, status: seq === 2 ? 'flagged' : 'accepted', reason: null, eventId: `e-${seq}`, caseId: 'v14-1', deviceId: 'd-1', deviceSeq: seq }));
    const old = new Dexie(name);
    old.use(sealingMiddleware(() => key));
    old.version(14).stores({ log: 'seq, eventId, caseId, status, [deviceId+deviceSeq]' });
    await old.table('log').bulkPut(entries);
    old.close();
    const upgraded = new KenseDb(name);
    upgraded.officeKey = key;
    expect(await upgraded.log.toArray()).toEqual(entries);
    await pageOldLog(upgraded);
    expect(await upgraded.log.count()).toBe(0);
    expect(await logOf(upgraded)).toEqual(entries);
    expect(await loggedIn(upgraded, ['flagged'])).toEqual([entries[1]]);
  });
});

describe('stopping a sync', () => {
  it('stops between batches when asked, keeps what went, and the next sync sends the rest', async () => {
    const { pc, laptop } = await office('STOP');
    for (let i = 0; i < 3; i++) await intake(pc, `stop-${i}`);
    const before = (await pc.sync.get('this'))!.pushedSeq;
    const stop = new AbortController();
    stop.abort();
    await expect(syncNow(pc, link, () => {}, stop.signal)).rejects.toMatchObject({ code: 'sync.stopped' });
    expect((await pc.sync.get('this'))!.pushedSeq).toBe(before);
    expect((await pc.sync.get('this'))!.lastError).toEqual({ code: 'sync.stopped', params: {} });
    await syncNow(pc, link);
    await syncNow(laptop, link);
    expect(await laptop.cases.where('id').anyOf(['stop-0', 'stop-1', 'stop-2']).count()).toBe(3);
  });
});

describe('pushing batch after batch', () => {
  it('reads the next batch while the hub takes one, and starts it where the hub holds the chain when the hub answers otherwise', async () => {
    const { pc, officeId } = await office('PIPE');
    for (let i = 0; i < 3; i++) await intake(pc, `pipe-${i}`);
    // The device believes the hub holds one event more than it does: the first batch meets a gap.
    const held = (await pc.sync.get('this'))!.pushedSeq;
    await pc.sync.update('this', { pushedSeq: held + 1 });
    const firsts: number[] = [];
    const watched: HubTransport = (call, pin) => {
      if (call.path === '/push') firsts.push(JSON.parse(call.body).segments[0].events[0].deviceSeq);
      return link(call, pin);
    };
    await syncNow(pc, watched);
    expect(firsts).toEqual([held + 2, held + 1]);
    expect((await pc.sync.get('this'))!.pushedSeq).toBe((await pc.device.get('this'))!.lastSeq);
    const { cases } = await hub.snapshot(officeId);
    expect([0, 1, 2].map((i) => cases.has(`pipe-${i}`))).toEqual([true, true, true]);
  });
});
