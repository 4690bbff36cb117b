import { mkdtempSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import type { ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_COMMANDS,
  AUTH_HEADER,
  authHeader,
  fetchHub,
  fingerprint,
  nulAt,
  ecdsaSigner,
  emptyOfficeFold,
  generateSigningKey,
  officeVerdict,
  decide,
  hashOf,
  OFFICE_STREAM,
  reasonOf,
  ROLES,
  sealEvent,
  signHead,
  staffFold,
  type Actor,
  type ChainEvent,
  type ChainHead,
  type Command,
  type EventBody,
  type HubCall,
  type HubTransport,
  type OfficeEventBody,
  type PullResponse,
  type Role,
  type Segment,
  type TrustFile,
} from '../../shared';
import { execute } from '../../renderer/store/commands';
import { setOfficeTerms } from '../../renderer/store/catalog';
import { openConflicts } from '../../renderer/store/conflicts';
import { syncNow } from '../../renderer/store/sync';
import { asDevice, signerOf } from '../../renderer/store/hubLink';
import { outbox } from '../../renderer/store/push';
import { Hub } from '../../server/hub';
import { JOINS_PER_OFFICE } from '../../server/hubAuth';
import { openPglite, openPostgres, type Sql } from '../../server/hubDb';
import { MAX_BODY_BYTES, MAX_CONCURRENT, serveHub } from '../../server/hubHttp';
import { hubTls } from '../../server/hubTls';
import { startSyncServer } from '../../server/syncServer';
import { startPostgres } from '../sim/postgres';
import { ADMIN_PIN, foundOffice, signedByHub, joinOffice, logOf, newDb, PASSWORD, peopleOf, PIN, staffedOffice, writeRaw } from '../syncOffice';
import { createAdminKey, officeTrust, registerKey, signCase } from '../../renderer/store/signing';
import { approveJoin, connectHub, finishJoin, pendingJoins, requestJoin, revokeDevice } from '../../renderer/store/enrolment';
import { exportBundle, importBundle } from '../../renderer/store/bundles';
import { lock, signIn } from '../../renderer/store/accounts';
import { KenseDb } from '../../renderer/store/db';
import { allChecked, calendar, catalog, intakeCommand, oneCommandOfEach, resultDraft } from './fixtures';

/*
 * The findings of the issue "Sync that no link, hub or single device can corrupt", each through a
 * real hub (PGlite, then PostgreSQL) and real device stores: what an attacker on the office
 * network, a lying hub or a device that writes what no honest device would, can no longer do.
 */

const NOW = new Date('2026-11-24T05:00:00.000Z');
const data = { catalog, calendar };

/** A valid payload for each case event, so that only who wrote it can be wrong. */
const PAYLOADS: Record<EventBody['type'], Record<string, unknown>> = {
  'case.registered': { serviceId: 's', serviceVersion: 1, regNumber: 'R-1', channel: 'office', applicant: { name: 'А', iin: '900101300001', address: 'а', phone: '1' }, representative: null, application: {}, documentsReceived: [], plan: [], termDueAt: NOW.toISOString(), stepDueAt: NOW.toISOString() },
  'case.submitted': { serviceId: 's', serviceVersion: 1, regNumber: 'R-1', channel: 'mobile-centre', applicant: { name: 'А', iin: '900101300001', address: 'а', phone: '1' }, representative: null, application: {}, documentsReceived: [], plan: [], termDueAt: NOW.toISOString(), stepDueAt: NOW.toISOString(), place: 'Ақсу', scans: [] },
  'case.packageRegistered': { from: 'intake', stepDueAt: NOW.toISOString() },
  'case.registerChecked': { from: 'visa', check: 'individuals', status: 'online', note: 'n' },
  'case.visaed': { from: 'visa', resolution: 'r', specialist: { userId: 'x', name: 'x' }, stepDueAt: NOW.toISOString() },
  'case.reassigned': { from: 'review', specialist: { userId: 'x', name: 'x' }, reason: 'r' },
  'case.drafted': { from: 'review', documentChecks: {}, draft: { outcome: 'refusal', grounds: ['g'], reasons: 'r' }, stepDueAt: NOW.toISOString() },
  'case.returned': { from: 'signing', reason: 'r', stepDueAt: NOW.toISOString() },
  'case.signed': { from: 'signing', seal: { algorithm: 'a', keyId: 'k', signature: 's', documentHash: 'd' }, stepDueAt: NOW.toISOString(), validUntil: null },
  'case.resultSigned': { from: 'signing', seal: 'kense-seal', stepDueAt: NOW.toISOString() },
  'case.ncaSigned': { from: 'handover', seal: 'kense-seal', cms: 'AAAA', signer: { name: 'А', iin: '800101300123', serial: '1', issuer: 'CA', notBefore: NOW.toISOString(), notAfter: NOW.toISOString() } },
  'case.refusalNoticed': { from: 'review', grounds: ['g'], reasons: 'r', hearingOn: '2026-11-30' },
  'case.heard': { from: 'review', heardOn: '2026-11-24', attended: false, statement: '' },
  'case.extended': { from: 'visa', reason: 'r', stepDueAt: NOW.toISOString(), termDueAt: NOW.toISOString() },
  'case.returnedToCentre': { from: 'intake', reasons: 'r' },
  'case.corrected': { from: 'visa', changes: [{ path: 'applicant.name', old: 'А', new: 'Ә' }], reason: 'r' },
  'case.withdrawn': { from: 'review', reason: 'r', requestedOn: '2026-11-24' },
  'case.handedOver': { from: 'handover', recipient: { kind: 'applicant', name: 'А', idDocument: 'ид' }, handedOverOn: '2026-11-24' },
  'case.surveyed': { from: 'closed', quality: 3, information: 3, asked: 'phone' },
};
const COMMAND_OF: Record<EventBody['type'], keyof typeof CASE_COMMANDS> = {
  'case.registered': 'intake', 'case.submitted': 'submit', 'case.packageRegistered': 'registerPackage', 'case.registerChecked': 'checkRegister', 'case.visaed': 'visa', 'case.reassigned': 'reassign',
  'case.drafted': 'review', 'case.returned': 'return', 'case.signed': 'sign', 'case.resultSigned': 'sign', 'case.ncaSigned': 'ncaSign', 'case.refusalNoticed': 'noticeRefusal', 'case.heard': 'recordHearing',
  'case.extended': 'extend', 'case.returnedToCentre': 'returnToCentre', 'case.corrected': 'correct', 'case.withdrawn': 'withdraw', 'case.handedOver': 'handover', 'case.surveyed': 'survey',
};
const OFFICE_PAYLOADS: Partial<Record<OfficeEventBody['type'], Record<string, unknown>>> = {
  'office.keyRequested': { keyId: '0123456789abcdef', publicKey: 'AAAA', holder: { userId: 'x', name: 'x' } },
  'office.serviceImported': { file: 'x.json', data: {} },
  'office.termsSet': { terms: { serviceId: 's', reason: 'r' } },
  'office.termsCleared': { serviceId: 's' },
  'office.calendarEdited': { edit: { date: '2026-12-31', dayOff: true, note: '' } },
  'office.retentionSet': { retention: { serviceId: 's', years: 5, basis: 'b' } },
  'office.heldReleased': { seq: 1, eventId: 'e' },
  'office.resolutionsSet': { resolutions: ['Қарап, анықтама дайындалсын'] },
  'office.tripPlanned': { trip: { id: 't', operator: { userId: 'x', name: 'x' }, settlements: [{ place: 'Ақсу', on: '2026-11-25' }] } },
  'office.deviceRevoked': { deviceId: 'd', code: 'K9', reason: 'Жоғалды' },
};
const OFFICE_ROLES: Partial<Record<OfficeEventBody['type'], readonly Role[]>> = {
  'office.keyRequested': ['head'], 'office.serviceImported': ['admin'], 'office.termsSet': ['admin'], 'office.termsCleared': ['admin'], 'office.calendarEdited': ['admin'],
  'office.retentionSet': ['admin'], 'office.heldReleased': ['head', 'admin'], 'office.tripPlanned': ['operator'], 'office.deviceRevoked': ['admin'], 'office.resolutionsSet': ['head'],
};

/** A request over node:https trusting one certificate, as a browser that trusts the hub's would. */
function overHttps(url: string, ca: string, init: { method: string; headers?: Record<string, string> }, body?: (req: ClientRequest) => void): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request(url, { method: init.method, headers: init.headers, ca, agent: false } satisfies RequestOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        done({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), headers: res.headers });
        req.destroy();
      });
    });
    req.on('error', fail);
    if (body) body(req);
    else req.end();
  });
}

/** A hub process on the same database, with a certificate of its own, served over HTTPS on loopback. */
async function servedHub(sql: Sql, trust: () => Promise<TrustFile>, perMinute?: number) {
  const tls = await hubTls(mkdtempSync(join(tmpdir(), 'kense-tls-')));
  const hub = await Hub.open(sql, trust, { clock: () => NOW.getTime(), identity: tls.identity });
  const server = await serveHub(hub, { tls, log: false, ...(perMinute ? { perMinute } : {}) });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const url = `https://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  const fetcher = (async (target: string, init: RequestInit) => {
    const answer = await overHttps(String(target), tls.cert, { method: init.method!, headers: init.headers as Record<string, string> }, (req) => req.end(init.body as string | undefined));
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers as Record<string, string> });
  }) as typeof fetch;
  return {
    hub,
    url,
    tls,
    link: ((call) => fetchHub(fetcher, url, call)) as HubTransport,
    send: ({ method, path, body, auth }: HubCall) =>
      overHttps(`${url}${path}`, tls.cert, { method, headers: { 'content-type': 'application/json', ...(auth ? { [AUTH_HEADER]: auth } : {}) } }, (req) => req.end(body)),
    get: (path: string, method = 'GET') => overHttps(`${url}${path}`, tls.cert, { method }),
    /** Declares a body of `bytes`, sends its first kilobyte, and waits for the answer. */
    unfinished: (path: string, bytes: number, headers: Record<string, string> = {}) =>
      overHttps(`${url}${path}`, tls.cert, { method: 'POST', headers: { 'content-length': String(bytes), 'content-type': 'application/json', ...headers } }, (req) => req.write('x'.repeat(1024))),
    /** A request that declares a body and sends none, holding its place until destroyed. */
    stall: (path: string) =>
      new Promise<ClientRequest>((done) => {
        const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-length': '100' }, ca: tls.cert, agent: false });
        req.on('error', () => {});
        req.flushHeaders();
        req.on('socket', (socket) => socket.once('secureConnect', () => done(req)));
      }),
    close: async () => {
      await server.close();
    },
  };
}

function hubSuite(name: string, open: () => Promise<{ sql: Sql; stop?: () => void }>) {
  describe(`the hub's rules, on ${name}`, () => {
    let hub: Hub;
    let served: Awaited<ReturnType<typeof servedHub>>;
    let sql: Sql;
    let stop: (() => void) | undefined;
    const anchors: TrustFile['offices'] = [];
    const trust = async (): Promise<TrustFile> => ({ format: 'kense-trust/1', offices: anchors });
    // Every device talks to the hub over HTTPS on loopback, as the app does.
    const link: HubTransport = (call, hubKey) => served.link(call, hubKey);
    /** One request as it reaches the hub over HTTPS, whatever it holds. */
    const send = (call: HubCall) => served.send(call);
    beforeAll(async () => {
      const db = await open();
      stop = db.stop;
      sql = db.sql;
      served = await servedHub(db.sql, trust);
      hub = served.hub;
    });
    afterAll(async () => {
      await served.close();
      await hub.close();
      stop?.();
    });

    async function office(code: string) {
      const pc = newDb(`${code}-pc`);
      const laptop = newDb(`${code}-laptop`);
      await foundOffice(pc, link, anchors, code, 'Павлодар', NOW);
      await joinOffice({ db: pc, link }, { db: laptop, link }, code, 'K2', NOW);
      await syncNow(pc, link);
      for (const request of await pc.keyRequests.toArray()) await registerKey(pc, (await peopleOf(pc))('admin'), request.keyId, ADMIN_PIN, NOW);
      for (const db of [pc, laptop]) await syncNow(db, link);
      const officeId = (await pc.device.get('this'))!.office.id;
      return { pc, laptop, officeId, as: await peopleOf(pc) };
    }
    /** The hub's entry for an event, with its status and reason. */
    const hubEntry = async (officeId: string, event: ChainEvent) =>
      (await sql.query<{ status: string; reason: unknown }>('select status, reason from log where office_id = $1 and event_id = $2 and hash = $3', [officeId, event.id, event.hash]))[0];

    it('keeps apart a forged entry added to a pull page, lists it with its reason, and goes on', async () => {
      const { pc, laptop, officeId, as } = await office('FRG');
      await execute(pc, data, as('clerk'), { ...intakeCommand, caseId: 'frg-1' } as Command, NOW);
      await syncNow(pc, link);
      const admin = (await pc.staff.get(as('admin').userId))!;
      const pcDevice = (await pc.device.get('this'))!;
      const last = (await pc.events.where('[deviceId+deviceSeq]').between([pcDevice.deviceId, 0], [pcDevice.deviceId, Infinity]).toArray()).at(-1)!;
      // The attacker writes the next event of the PC's chain by hand: the administrator, disabled.
      const forged = sealEvent({ ...last, hash: undefined, id: crypto.randomUUID(), type: 'office.staffSaved', caseId: OFFICE_STREAM, deviceSeq: last.deviceSeq + 1, prevHash: last.hash, payload: { member: { ...admin, active: false } } } as never) as ChainEvent;
      const { hash: _h, ...unsealed } = forged;
      expect(hashOf(unsealed)).toBe(forged.hash);
      const forging = (signs: boolean): HubTransport => async (call) => {
        const answer = await link(call, null);
        if (call.path !== '/pull' || answer.status !== 200) return answer;
        const page = answer.body as PullResponse;
        if (!page.entries.length) return answer;
        const seq = page.last + 1;
        const altered = { ...answer, body: { ...page, last: seq, entries: [...page.entries, { seq, status: 'accepted', reason: null, event: forged }] } };
        return signs ? signedByHub(hub, call, altered) : altered;
      };
      // On the link, the page is no longer the hub's: refused whole, with the reason, and nothing of it taken.
      const before = (await laptop.sync.get('this'))!.cursor;
      await expect(syncNow(laptop, forging(false))).rejects.toMatchObject({ code: 'sync.hubNotPinned' });
      expect((await laptop.sync.get('this'))!.cursor).toBe(before);
      expect(await laptop.events.get(forged.id)).toBeUndefined();
      // The hub itself forges, with its own key: the device's rules keep the entry apart.
      await syncNow(laptop, forging(true));
      expect((await laptop.staff.get(admin.id))!.active).toBe(true);
      expect(await laptop.events.get(forged.id)).toBeUndefined();
      expect((await laptop.cases.get('frg-1'))!.state.stage).toBe('visa');
      const apart = (await openConflicts(laptop)).filter((c) => c.status === 'refused');
      expect(apart.map((c) => [c.event?.id, c.reason?.code])).toEqual([[forged.id, 'sync.notCovered']]);
      // Honest syncs after it keep the administrator enabled and the forged entry apart.
      await syncNow(laptop, link);
      expect((await laptop.staff.get(admin.id))!.active).toBe(true);
      expect((await laptop.sync.get('this'))!.cursor).toBe((await hub.snapshot(officeId)).log.length);
    });

    it('refuses a nameless registration naming the field; planted as accepted, devices keep it apart and take what follows', async () => {
      const { pc, laptop, officeId, as } = await office('NML');
      const payload = { ...PAYLOADS['case.registered'], applicant: { iin: '900101300001', address: 'а', phone: '1' } };
      const nameless = await writeRaw(pc, { type: 'case.registered', caseId: 'nml-1', payload } as never, as('clerk'));
      await syncNow(pc, link);
      expect(await hubEntry(officeId, nameless)).toMatchObject({ status: 'rejected', reason: { code: 'field.required', params: { field: 'applicant.name' } } });
      expect((await hub.snapshot(officeId)).cases.has('nml-1')).toBe(false);
      // Planted straight into the hub's database as accepted: every device still refuses it, and goes on.
      await sql.query("update log set status = 'accepted', reason = null where office_id = $1 and event_id = $2", [officeId, nameless.id]);
      await execute(pc, data, as('clerk'), { ...intakeCommand, caseId: 'nml-2' } as Command, NOW);
      await syncNow(pc, link);
      await syncNow(laptop, link);
      expect(await laptop.cases.get('nml-1')).toBeUndefined();
      expect((await laptop.cases.get('nml-2'))!.state.stage).toBe('visa');
      const kept = (await openConflicts(laptop)).find((c) => c.event?.id === nameless.id);
      expect(kept).toMatchObject({ status: 'rejected', reason: { code: 'field.required', params: { field: 'applicant.name' } } });
      expect((await laptop.sync.get('this'))!.cursor).toBe((await hub.snapshot(officeId)).log.length);
    });

    it('refuses every case command and office record from every role that may not give it, with the reason the device gives', async () => {
      const { laptop, officeId, as } = await office('ROL');
      const staff = staffFold(await laptop.staff.toArray());
      const tried: { event: ChainEvent; expected: unknown }[] = [];
      for (const [type, payload] of Object.entries(PAYLOADS) as [EventBody['type'], Record<string, unknown>][]) {
        const command = COMMAND_OF[type];
        for (const role of ROLES.filter((r) => !(CASE_COMMANDS[command].roles as readonly Role[]).includes(r))) {
          const actor: Actor = role === 'operator' ? { userId: 'nobody', role, name: 'Ешкім' } : as(role);
          let device: unknown;
          try {
            decide(undefined, oneCommandOfEach[command] as Command, { actor, now: NOW.toISOString(), catalog, calendar, offsetMinutes: 300, staff: [], regNumber: 'R', signingKeys: [] });
          } catch (error) {
            device = reasonOf(error);
          }
          expect(device).toEqual({ code: 'role.forbidden', params: { role, action: command } });
          tried.push({ event: await writeRaw(laptop, { type, caseId: `rol-${tried.length}`, payload } as never, actor), expected: device });
        }
      }
      for (const [type, payload] of Object.entries(OFFICE_PAYLOADS) as [OfficeEventBody['type'], Record<string, unknown>][]) {
        for (const role of ROLES.filter((r) => !OFFICE_ROLES[type]!.includes(r))) {
          const actor: Actor = role === 'operator' ? { userId: 'nobody', role, name: 'Ешкім' } : as(role);
          const event = await writeRaw(laptop, { type, caseId: OFFICE_STREAM, payload } as never, actor);
          const device = officeVerdict(event, { ...emptyOfficeFold(''), staff }, new Set())?.reason;
          expect(device).toMatchObject({ code: 'role.forbidden', params: { role } });
          tried.push({ event, expected: device });
        }
      }
      // The store's own door says the same: a clerk may not set the office's terms.
      const before = await laptop.events.count();
      await expect(setOfficeTerms(laptop, catalog, { serviceId: 'guardianship-certificate', reason: 'r' }, as('clerk'), NOW)).rejects.toMatchObject({ code: 'role.forbidden', params: { role: 'clerk', action: 'setOfficeTerms' } });
      expect(await laptop.events.count()).toBe(before);
      await syncNow(laptop, link);
      for (const { event, expected } of tried) expect({ type: event.type, role: event.actor.role, entry: await hubEntry(officeId, event) }).toMatchObject({ entry: { status: 'rejected', reason: expected } });
      // The head, who is on the staff, gave none of these: an operator nobody enrolled could not either.
      const apart = (await openConflicts(laptop)).filter((c) => tried.some((t) => t.event.id === c.event?.id));
      expect(apart).toHaveLength(tried.length);
    });

    it('refuses an event that reuses another event’s id, and parks no case for it', async () => {
      const { pc, laptop, officeId, as } = await office('DUP');
      const first = await execute(pc, data, as('clerk'), { ...intakeCommand, caseId: 'dup-1' } as Command, NOW);
      await syncNow(pc, link);
      const original = (await pc.events.where('caseId').equals('dup-1').first())!;
      const copy = await writeRaw(laptop, { type: 'case.registered', caseId: 'dup-2', payload: { ...original.payload, regNumber: 'DUP-X' } } as never, as('clerk'), original.id);
      await syncNow(laptop, link);
      expect(await hubEntry(officeId, copy)).toMatchObject({ status: 'rejected', reason: { code: 'sync.duplicateId' } });
      await syncNow(pc, link);
      expect(await pc.parked.count()).toBe(0);
      expect((await pc.cases.get('dup-1'))!.state).toEqual(first);
      expect(await pc.cases.get('dup-2')).toBeUndefined();
    });

    it('decides a page event by event: good ones around a nameless one and a reused id are admitted, those two kept apart with their reasons; one entry closes the push and holds its head; the page twice in one push changes nothing', async () => {
      const { laptop, officeId, as } = await office('PGE');
      await execute(laptop, data, as('clerk'), { ...intakeCommand, caseId: 'pge-1' } as Command, NOW);
      await execute(laptop, data, as('head'), { type: 'visa', caseId: 'pge-1', resolution: 'Р', specialistId: as('specialist').userId } as Command, NOW);
      const own = await outbox(laptop);
      const intake = own.find((e) => e.caseId === 'pge-1' && e.type === 'case.registered')!;
      // The rest of the page is written by hand, by the clerk, after the device's own events: one chain, one head.
      const page = [...own];
      const next = (body: { id?: string; caseId: string; type: string; payload: unknown }) => {
        const last = page.at(-1)!;
        const event = sealEvent({ ...last, hash: undefined, id: crypto.randomUUID(), actor: intake.actor, ...body, deviceSeq: last.deviceSeq + 1, prevHash: last.hash } as never) as ChainEvent;
        page.push(event);
        return event;
      };
      const nameless = next({ type: 'case.registered', caseId: 'pge-2', payload: { ...intake.payload, regNumber: 'PGE-2', applicant: { iin: '900101300001', address: 'а', phone: '1' } } });
      const reused = next({ id: intake.id, type: 'case.registered', caseId: 'pge-3', payload: { ...intake.payload, regNumber: 'PGE-3' } });
      const good = next({ type: 'case.registered', caseId: 'pge-4', payload: { ...intake.payload, regNumber: 'PGE-4' } });
      const device = await asDevice(laptop);
      const segment: Segment = { deviceId: device.deviceId, events: page, head: await signHead(device.key, page.at(-1)!) };
      const before = (await hub.snapshot(officeId)).log.length;
      expect((await hub.push(officeId, { segments: [segment] })).chains).toEqual({ [device.deviceId]: good.deviceSeq });
      expect(await hubEntry(officeId, nameless)).toMatchObject({ status: 'rejected', reason: { code: 'field.required', params: { field: 'applicant.name' } } });
      expect(await hubEntry(officeId, reused)).toMatchObject({ status: 'rejected', reason: { code: 'sync.duplicateId', params: { eventId: intake.id } } });
      for (const event of [intake, good]) expect(await hubEntry(officeId, event)).toMatchObject({ status: 'accepted', reason: null });
      const held = await hub.snapshot(officeId);
      expect([held.cases.get('pge-1')?.stage, held.cases.get('pge-4')?.stage, held.cases.has('pge-2'), held.cases.has('pge-3')]).toEqual(['review', 'visa', false, false]);
      const written = await sql.query<{ device_seq: number; closes: boolean; head: unknown }>('select device_seq, closes, head from log where office_id = $1 and seq > $2 order by seq', [officeId, before]);
      expect(written.map((r) => r.device_seq)).toEqual(page.map((e) => e.deviceSeq));
      expect(written.filter((r) => r.closes).map((r) => r.device_seq)).toEqual([good.deviceSeq]);
      expect(written.filter((r) => r.head).map((r) => r.head)).toEqual([segment.head]);
      // Sent again, twice in one push: acknowledged, and nothing more is written.
      expect((await hub.push(officeId, { segments: [segment, segment] })).chains).toEqual({ [device.deviceId]: good.deviceSeq });
      const again = await hub.snapshot(officeId);
      expect(again.log).toEqual(held.log);
      expect(again.cases).toEqual(held.cases);
    });

    it('refuses a release whose number is not a number, and the chain’s later pushes go through', async () => {
      const { laptop, officeId, as } = await office('HLD');
      const bad = await writeRaw(laptop, { type: 'office.heldReleased', caseId: OFFICE_STREAM, payload: { seq: 'abc', eventId: 'e' } } as never, as('head'));
      await syncNow(laptop, link);
      expect(await hubEntry(officeId, bad)).toMatchObject({ status: 'rejected', reason: { code: 'field.invalid', params: { field: 'seq' } } });
      await execute(laptop, data, as('clerk'), { ...intakeCommand, caseId: 'hld-1' } as Command, NOW);
      await syncNow(laptop, link);
      expect((await hub.snapshot(officeId)).cases.get('hld-1')!.stage).toBe('visa');
      expect((await laptop.sync.get('this'))!.pushedSeq).toBe((await laptop.device.get('this'))!.lastSeq);
    });

    /** A case of the office at the signing stage, from the PC. */
    async function toSigning(db: KenseDb, as: Awaited<ReturnType<typeof peopleOf>>, caseId: string) {
      await execute(db, data, as('clerk'), { ...intakeCommand, caseId } as Command, NOW);
      await execute(db, data, as('head'), { type: 'visa', caseId, resolution: 'Р', specialistId: as('specialist').userId } as Command, NOW);
      await execute(db, data, as('specialist'), { type: 'review', caseId, documentChecks: allChecked, draft: resultDraft } as Command, NOW);
    }

    it('refuses a NUL where it is typed, and answers one in a request with a 4xx', async () => {
      const { pc, laptop, as } = await office('NUL');
      expect(nulAt({ a: [1, { b: ['x', 'y\u0000'] }] }, ['p'])).toEqual(['p', 'a', '1', 'b', '1']);
      expect(nulAt({ 'k\u0000': 1, a: 'b' }, [])).toEqual(['k\u0000']);
      expect(nulAt([[0, 1], { a: 'b' }], [])).toBeNull();
      const before = await pc.events.count();
      const typed = { ...intakeCommand, caseId: 'nul-1', applicant: { ...intakeCommand.applicant, address: 'Абай 1\u0000' } } as Command;
      await expect(execute(pc, data, as('clerk'), typed, NOW)).rejects.toMatchObject({ code: 'field.invalid', params: { field: 'applicant.address' } });
      expect(await pc.events.count()).toBe(before);
      // A tampered device's NUL in an audit record: the push is refused with a reason, the hub stays up.
      await writeRaw(laptop, { type: 'office.signedIn', caseId: OFFICE_STREAM, payload: { failedBefore: 0, x: 'a\u0000b' } } as never, as('head'));
      await expect(syncNow(laptop, link)).rejects.toMatchObject({ code: 'sync.badRequest' });
      expect((await send({ method: 'GET', path: '/health', body: '' })).status).toBe(200);
    });

    it('judges the office’s first record against the people its own enrolment names, so a lying hub cannot serve another administrator first', async () => {
      const { pc, laptop, officeId, as } = await office('GEN');
      const head = as('head');
      // The tampered laptop's head writes an "office's first record" naming himself administrator.
      const fake = await writeRaw(laptop, { type: 'office.staffSaved', caseId: OFFICE_STREAM, payload: { member: { id: head.userId, name: head.name, roles: ['admin', 'head'], active: true } } } as never, { ...head, role: 'admin' });
      await syncNow(laptop, link);
      expect(await hubEntry(officeId, fake)).toMatchObject({ status: 'rejected', reason: { code: 'role.forbidden' } });
      // A third device is enrolled; its first pull comes from a lying hub that serves the laptop's chain first.
      const desk = newDb('GEN-desk');
      await requestJoin(desk, link, 'https://hub', 'GEN', 'K3');
      const [join] = await pendingJoins(pc, link);
      await approveJoin(pc, link, as('admin'), ADMIN_PIN, join!, 'K3', NOW);
      await syncNow(pc, link);
      expect(await finishJoin(desk, link)).toBe(true);
      await signIn(desk, head.userId, PASSWORD, NOW);
      const laptopId = (await laptop.device.get('this'))!.deviceId;
      const liar: HubTransport = async (call) => {
        const answer = await link(call, null);
        if (call.path !== '/pull' || answer.status !== 200) return answer;
        const rows = await sql.query<{ event: ChainEvent; head: ChainHead | null }>('select event, head from log where office_id = $1 order by seq', [officeId]);
        const ordered = [...rows.filter((r) => r.event.deviceId === laptopId), ...rows.filter((r) => r.event.deviceId !== laptopId)];
        const entries = ordered.map((r, i) => ({ seq: i + 1, status: 'accepted' as const, reason: null, event: r.event, ...(r.head ? { head: r.head } : {}) }));
        const { after } = JSON.parse(call.body) as { after: number };
        return signedByHub(hub, call, { ...answer, body: { ...(answer.body as PullResponse), reset: false, last: entries.length, entries: entries.slice(after) } });
      };
      await syncNow(desk, liar);
      expect((await logOf(desk)).find((r) => r.eventId === fake.id)).toMatchObject({ status: 'rejected', byDevice: { code: 'role.forbidden' } });
      expect((await desk.staff.get(head.userId))!.roles).toEqual(['head']);
      expect((await desk.sync.get('this'))!.fold!.staff[as('admin').userId]).toMatchObject({ roles: expect.arrayContaining(['admin']), active: true });
    });

    it('refuses a seal signed for another case, a version 0.1 approval with no signature, a register check that is not pending, and a stranger’s unknown event', async () => {
      const { pc, laptop, officeId, as } = await office('SEL');
      await toSigning(pc, as, 'sel-a');
      await toSigning(pc, as, 'sel-b');
      await execute(pc, data, as('clerk'), { ...intakeCommand, caseId: 'sel-c', registerChecks: { individuals: 'pending' } } as Command, NOW);
      await syncNow(pc, link);
      await syncNow(laptop, link);
      const a = await signCase(laptop, data, as('head'), 'sel-a', PIN, NOW);
      const replayed = await writeRaw(laptop, { type: 'case.resultSigned', caseId: 'sel-b', payload: { from: 'signing', seal: a.seal!.text, stepDueAt: NOW.toISOString() } } as never, as('head'));
      const legacy = await writeRaw(laptop, { type: 'case.signed', caseId: 'sel-b', payload: { from: 'signing', seal: { algorithm: 'x', keyId: 'k', signature: 's', documentHash: 'd' }, stepDueAt: NOW.toISOString(), validUntil: null } } as never, as('head'));
      const notPending = await writeRaw(laptop, { type: 'case.registerChecked', caseId: 'sel-c', payload: { from: 'visa', check: 'notary', status: 'online', note: 'н' } } as never, as('specialist'));
      const stranger = await writeRaw(laptop, { type: 'case.zzz', caseId: 'sel-c', payload: { from: 'visa' } } as never, { userId: 'nobody', role: 'clerk', name: 'Ешкім' });
      await syncNow(laptop, link);
      expect(await hubEntry(officeId, replayed)).toMatchObject({ status: 'rejected', reason: { code: 'signing.draftChanged' } });
      expect(await hubEntry(officeId, legacy)).toMatchObject({ status: 'rejected', reason: { code: 'sync.sealInvalid' } });
      expect(await hubEntry(officeId, notPending)).toMatchObject({ status: 'rejected', reason: { code: 'registerCheck.notPending' } });
      expect(await hubEntry(officeId, stranger)).toMatchObject({ status: 'rejected', reason: { code: 'role.forbidden' } });
      await syncNow(pc, link);
      for (const db of [pc, laptop]) {
        expect((await db.cases.get('sel-b'))!.state.stage).toBe('signing');
        expect(Object.keys((await db.cases.get('sel-c'))!.state.registerChecks!)).toEqual(['individuals']);
        expect(await db.parked.count()).toBe(0);
      }
    });

    it('lets nobody ask for an enrolled device’s enrolment, takes only real keys, and bounds the requests to join', async () => {
      const { pc, officeId } = await office('DOR');
      const post = (path: string, payload: unknown, auth?: string) => send({ method: 'POST', path, body: JSON.stringify(payload), ...(auth ? { auth } : {}) });
      const stranger = await generateSigningKey();
      const pcId = (await pc.device.get('this'))!.deviceId;
      // In the PC's name, with a key of one's own: refused, and the status answers nothing to that key.
      expect(await post('/join', { officeCode: 'DOR', deviceId: pcId, publicKey: stranger.publicKey, label: 'x' })).toMatchObject({ status: 409, body: { error: { code: 'sync.joinTaken' } } });
      const status = JSON.stringify({});
      const auth = await authHeader(ecdsaSigner(stranger.privateKey, stranger.keyId), pcId, 1, 'POST', '/join/status', status);
      expect(await send({ method: 'POST', path: '/join/status', body: status, auth })).toMatchObject({ status: 403, body: { error: { code: 'sync.joinUnknown' } } });
      // A key that is no key, and one of 10 MB.
      const id = crypto.randomUUID();
      expect(await post('/join', { officeCode: 'DOR', deviceId: id, publicKey: 'bm90LWEta2V5', label: 'x' })).toMatchObject({ status: 400, body: { error: { code: 'sync.badRequest' } } });
      expect(await post('/join', { officeCode: 'DOR', deviceId: id, publicKey: 'A'.repeat(10_000_000), label: 'x' })).toMatchObject({ status: 400 });
      // A pending request's id is its key's.
      expect(await post('/join', { officeCode: 'DOR', deviceId: id, publicKey: stranger.publicKey, label: 'Ноутбук' })).toMatchObject({ status: 200 });
      const other = await generateSigningKey();
      expect(await post('/join', { officeCode: 'DOR', deviceId: id, publicKey: other.publicKey, label: 'x' })).toMatchObject({ status: 409, body: { error: { code: 'sync.joinTaken' } } });
      // At most JOINS_PER_OFFICE wait; one of a week ago is forgotten.
      for (let i = 1; i < JOINS_PER_OFFICE; i++) expect((await post('/join', { officeCode: 'DOR', deviceId: crypto.randomUUID(), publicKey: other.publicKey, label: `${i}` })).status).toBe(200);
      expect(await post('/join', { officeCode: 'DOR', deviceId: crypto.randomUUID(), publicKey: other.publicKey, label: 'one too many' })).toMatchObject({ status: 429, body: { error: { code: 'sync.joinsFull' } } });
      expect(await hub.pendingJoins(officeId)).toHaveLength(JOINS_PER_OFFICE);
      await sql.query(`update joins set requested_at = now() - interval '8 days' where device_id = $1`, [id]);
      expect((await post('/join', { officeCode: 'DOR', deviceId: crypto.randomUUID(), publicKey: other.publicKey, label: 'next week' })).status).toBe(200);
      expect((await hub.pendingJoins(officeId)).map((j) => j.deviceId)).not.toContain(id);
    });

    it('refuses a second office under a code the hub already has', async () => {
      await office('TWN');
      const namesake = newDb('TWN-other');
      await expect(foundOffice(namesake, link, anchors, 'TWN', 'Екібастұз', NOW)).rejects.toMatchObject({ code: 'sync.officeCodeTaken', params: { code: 'TWN' } });
      expect(await namesake.sync.get('this')).toBeUndefined();
    });

    it('over HTTPS, a device pins the hub it connected to: a server with another certificate is refused with the reason, and nothing changes', async () => {
      const [a, b] = await Promise.all([servedHub(sql, trust), servedHub(sql, trust)]);
      try {
        const pc = newDb('TLS-pc');
        await foundOffice(pc, a.link, anchors, 'TLS', 'Павлодар', NOW);
        const as = await peopleOf(pc);
        expect((await pc.sync.get('this'))!.hubKey).toBe(a.tls.identity.hubKey);
        await execute(pc, data, as('clerk'), { ...intakeCommand, caseId: 'tls-1' } as Command, NOW);
        const officeId = (await pc.device.get('this'))!.office.id;
        const before = await pc.sync.get('this');
        await expect(syncNow(pc, b.link)).rejects.toMatchObject({ code: 'sync.hubNotPinned', params: { fingerprint: fingerprint(a.tls.identity.hubKey) } });
        const after = (await pc.sync.get('this'))!;
        expect(after.lastError).toMatchObject({ code: 'sync.hubNotPinned' });
        // Its answers were not taken: the device holds the same place in the log and in its own chain.
        expect({ ...after, lastError: null, nonce: 0 }).toEqual({ ...before, nonce: 0 });
        await syncNow(pc, a.link);
        expect((await hub.snapshot(officeId)).cases.has('tls-1')).toBe(true);

        // At connect, the fingerprint the administrator reads on the hub's screen must be this hub's.
        const other = newDb('TL2-pc');
        await staffedOffice(other, { officeCode: 'TL2' }, [{ name: 'Әкімші', roles: ['admin', 'clerk', 'head', 'specialist'] }], NOW);
        const admin = (await peopleOf(other))('admin');
        await createAdminKey(other, admin, ADMIN_PIN, ADMIN_PIN, NOW);
        anchors.push(...(await officeTrust(other, [])).offices);
        const typed = fingerprint(a.tls.identity.hubKey).toLowerCase().replace(/-/g, ' ');
        await expect(connectHub(other, b.link, b.url, typed, admin, ADMIN_PIN, NOW)).rejects.toMatchObject({ code: 'sync.hubFingerprint', params: { actual: fingerprint(b.tls.identity.hubKey), expected: fingerprint(a.tls.identity.hubKey) } });
        expect(await other.sync.get('this')).toBeUndefined();
        await connectHub(other, a.link, a.url, typed, admin, ADMIN_PIN, NOW);
        expect((await other.sync.get('this'))!.hubKey).toBe(a.tls.identity.hubKey);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('over HTTPS, checks a signature before reading a body, refuses a body past the limit with 413, bounds requests at once, and answers wrong methods and paths', async () => {
      {
        const { laptop } = await office('LIM');
        const deviceId = (await laptop.device.get('this'))!.deviceId;
        // A stranger's 30 MB push and a 33 MB enrolment: each is answered with only its first kilobyte sent.
        expect(await served.unfinished('/push', 30 * 1024 * 1024)).toMatchObject({ status: 403, body: { error: { code: 'sync.notEnrolled' } } });
        expect(await served.unfinished('/push', 30 * 1024 * 1024, { [AUTH_HEADER]: `${deviceId}.99.${'0'.repeat(64)}.AAAA` })).toMatchObject({ status: 403, body: { error: { code: 'sync.badSignature' } } });
        expect(await served.unfinished('/enrol', 33 * 1024 * 1024)).toMatchObject({ status: 413, body: { error: { code: 'sync.tooLarge', params: { max: MAX_BODY_BYTES } } } });
        // A genuine signature over another body than the one sent.
        const key = (await laptop.device.get('this'))!.deviceKey!;
        const auth = await authHeader(await signerOf(laptop, key), deviceId, 1_000, 'POST', '/pull', '{"after":0,"afterId":null}');
        expect(await send({ method: 'POST', path: '/pull', body: '{"after":5,"afterId":null}', auth })).toMatchObject({ status: 403, body: { error: { code: 'sync.badSignature' } } });

        // MAX_CONCURRENT requests stalled in their bodies: the next waits for a retry, and once they go, it is answered.
        const stalled = await Promise.all(Array.from({ length: MAX_CONCURRENT }, () => served.stall('/enrol')));
        await expect.poll(async () => (await served.get('/health')).status, { timeout: 30_000 }).toBe(503);
        expect(await served.get('/health')).toMatchObject({ status: 503, body: { error: { code: 'sync.busy' } } });
        for (const request of stalled) request.destroy();
        await expect.poll(async () => (await served.get('/health')).status, { timeout: 30_000 }).toBe(200);

        expect(await served.get('/pull', 'PUT')).toMatchObject({ status: 405, body: { error: { code: 'sync.wrongMethod', params: { method: 'PUT', path: '/pull' } } } });
        expect(await served.get('/admin')).toMatchObject({ status: 404, body: { error: { code: 'sync.noRoute' } } });
        expect(await overHttps(`${served.url}/enrol`, served.tls.cert, { method: 'POST', headers: { 'content-length': 'abc' } })).toMatchObject({ status: 400, body: { error: { code: 'sync.badRequest', params: { detail: 'malformed HTTP: HPE_INVALID_CONTENT_LENGTH' } } } });
      }
    });

    it('answers an address past its requests a minute with 429 and when to try again, before it checks anything', async () => {
      const limited = await servedHub(sql, trust, 5);
      try {
        for (let i = 0; i < 5; i++) expect((await limited.get('/health')).status).toBe(200);
        const past = await limited.get('/health');
        expect(past).toMatchObject({ status: 429, body: { error: { code: 'sync.tooMany', params: { seconds: expect.any(Number) } } } });
        expect(Number(past.headers['retry-after'])).toBeGreaterThan(0);
        expect(await limited.send({ method: 'POST', path: '/push', body: '{}', auth: 'x' })).toMatchObject({ status: 429 });
      } finally {
        await limited.close();
      }
    });

    it('serves plain HTTP only on loopback', async () => {
      await expect(startSyncServer({ port: 0, host: '0.0.0.0', data: mkdtempSync(join(tmpdir(), 'kense-plain-')), plainHttp: true })).rejects.toThrow(/loopback/);
    });

    it('takes no request from a locked app or a copied profile: the device key opens only with a person signed in', async () => {
      const pc = newDb('LCK-pc');
      await foundOffice(pc, link, anchors, 'LCK', 'Павлодар', NOW);
      const laptop = newDb('LCK-laptop');
      await requestJoin(laptop, link, 'https://hub', 'LCK', 'K2');
      const [join] = await pendingJoins(pc, link);
      await approveJoin(pc, link, (await peopleOf(pc))('admin'), ADMIN_PIN, join!, 'K2', NOW);
      await syncNow(pc, link);
      expect(await finishJoin(laptop, link)).toBe(true);
      // Joined, nobody signed in yet: there is no office key to seal with; the first sign-in seals the key.
      expect((await laptop.device.get('this'))!.deviceKey).toMatchObject({ clear: expect.any(Uint8Array) });
      const head = (await peopleOf(pc))('head');
      await signIn(laptop, head.userId, PASSWORD, NOW);
      const sealed = (await laptop.device.get('this'))!.deviceKey!;
      expect(sealed.clear).toBeUndefined();
      await expect(crypto.subtle.importKey('pkcs8', sealed.sealed! as BufferSource, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])).rejects.toThrow();
      await syncNow(laptop, link);

      // The same profile copied and opened elsewhere, or the app locked: nothing leaves it.
      let sent = 0;
      const counting: HubTransport = (call, hubKey) => (sent++, link(call, hubKey));
      const copy = new KenseDb(laptop.name);
      const before = await copy.sync.get('this');
      await expect(syncNow(copy, counting)).rejects.toMatchObject({ code: 'auth.locked' });
      lock(laptop);
      await expect(syncNow(laptop, counting)).rejects.toMatchObject({ code: 'auth.locked' });
      expect(sent).toBe(0);
      expect({ ...(await copy.sync.get('this'))!, lastError: null }).toEqual({ ...before, lastError: null });
      // Signed in again, it syncs.
      await signIn(laptop, head.userId, PASSWORD, NOW);
      await syncNow(laptop, counting);
      expect(sent).toBeGreaterThan(0);
    });

    it('revokes a lost laptop: the hub takes none of its requests, what it wrote stays, and the office sees who revoked it', async () => {
      const { pc, laptop, officeId, as } = await office('RVK');
      await execute(laptop, data, as('clerk'), { ...intakeCommand, caseId: 'rvk-1' } as Command, NOW);
      await syncNow(laptop, link);
      const laptopId = (await laptop.device.get('this'))!.deviceId;
      const pcId = (await pc.device.get('this'))!.deviceId;
      await syncNow(pc, link);
      const before = await pc.events.count();
      await expect(revokeDevice(pc, as('head'), laptopId, 'Ноутбук жоғалды', NOW)).rejects.toMatchObject({ code: 'role.forbidden', params: { action: 'revokeDevice' } });
      await expect(revokeDevice(pc, as('admin'), laptopId, '  ', NOW)).rejects.toMatchObject({ code: 'field.required', params: { field: 'sync.revokeReason' } });
      await expect(revokeDevice(pc, as('admin'), pcId, 'Өзін', NOW)).rejects.toMatchObject({ code: 'sync.revokeOwnDevice' });
      expect(await pc.events.count()).toBe(before);
      await revokeDevice(pc, as('admin'), laptopId, 'Ноутбук жоғалды', NOW);
      await syncNow(pc, link);
      // The thief's copy of the laptop: refused, whatever it asks, with the reason.
      await execute(laptop, data, as('clerk'), { ...intakeCommand, caseId: 'rvk-2' } as Command, NOW);
      await expect(syncNow(laptop, link)).rejects.toMatchObject({ code: 'sync.deviceRevoked' });
      // Nor is its chain taken from a transfer file it wrote, nor relayed to the hub.
      const file = await exportBundle(laptop, NOW);
      expect(file.segments.some((x) => x.deviceId === laptopId)).toBe(true);
      await importBundle(pc, file, NOW);
      await syncNow(pc, link);
      expect(await pc.cases.get('rvk-2')).toBeUndefined();
      const snapshot = await hub.snapshot(officeId);
      expect(snapshot.cases.get('rvk-1')).toBeDefined();
      expect(snapshot.cases.get('rvk-2')).toBeUndefined();
      expect((await pc.peers.get(laptopId))!.revoked).toMatchObject({ by: { userId: as('admin').userId }, reason: 'Ноутбук жоғалды' });
      expect((await pc.cases.get('rvk-1'))!.state.stage).toBe('visa');
      // A device that joins later learns it from the log.
      const desk = newDb('RVK-desk');
      await joinOffice({ db: pc, link }, { db: desk, link }, 'RVK', 'K3', NOW);
      expect((await desk.peers.get(laptopId))!.revoked).toMatchObject({ reason: 'Ноутбук жоғалды' });
    });

    it('answers hostile requests with a 4xx and a reason, never a 500', async () => {
      const { laptop } = await office('HST');
      const deviceId = (await laptop.device.get('this'))!.deviceId;
      const deep = `{"segments":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const signer = await signerOf(laptop, (await laptop.device.get('this'))!.deviceKey!);
      const signed = async (path: string, body: string, nonce: number) => ({ method: 'POST', path, body, auth: await authHeader(signer, deviceId, nonce, 'POST', path, body) });
      const calls: HubCall[] = [
        { method: 'POST', path: '/pull', body: '{}', auth: `${deviceId}.5.${hashOf('{}')}.AAAAA` },
        { method: 'POST', path: '/enrol', body: JSON.stringify({ enrolment: { format: 'kense-enrolment/1' }, adminKeyId: 'x', signature: 'y' }) },
        await signed('/pull', '{"after":0,"afterId":null}', 2 ** 31),
        await signed('/pull', JSON.stringify({ after: 2 ** 31, afterId: null }), 1_000),
        await signed('/push', deep, 1_001),
        { method: 'POST', path: '/join', body: deep },
        { method: 'DELETE', path: '/health', body: '' },
        { method: 'POST', path: '/push', body: '[1,2', auth: 'x' },
      ];
      for (const call of calls) {
        const answer = await send(call);
        expect({ call: call.path, status: answer.status >= 400 && answer.status < 500 }).toEqual({ call: call.path, status: true });
        expect((answer.body as { error: { code: string } }).error.code).toMatch(/^sync\./);
      }
      // A real enrolment with an administrator key of one letter.
      const enrolment = (await laptop.peers.toArray())[0]!.enrolment;
      const answer = await send({ method: 'POST', path: '/enrol', body: JSON.stringify({ ...enrolment, enrolment: { ...enrolment.enrolment, adminKey: 'A' } }) });
      expect(answer).toMatchObject({ status: 403, body: { error: { code: 'sync.enrolmentInvalid' } } });
    });
  });
}

hubSuite('PGlite', async () => ({ sql: await openPglite('memory://') }));
hubSuite('PostgreSQL', async () => {
  const server = await startPostgres();
  return { sql: await openPostgres(server.url), stop: () => server.stop() };
});

