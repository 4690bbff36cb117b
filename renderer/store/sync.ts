import Dexie from 'dexie';
import {
  applyEvent,
  caseVerdict,
  emptyOfficeFold,
  foldOffice,
  genuineSignatures,
  officeVerdict,
  screenPage,
  type OfficeFold,
  type ScreenedPage,
  bundleSchema,
  fromBase64,
  openBytes,
  sealBytes,
  sealedBundleSchema,
  toBase64,
  type SealedBundle,
  DomainError,
  ecdsaSigner,
  enrolmentIsSigned,
  eventTime,
  generateSigningKey,
  hashHolds,
  headSignedBy,
  hubErrorSchema,
  authHeader,
  isOfficeEvent,
  OFFICE_STREAM,
  signEnrolment,
  signHead,
  type Actor,
  type Bundle,
  type CaseState,
  type ChainEvent,
  type ChainHead,
  type EntryStatus,
  type HubTransport,
  type JoinRequest,
  type LogEntry,
  type PullResponse,
  type ChainView,
  type PushResponse,
  type Reason,
  type Segment,
  type SignedEnrolment,
  type Signer,
  type NotificationQueue,
  type OfficeEvent,
} from '../../shared';
import { caseRow, type CaseRow, type DeviceRow, type KenseDb } from './db';
import { applyCatalogEvent, type CatalogEventBody } from './catalog';
import { recordAudit } from './accounts';
import { tripRow } from './trips';
import { checkOnDevice, deviceFold, recordOfficeEvent } from './commands';
import { adminSigner } from './signing';
import { raiseStageFloors } from './stageFloors';

/** This device's link to its hub. One row, id 'this'. */
export interface SyncRow {
  id: 'this';
  hubUrl: string;
  /** The hub's epoch at the last answer; a new one means it was restored and the log is pulled again. */
  epoch: string | null;
  /** The last office-log number applied here, and that entry's event id. */
  cursor: number;
  cursorEventId: string | null;
  /** How far the hub holds this device's chain, as it last said. */
  pushedSeq: number;
  /** The last request number used: the hub refuses a number twice. */
  nonce: number;
  lastSyncAt: string | null;
  lastError: Reason | null;
  /** The hub's clock minus this device's, at the last answer. */
  clockSkewMs: number;
  /** The office as the pulled log stands at the cursor (its people, registry, trips): what the rules read for the next entry. */
  fold?: OfficeFold;
  /** A device that asked to join and waits for the administrator: its key and the office it named. */
  join?: { deviceId: string; officeCode: string; label: string; key: NonNullable<DeviceRow['deviceKey']> };
}

/** One entry of the office log as pulled; the event itself is in `events`, or here when that table holds another (a fork). */
export interface LogRow {
  seq: number;
  status: EntryStatus;
  reason: Reason | null;
  eventId: string;
  caseId: string;
  deviceId: string;
  deviceSeq: number;
  knownHash?: string;
  event?: ChainEvent;
  /** This device's own refusal by the rulebook, where the hub had admitted the entry (status is then 'rejected'). */
  byDevice?: Reason;
  /** What the hub said, where this device judged otherwise. */
  hubStatus?: EntryStatus;
}

/**
 * An entry kept apart: from a pulled page, one that is not its device's chain (forged, altered on
 * the way); from a transfer file, an event the rulebook refuses. Never applied, never blocking.
 */
export interface RefusedRow {
  key: string;
  /** Its number in the hub's log; 0 for a transfer file's event. */
  seq: number;
  eventId: string;
  event: ChainEvent | null;
  reason: Reason;
  foundAt: string;
  source: 'pull' | 'bundle';
}

/** Another device of the office: its enrolment (signed by the administrator) and its newest signed head. */
export interface PeerRow {
  deviceId: string;
  enrolment: SignedEnrolment;
  head?: ChainHead;
}

/** A case that stopped at a log entry this version cannot apply (an event type from a newer Kense). */
export interface ParkedRow {
  caseId: string;
  seq: number;
  reason: Reason;
}

/** A fork met in a bundle: another event under a (device, seq) this device already holds. */
export interface ForkRow {
  id: string;
  event: ChainEvent;
  knownHash: string;
  foundAt: string;
}

const PUSH_BATCH = 500;
const PULL_PAGE = 500;
/** A device clock further than this from the hub's is shown as wrong. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

const signerOf = (key: NonNullable<DeviceRow['deviceKey']>): Signer => ecdsaSigner(key.privateKey, key.keyId);

/** The device's own key, made on first need for a device set up before sync existed. */
async function deviceWithKey(db: KenseDb): Promise<DeviceRow & { deviceKey: NonNullable<DeviceRow['deviceKey']> }> {
  const device = await db.device.get('this');
  if (!device) throw new Error('this device is not set up');
  if (device.deviceKey) return device as DeviceRow & { deviceKey: NonNullable<DeviceRow['deviceKey']> };
  const deviceKey = await generateSigningKey();
  await db.device.update('this', { deviceKey });
  return { ...device, deviceKey };
}

/** The office's trust anchor as this device knows it: from its registry, or from its enrolment. */
async function anchorOf(db: KenseDb): Promise<string | null> {
  const registry = await db.registry.get('this');
  if (registry) return registry.adminKey;
  const device = await db.device.get('this');
  return (device && (await db.peers.get(device.deviceId))?.enrolment.enrolment.adminKey) ?? null;
}

/**
 * Sends one signed request. A fresh nonce is stored before the request leaves, so a crash
 * never reuses one; a refusal comes back as the hub's reason.
 */
async function call<T>(db: KenseDb, transport: HubTransport, path: string, payload: unknown, as: { deviceId: string; key: Signer } | null): Promise<T> {
  const body = JSON.stringify(payload);
  let auth: string | undefined;
  if (as) {
    const nonce = await db.transaction('rw', db.sync, async () => {
      const row = (await db.sync.get('this'))!;
      await db.sync.update('this', { nonce: row.nonce + 1 });
      return row.nonce + 1;
    });
    auth = await authHeader(as.key, as.deviceId, nonce, 'POST', path, body);
  }
  let answer;
  try {
    answer = await transport({ method: 'POST', path, body, auth });
  } catch {
    throw new DomainError('sync.unreachable');
  }
  if (answer.status === 200) return answer.body as T;
  const error = hubErrorSchema.safeParse(answer.body);
  if (!error.success) throw new DomainError('sync.unreachable');
  if (error.data.error.code === 'sync.replay' && as) {
    // The hub saw a later number (this device was restored): continue after it.
    await db.sync.update('this', { nonce: Number(error.data.error.params.nonce) });
  }
  throw new DomainError(error.data.error.code, error.data.error.params);
}

const asDevice = (device: DeviceRow & { deviceKey: NonNullable<DeviceRow['deviceKey']> }) => ({ deviceId: device.deviceId, key: signerOf(device.deviceKey) });

function newSyncRow(hubUrl: string): SyncRow {
  return { id: 'this', hubUrl, epoch: null, cursor: 0, cursorEventId: null, pushedSeq: 0, nonce: 0, lastSyncAt: null, lastError: null, clockSkewMs: 0 };
}

function checkHubUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(trimmed)) throw new DomainError('field.invalid', { field: 'sync.hubUrl' });
  return trimmed;
}

// ---- Enrolment ----

async function enrolmentFor(db: KenseDb, device: { id: string; code: string; publicKey: string; label: string }, adminPin: string, now: Date): Promise<SignedEnrolment> {
  const here = (await db.device.get('this'))!;
  const registry = await db.registry.get('this');
  if (!registry) throw new DomainError('keys.noAdminKey');
  const signer = await adminSigner(db, adminPin);
  const { id, code, names, district } = here.office;
  return signEnrolment(signer, {
    format: 'kense-enrolment/1',
    office: { id, code, names, offsetMinutes: here.office.offsetMinutes, ...(district ? { district } : {}) },
    adminKey: registry.adminKey,
    device,
    staff: await db.staff.toArray(),
    enrolledAt: now.toISOString(),
  });
}

/**
 * The administrator connects this device to a hub: the administrator key enrols the device, and
 * the device's chain (with the office registry in it) starts to sync.
 */
export async function connectHub(db: KenseDb, transport: HubTransport, hubUrl: string, admin: Actor, adminPin: string, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'connectHub', admin);
  const url = checkHubUrl(hubUrl);
  const device = await deviceWithKey(db);
  const signed = await enrolmentFor(db, { id: device.deviceId, code: device.deviceCode, publicKey: device.deviceKey.publicKey, label: '' }, adminPin, now);
  await call(db, transport, '/enrol', signed, null);
  await db.transaction('rw', [db.sync, db.peers], async () => {
    const current = await db.sync.get('this');
    await db.sync.put(current ? { ...current, hubUrl: url } : newSyncRow(url));
    await db.peers.put({ deviceId: device.deviceId, enrolment: signed });
  });
  // Office records made before sync existed are not in the chain yet: publish them so the other devices get them.
  const chain = await db.events.where('caseId').equals(OFFICE_STREAM).toArray();
  const registry = (await db.registry.get('this'))!;
  if (!chain.some((e) => e.type === 'office.registryPublished' && e.payload.signed.registry.version === registry.signed.registry.version)) {
    await recordOfficeEvent(db, admin, { type: 'office.registryPublished', payload: { signed: registry.signed } }, now, { ...(await deviceFold(db)), registry: null });
  }
  if (!chain.some((e) => e.type === 'office.serviceImported' || e.type === 'office.termsSet' || e.type === 'office.calendarEdited')) {
    for (const { at: _at, by, ...row } of await db.services.toArray()) await recordOfficeEvent(db, by, { type: 'office.serviceImported', payload: { file: row.file, data: row.data } }, now);
    for (const { at: _at, by, ...terms } of await db.officeTerms.toArray()) await recordOfficeEvent(db, by, { type: 'office.termsSet', payload: { terms } }, now);
    for (const { at: _at, by, ...edit } of await db.calendarEdits.toArray()) await recordOfficeEvent(db, by, { type: 'office.calendarEdited', payload: { edit } }, now);
  }
}

/** A new device asks the office's hub to let it in; the administrator sees the request with its key's fingerprint. */
export async function requestJoin(db: KenseDb, transport: HubTransport, hubUrl: string, officeCode: string, label: string): Promise<string> {
  if (await db.device.get('this')) throw new DomainError('setup.done');
  const url = checkHubUrl(hubUrl);
  const code = officeCode.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(code)) throw new DomainError('field.invalid', { field: 'setup.officeCode' });
  const existing = (await db.sync.get('this'))?.join;
  const join = existing?.officeCode === code ? existing : { deviceId: crypto.randomUUID(), officeCode: code, label: label.trim(), key: await generateSigningKey() };
  await call(db, transport, '/join', { officeCode: code, deviceId: join.deviceId, publicKey: join.key.publicKey, label: join.label } satisfies JoinRequest, null);
  await db.sync.put({ ...newSyncRow(url), join });
  return join.key.keyId;
}

/**
 * Asks whether the administrator has enrolled this device. Once they have, the device takes its
 * office, its code and the office's people from the signed record; the cases come by sync.
 */
export async function finishJoin(db: KenseDb, transport: HubTransport): Promise<boolean> {
  const row = await db.sync.get('this');
  if (!row?.join) throw new DomainError('sync.joinUnknown');
  const { join } = row;
  const { enrolment: signed } = await call<{ enrolment: SignedEnrolment | null }>(db, transport, '/join/status', {}, { deviceId: join.deviceId, key: signerOf(join.key) });
  if (!signed) return false;
  const { enrolment } = signed;
  if (!(await enrolmentIsSigned(signed)) || enrolment.device.id !== join.deviceId || enrolment.device.publicKey !== join.key.publicKey) throw new DomainError('sync.enrolmentInvalid');
  await db.transaction('rw', [db.device, db.staff, db.sync, db.peers], async () => {
    if (await db.device.get('this')) throw new DomainError('setup.done');
    const { offsetMinutes, ...identity } = enrolment.office;
    await db.device.put({
      id: 'this',
      deviceId: join.deviceId,
      deviceCode: enrolment.device.code,
      office: { ...identity, offsetMinutes },
      lastSeq: 0,
      lastHash: null,
      hlc: null,
      regSequence: {},
      deviceKey: join.key,
    });
    await db.staff.bulkPut(enrolment.staff);
    await db.peers.put({ deviceId: join.deviceId, enrolment: signed });
    const { join: _done, ...rest } = row;
    await db.sync.put(rest);
  });
  return true;
}

/** The devices waiting to join this office, as the hub has them. */
export async function pendingJoins(db: KenseDb, transport: HubTransport): Promise<JoinRequest[]> {
  const device = await deviceWithKey(db);
  return (await call<{ joins: JoinRequest[] }>(db, transport, '/joins', {}, asDevice(device))).joins;
}

/** The hub's messages to this office's applicants: how many wait, were sent, failed; the latest unsent. */
export async function notificationQueue(db: KenseDb, transport: HubTransport): Promise<NotificationQueue> {
  const device = await deviceWithKey(db);
  return call<NotificationQueue>(db, transport, '/notifications', {}, asDevice(device));
}

/** The administrator enrols a waiting device under a device code of its own. */
export async function approveJoin(db: KenseDb, transport: HubTransport, admin: Actor, adminPin: string, join: JoinRequest, deviceCode: string, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'approveJoin', admin);
  const code = deviceCode.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(code)) throw new DomainError('field.invalid', { field: 'setup.deviceCode' });
  const signed = await enrolmentFor(db, { id: join.deviceId, code, publicKey: join.publicKey, label: join.label }, adminPin, now);
  await call(db, transport, '/enrol', signed, null);
  await db.peers.put({ deviceId: join.deviceId, enrolment: signed });
}

// ---- The projection over the log ----

/**
 * Events not yet numbered by the hub, in clock order, each device's own in its sequence order:
 * a device's clock steps back when it is corrected, its sequence never does.
 */
function inClockOrder(events: readonly ChainEvent[]): ChainEvent[] {
  const chains = new Map<string, ChainEvent[]>();
  for (const event of events) chains.set(event.deviceId, [...(chains.get(event.deviceId) ?? []), event]);
  const queues = [...chains.values()].map((chain) => chain.sort((a, b) => a.deviceSeq - b.deviceSeq));
  const ordered: ChainEvent[] = [];
  while (queues.some((q) => q.length)) {
    const next = queues.filter((q) => q.length).reduce((best, q) => (q[0]!.hlc < best[0]!.hlc ? q : best));
    ordered.push(next.shift()!);
  }
  return ordered;
}

/** Rows by their case (Map.groupBy, which Node 20 lacks). */
function byCase<T extends { caseId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.caseId);
    if (group) group.push(row);
    else groups.set(row.caseId, [row]);
  }
  return groups;
}

/**
 * Folds cases again: the hub's accepted entries in log order, then this device's events the hub
 * has not numbered yet, in clock order. An entry this version cannot apply parks the case there;
 * a pending event that no longer applies is left out (the hub will refuse it, and the head will
 * see why). Reads and writes all the cases at once. Runs inside a transaction over events, log,
 * cases and parked.
 */
export async function refold(db: KenseDb, caseIds: readonly string[]): Promise<void> {
  if (!caseIds.length) return;
  const [logRows, events] = await Promise.all([db.log.where('caseId').anyOf(caseIds).toArray(), db.events.where('caseId').anyOf(caseIds).toArray()]);
  // Events of transfer files that the rulebook refused wait apart, unapplied.
  const refusedIds = new Set((await db.refused.where('eventId').anyOf(events.map((e) => e.id)).keys()).map(String));
  const byId = new Map(events.map((e) => [e.id, e]));
  const logOf = byCase(logRows);
  const eventsOf = byCase(events);
  const rows: CaseRow[] = [];
  const gone: string[] = [];
  const parkedRows: ParkedRow[] = [];
  for (const caseId of caseIds) {
    const entries = (logOf.get(caseId) ?? []).sort((a, b) => a.seq - b.seq);
    let state: CaseState | undefined;
    let parked: ParkedRow | null = null;
    for (const row of entries) {
      // This device's own verdict, by the rulebook: the hub's word is taken only for what it alone can tell (held, a fork).
      if (row.status === 'quarantined' || row.status === 'held' || row.byDevice) continue;
      const verdict = caseVerdict(row.event ?? byId.get(row.eventId)!, state);
      if ('reason' in verdict) {
        if (verdict.reason.code !== 'sync.eventUnknown') continue;
        parked = { caseId, seq: row.seq, reason: verdict.reason };
        break;
      }
      state = verdict.state ?? state;
    }
    if (parked) parkedRows.push(parked);
    else {
      const logged = new Set(entries.map((r) => r.eventId));
      for (const event of inClockOrder((eventsOf.get(caseId) ?? []).filter((e) => !logged.has(e.id) && !isOfficeEvent(e) && !refusedIds.has(e.id)))) {
        try {
          state = applyEvent(state, event as Parameters<typeof applyEvent>[1]);
        } catch {
          // Overtaken by the office while this device was apart; the hub decides and the conflict list shows it.
        }
      }
    }
    if (state) rows.push(caseRow(state));
    else gone.push(caseId);
  }
  await Promise.all([
    db.cases.bulkPut(rows),
    db.cases.bulkDelete(gone),
    db.parked.bulkPut(parkedRows),
    db.parked.bulkDelete(caseIds.filter((id) => !parkedRows.some((p) => p.caseId === id))),
  ]);
}

export const SYNC_TABLES = (db: KenseDb) => [db.staff, db.events, db.log, db.cases, db.parked, db.refused, db.registry, db.keyRequests, db.sync, db.peers, db.services, db.officeTerms, db.calendarEdits, db.retention, db.trips, db.stageFloors];

type OfficeRecord<T extends OfficeEvent['type']> = Extract<OfficeEvent, { type: T }>;
const toCatalog = (db: KenseDb, event: OfficeRecord<CatalogEventBody['type']>) => applyCatalogEvent(db, { ...event, at: eventTime(event) });

/** What each office record that passed the rulebook does to the office's records here; the audit trail does nothing. */
const OFFICE_APPLY: { [T in OfficeEvent['type']]?: (db: KenseDb, event: OfficeRecord<T>, anchor: string) => Promise<unknown> } = {
  'office.serviceImported': toCatalog,
  'office.termsSet': toCatalog,
  'office.termsCleared': toCatalog,
  'office.calendarEdited': toCatalog,
  'office.retentionSet': toCatalog,
  // The rules let a person change only their own password: the record is the member as it now is.
  'office.staffSaved': (db, event) => db.staff.put(event.payload.member),
  'office.tripPlanned': (db, event) => db.trips.put(tripRow(event.payload.trip)),
  'office.keyRequested': (db, event) => db.keyRequests.put({ ...event.payload, requestedAt: eventTime(event) }),
  'office.registryPublished': async (db, event, anchor) => {
    const current = await db.registry.get('this');
    if ((current?.signed.registry.version ?? 0) < event.payload.signed.registry.version) await db.registry.put({ id: 'this', adminKey: anchor, signed: event.payload.signed });
  },
};

async function applyOfficeEvent(db: KenseDb, event: OfficeEvent, anchor: string): Promise<void> {
  await (OFFICE_APPLY[event.type] as ((db: KenseDb, event: OfficeEvent, anchor: string) => Promise<unknown>) | undefined)?.(db, event, anchor);
}

const refusedKey = (seq: number, event: ChainEvent | null) => `${seq}:${event?.hash ?? '-'}`;

/**
 * Applies one screened page of the office log and moves the cursor, in one transaction. Each
 * entry is judged again here by the rulebook, with the office as the log stands at it; what the
 * rules refuse is kept, marked with the reason, and never applied.
 */
async function applyPage(db: KenseDb, page: ScreenedPage, peers: PeerRow[], anchor: string, now: Date): Promise<void> {
  const start = (await db.sync.get('this'))!.fold ?? emptyOfficeFold(anchor);
  // An entry of an event held here is judged on this device's own copy, never the pulled one.
  const mine = await db.events.bulkGet(page.taken.map((e) => e.event.id));
  const entries = page.taken.map((e, i) => (mine[i]?.deviceId === e.event.deviceId && mine[i]?.deviceSeq === e.event.deviceSeq ? { ...e, event: mine[i]! } : e));
  const genuine = await genuineSignatures(
    entries.filter((e) => e.status !== 'quarantined').map((e) => e.event),
    anchor,
    start.registry,
  );
  await db.transaction('rw', SYNC_TABLES(db), async () => {
    let fold = (await db.sync.get('this'))!.fold ?? emptyOfficeFold(anchor);
    // What this device holds already, read as keys only: nothing is opened.
    const held = new Set((await db.events.where('id').anyOf(entries.map((e) => e.event.id)).primaryKeys()).map(String));
    const taken = new Set((await db.events.where('[deviceId+deviceSeq]').anyOf(entries.map((e) => [e.event.deviceId, e.event.deviceSeq])).keys()).map((k) => String(k)));
    const added: ChainEvent[] = [];
    const logged: LogRow[] = [];
    const office: OfficeEvent[] = [];
    const touched = new Set<string>();
    for (const { seq, status, reason, event, knownHash } of entries) {
      const key = String([event.deviceId, event.deviceSeq]);
      const row: LogRow = { seq, status, reason, eventId: event.id, caseId: event.caseId, deviceId: event.deviceId, deviceSeq: event.deviceSeq, ...(knownHash ? { knownHash } : {}) };
      logged.push(row);
      if (status === 'quarantined') {
        row.event = event;
        continue;
      }
      // Another event of the office already has this id: kept in the log row, refused.
      const clash = held.has(event.id) && !taken.has(key);
      if (clash) row.event = event;
      else if (!taken.has(key)) {
        added.push(event);
        held.add(event.id);
        taken.add(key);
      }
      if (!isOfficeEvent(event)) touched.add(event.caseId);
      if (status === 'held') continue;
      const refusal = clash ? { status: 'rejected' as const, reason: { code: 'sync.duplicateId' as const, params: { eventId: event.id } } } : officeVerdict(event, fold, genuine);
      if (refusal) {
        Object.assign(row, { status: refusal.status, byDevice: refusal.reason, ...(status !== refusal.status ? { hubStatus: status } : {}) });
      } else if (isOfficeEvent(event)) {
        fold = foldOffice(fold, event);
        office.push(event);
        if (status !== 'accepted') Object.assign(row, { status: 'accepted', hubStatus: status });
      }
    }
    await db.events.bulkAdd(added);
    await db.log.bulkPut(logged);
    for (const event of office) await applyOfficeEvent(db, event, anchor);
    // Entries taken now that were refused before (altered on the way) leave the refused list.
    await db.refused.where('seq').anyOf(page.taken.map((e) => e.seq)).filter((r) => r.source === 'pull').delete();
    for (const { seq, event, reason } of page.refused) {
      const key = refusedKey(seq, event);
      await db.refused.where('seq').equals(seq).filter((r) => r.key !== key).delete();
      if (!(await db.refused.get(key))) await db.refused.put({ key, seq, eventId: event?.id ?? '', event, reason, foundAt: now.toISOString(), source: 'pull' });
    }
    await refold(db, [...touched]);
    for (const peer of peers) {
      const known = await db.peers.get(peer.deviceId);
      await db.peers.put({ ...known, ...peer });
    }
    const last = [...page.taken, ...page.refused].find((e) => e.seq === page.through);
    await db.sync.update('this', { cursor: page.through, cursorEventId: last?.event?.id ?? null, fold });
  });
}

/**
 * Forgets the pulled log: the hub lost or rewrote it, or a whole pull checks again the entries kept
 * apart (a link that changed them once may not again). It is pulled from 0.
 */
async function pullAgain(db: KenseDb, keepRefused: boolean): Promise<void> {
  await db.transaction('rw', db.log, db.sync, db.refused, async () => {
    await db.log.clear();
    if (!keepRefused) await db.refused.where('seq').above(0).delete();
    await db.sync.update('this', { cursor: 0, cursorEventId: null, fold: undefined });
  });
}

/** Cases parked by an older version: tried again after an update. */
export async function retryParked(db: KenseDb): Promise<void> {
  const parked = await db.parked.toArray();
  if (parked.length) await db.transaction('rw', SYNC_TABLES(db), () => refold(db, parked.map((p) => p.caseId)));
}

// ---- Push and pull ----

export interface SyncProgress {
  done: number;
  total: number;
}

/** Notes the hub's epoch and clock; a new epoch (a hub restored from backup) means pulling the whole log again. */
async function heard(db: KenseDb, answer: { epoch: string; now: string }, sentAt: number): Promise<boolean> {
  const row = (await db.sync.get('this'))!;
  const clockSkewMs = Date.parse(answer.now) - (sentAt + Date.now()) / 2;
  const restored = row.epoch !== null && row.epoch !== answer.epoch;
  await db.sync.update('this', { epoch: answer.epoch, clockSkewMs });
  if (restored) await pullAgain(db, false);
  return restored;
}

/** This device's own events the hub does not hold yet. */
export async function outbox(db: KenseDb, limit = Infinity): Promise<ChainEvent[]> {
  const device = await db.device.get('this');
  const sync = await db.sync.get('this');
  if (!device) return [];
  return db.events.where('[deviceId+deviceSeq]').between([device.deviceId, (sync?.pushedSeq ?? 0) + 1], [device.deviceId, Dexie.maxKey]).limit(limit).toArray();
}

/** A push's events up to this much JSON: a crew's packages carry scans, and the hub takes at most 32 MB a request. */
export const PUSH_BYTES = 8 * 1024 * 1024;

/** The first events of a batch that fit PUSH_BYTES; always at least one, which alone fits the hub's limit (MAX_SCANS × MAX_SCAN_BYTES). */
export function withinPushBytes(batch: ChainEvent[]): ChainEvent[] {
  let bytes = 0;
  const end = batch.findIndex((event, i) => (bytes += JSON.stringify(event).length) > PUSH_BYTES && i > 0);
  return end === -1 ? batch : batch.slice(0, end);
}

async function pushOwn(db: KenseDb, transport: HubTransport, progress: () => void, signal?: AbortSignal): Promise<void> {
  const device = await deviceWithKey(db);
  for (let rounds = 0; rounds < 10_000; rounds++) {
    stopIfAsked(signal);
    const batch = withinPushBytes(await outbox(db, PUSH_BATCH));
    if (!batch.length) return;
    const segment: Segment = { deviceId: device.deviceId, events: batch, head: await signHead(signerOf(device.deviceKey), batch.at(-1)!) };
    const sentAt = Date.now();
    try {
      const answer = await call<PushResponse>(db, transport, '/push', { segments: [segment] }, asDevice(device));
      await heard(db, answer, sentAt);
      // Lower than before when the hub lost events: they go again.
      await db.sync.update('this', { pushedSeq: answer.chains[device.deviceId] ?? 0 });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'sync.gap')) throw error;
      await db.sync.update('this', { pushedSeq: Number(error.params.expected) - 1 });
    }
    progress();
  }
}

/** Other devices' events this one carries (from a bundle) beyond what the hub has numbered: passed on under their own heads. */
async function relay(db: KenseDb, transport: HubTransport): Promise<void> {
  const device = await deviceWithKey(db);
  for (const peer of await db.peers.toArray()) {
    if (peer.deviceId === device.deviceId || !peer.head) continue;
    const logged = await db.log.where('[deviceId+deviceSeq]').between([peer.deviceId, Dexie.minKey], [peer.deviceId, Dexie.maxKey]).last();
    let from = (logged?.deviceSeq ?? 0) + 1;
    for (let attempt = 0; attempt < 2 && from <= peer.head.deviceSeq; attempt++) {
      const events = await db.events.where('[deviceId+deviceSeq]').between([peer.deviceId, from], [peer.deviceId, peer.head.deviceSeq], true, true).toArray();
      if (events.at(-1)?.hash !== peer.head.hash) break;
      try {
        await call(db, transport, '/push', { segments: [{ deviceId: peer.deviceId, events, head: peer.head }] }, asDevice(device));
        break;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'sync.gap')) break;
        from = Number(error.params.expected);
      }
    }
  }
}

/** What this device holds of the chains a page names, for screenPage: read before its transaction, keys only but each chain's last event. */
async function chainView(db: KenseDb, entries: readonly LogEntry[], keys: Map<string, string>, officeId: string): Promise<ChainView> {
  const devices = [...new Set(entries.map((e) => e?.event?.deviceId).filter((d): d is string => typeof d === 'string' && keys.has(d)))];
  const tips = new Map<string, { seq: number; hash: string | null }>();
  for (const deviceId of devices) {
    const last = await db.events.where('[deviceId+deviceSeq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).last();
    // An event whose id another event holds is kept in its log row, and still links its chain.
    const inline = await db.log.where('[deviceId+deviceSeq]').between([deviceId, (last?.deviceSeq ?? 0) + 1], [deviceId, Dexie.maxKey]).filter((r) => !!r.event && r.status !== 'quarantined').last();
    const tip = inline?.event ?? last;
    tips.set(deviceId, { seq: tip?.deviceSeq ?? 0, hash: tip?.hash ?? null });
  }
  const readable = entries.filter((e) => typeof e?.event?.deviceId === 'string' && Number.isInteger(e.event.deviceSeq) && typeof e.event.id === 'string');
  // Where each event this device holds under a page's id sits; a place held by another event is named by none.
  const taken = await db.events.where('[deviceId+deviceSeq]').anyOf(readable.map((e) => [e.event.deviceId, e.event.deviceSeq])).keys();
  const held = new Map<string, string>(taken.map((k) => [String(k), '']));
  for (const event of await db.events.bulkGet(readable.map((e) => e.event.id))) if (event) held.set(String([event.deviceId, event.deviceSeq]), event.id);
  const signedHeads = new Set<number>();
  for (const entry of entries) {
    const key = entry?.head && keys.get(entry.head.deviceId);
    if (key && (await headSignedBy(entry.head!, key))) signedHeads.add(entry.seq);
  }
  return { officeId, keys, tip: (deviceId) => tips.get(deviceId) ?? { seq: 0, hash: null }, held: (deviceId, seq) => held.get(String([deviceId, seq])), signedHeads };
}

async function pullAll(db: KenseDb, transport: HubTransport, progress: (page: number, left: number) => void, signal?: AbortSignal): Promise<{ restored: boolean; ownSeq: number }> {
  const device = await deviceWithKey(db);
  let restored = false;
  let rechecked = false;
  for (let rounds = 0; rounds < 100_000; rounds++) {
    stopIfAsked(signal);
    const sync = (await db.sync.get('this'))!;
    const sentAt = Date.now();
    const answer = await call<PullResponse>(db, transport, '/pull', { after: sync.cursor, afterId: sync.cursorEventId, limit: PULL_PAGE }, asDevice(device));
    restored = (await heard(db, answer, sentAt)) || restored;
    if (answer.reset) {
      await pullAgain(db, false);
      restored = true;
      continue;
    }
    const anchor = (await anchorOf(db))!;
    const peers: PeerRow[] = [];
    const keys = new Map((await db.peers.toArray()).map((p) => [p.deviceId, p.enrolment.enrolment.device.publicKey]));
    for (const signed of Array.isArray(answer.devices) ? answer.devices : []) {
      if (signed?.enrolment?.adminKey !== anchor || signed.enrolment.office?.id !== device.office.id || !(await enrolmentIsSigned(signed))) continue;
      keys.set(signed.enrolment.device.id, signed.enrolment.device.publicKey);
      // Only a head the device itself signed is kept to pass on in transfer files.
      const head = (Array.isArray(answer.heads) ? answer.heads : []).find((h) => h?.deviceId === signed.enrolment.device.id);
      const genuine = head && (await headSignedBy(head, signed.enrolment.device.publicKey));
      peers.push({ deviceId: signed.enrolment.device.id, enrolment: signed, ...(genuine ? { head } : {}) });
    }
    const entries = Array.isArray(answer.entries) ? answer.entries : [];
    const page = screenPage(entries, sync.cursor, await chainView(db, entries, keys, device.office.id));
    // A page whose first entry is missing or out of place carries nothing this device can take.
    if (entries.length && page.through === sync.cursor) throw new DomainError('sync.pageBroken');
    await applyPage(db, page, peers, anchor, new Date());
    progress(page.through - sync.cursor, answer.last - page.through);
    if (!entries.length || page.through >= answer.last) {
      // Entries kept apart are pulled again at each sync, on a whole pull, until the hub serves them whole.
      if (!rechecked && (await db.refused.where('seq').above(0).count())) {
        rechecked = true;
        await pullAgain(db, true);
        continue;
      }
      return { restored, ownSeq: answer.ownSeq };
    }
  }
  return { restored, ownSeq: 0 };
}

/** A person stopped the sync: between two batches, each of which was whole. */
function stopIfAsked(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new DomainError('sync.stopped');
}

/**
 * One sync with the hub: push this device's outbox, pass on what it carries for others, pull the
 * office log. Safe to stop at any point (the signal) and to run again: every step is idempotent.
 */
export async function syncNow(db: KenseDb, transport: HubTransport, onProgress: (p: SyncProgress) => void = () => {}, signal?: AbortSignal): Promise<void> {
  const sync = await db.sync.get('this');
  if (!sync || sync.join) throw new DomainError('sync.noHub');
  const device = (await db.device.get('this'))!;
  const progress: SyncProgress = { done: 0, total: device.lastSeq - sync.pushedSeq };
  try {
    // What this device carries for others goes first: a person's record from the administrator's chain
    // must be numbered before the work it lets them do.
    await relay(db, transport);
    await pushOwn(db, transport, () => onProgress({ ...progress, done: (progress.done += PUSH_BATCH) }), signal);
    const pulled = await pullAll(db, transport, (page, left) => onProgress({ done: (progress.done += page), total: (progress.total = progress.done + left) }), signal);
    const after = (await db.sync.get('this'))!;
    if (pulled.ownSeq < after.pushedSeq) {
      // The hub lost some of this device's events (restored from a backup): push them again.
      await db.sync.update('this', { pushedSeq: pulled.ownSeq });
      await pushOwn(db, transport, () => {});
    }
    if (pulled.restored) await db.transaction('rw', SYNC_TABLES(db), async () => refold(db, await db.cases.toCollection().primaryKeys()));
    await raiseStageFloors(db, new Date().toISOString());
    await db.sync.update('this', { lastSyncAt: new Date().toISOString(), lastError: null });
  } catch (error) {
    await db.sync.update('this', { lastError: error instanceof DomainError ? { code: error.code, params: error.params } : { code: 'sync.unreachable', params: {} } });
    throw error;
  }
}

// ---- Conflicts ----

export interface Conflict {
  key: string;
  /** The log number, for an entry the head may release; null for a fork met in a transfer file. */
  seq: number | null;
  /** 'refused': kept apart, not its device's chain or refused by the rulebook in a transfer file. */
  status: EntryStatus | 'refused';
  reason: Reason | null;
  /** Null for an entry too broken to read. */
  event: ChainEvent | null;
}

/**
 * What the head must see: each event's latest entry in the office log when it is not simply
 * accepted (refused by the hub or by this device, flagged, held, quarantined), then the forks met
 * in transfer files, then what was kept apart. A held event the head released shows no more once
 * the hub admitted it again.
 */
export async function openConflicts(db: KenseDb): Promise<Conflict[]> {
  const rows = await db.log.where('status').anyOf('rejected', 'flagged', 'held', 'quarantined').reverse().sortBy('seq');
  const latest = await Promise.all(rows.map(async (r) => (await db.log.where('eventId').equals(r.eventId).last())?.seq === r.seq || r.status === 'quarantined'));
  const open = rows.filter((_, i) => latest[i]);
  const events = await db.events.bulkGet(open.map((r) => r.eventId));
  const forks = await db.forks.toArray();
  const refused = await db.refused.orderBy('seq').reverse().toArray();
  return [
    ...open.map((r, i) => ({ key: `log-${r.seq}`, seq: r.seq, status: r.status, reason: r.byDevice ?? r.reason, event: r.event ?? events[i]! })),
    ...forks.map((f) => ({ key: `fork-${f.id}`, seq: null, status: 'quarantined' as const, reason: { code: 'sync.logMismatch' as const, params: { deviceSeq: f.event.deviceSeq } }, event: f.event })),
    ...refused.map((r) => ({ key: `refused-${r.key}`, seq: r.seq || null, status: 'refused' as const, reason: r.reason, event: r.event })),
  ];
}

/** The head lets in an event the hub held for its device's wrong clock; the hub admits it again at the next sync. */
export async function releaseHeld(db: KenseDb, head: Actor, conflict: Conflict, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'releaseHeld', head);
  if (conflict.status !== 'held' || conflict.seq === null || !conflict.event) throw new DomainError('sync.badRequest', { detail: 'not a held event' });
  await recordOfficeEvent(db, head, { type: 'office.heldReleased', payload: { seq: conflict.seq, eventId: conflict.event.id } }, now);
}

// ---- Bundles: the same chains on a USB stick ----

/** Every chain this device holds, each closed by its device's signed head, with the office's enrolments to check them by. */
export async function exportBundle(db: KenseDb, now = new Date()): Promise<Bundle> {
  const device = await deviceWithKey(db);
  const segments: Segment[] = [];
  const own = await db.events.where('[deviceId+deviceSeq]').between([device.deviceId, Dexie.minKey], [device.deviceId, Dexie.maxKey]).toArray();
  if (own.length) segments.push({ deviceId: device.deviceId, events: own, head: await signHead(signerOf(device.deviceKey), own.at(-1)!) });
  const peers = await db.peers.toArray();
  for (const peer of peers) {
    if (peer.deviceId === device.deviceId || !peer.head) continue;
    const events = await db.events.where('[deviceId+deviceSeq]').between([peer.deviceId, 1], [peer.deviceId, peer.head.deviceSeq], true, true).toArray();
    if (events.length === peer.head.deviceSeq && events.at(-1)!.hash === peer.head.hash) segments.push({ deviceId: peer.deviceId, events, head: peer.head });
  }
  return { format: 'kense-bundle/1', officeId: device.office.id, exportedBy: device.deviceId, createdAt: now.toISOString(), segments, devices: peers.map((p) => p.enrolment) };
}

/** The bundle sealed with the office key, as the file's text; the export is recorded in the audit trail. */
export async function exportSealedBundle(db: KenseDb, actor: Actor, what: 'transfer' | 'backup', now = new Date()): Promise<string> {
  const key = db.officeKey;
  if (!key) throw new DomainError('auth.locked');
  const bundle = await exportBundle(db, now);
  const file: SealedBundle = { format: 'kense-sealed-bundle/1', officeId: bundle.officeId, createdAt: bundle.createdAt, sealed: toBase64(sealBytes(key, new TextEncoder().encode(JSON.stringify(bundle)))) };
  await recordAudit(db, actor, { type: 'office.exported', payload: { what, count: bundle.segments.reduce((n, s) => n + s.events.length, 0) } }, now);
  return JSON.stringify(file);
}

/**
 * Takes a transfer file or restores a backup. It opens only with this office's key, and goes
 * through importBundle: events already here are skipped and nothing here is overwritten.
 */
export async function importSealedBundle(db: KenseDb, text: string, now = new Date()): Promise<ImportSummary> {
  const key = db.officeKey;
  if (!key) throw new DomainError('auth.locked');
  let file: SealedBundle;
  try {
    file = sealedBundleSchema.parse(JSON.parse(text));
  } catch {
    throw new DomainError('sync.bundleInvalid');
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(new TextDecoder().decode(openBytes(key, fromBase64(file.sealed))));
  } catch {
    throw new DomainError('backup.wrongOffice');
  }
  return importBundle(db, bundle, now);
}

export interface ImportSummary {
  added: number;
  known: number;
  forks: number;
  /** Segments that start after a gap in what this device holds; their earlier events must come first. */
  gaps: number;
}

/**
 * Takes a bundle from another device of the office. Every segment must carry its device's
 * signature over the head; events already here are skipped, another event under a known
 * (device, seq) is kept aside as a fork, and nothing beyond a gap is taken.
 */
export async function importBundle(db: KenseDb, data: unknown, now = new Date()): Promise<ImportSummary> {
  const parsed = bundleSchema.safeParse(data);
  if (!parsed.success) throw new DomainError('sync.bundleInvalid');
  const device = await deviceWithKey(db);
  if (parsed.data.officeId !== device.office.id) throw new DomainError('sync.bundleOtherOffice');
  const anchor = await anchorOf(db);
  const keys = new Map<string, string>([[device.deviceId, device.deviceKey.publicKey]]);
  for (const peer of await db.peers.toArray()) keys.set(peer.deviceId, peer.enrolment.enrolment.device.publicKey);
  const newPeers: PeerRow[] = [];
  for (const signed of parsed.data.devices) {
    if (signed.enrolment.adminKey === anchor && signed.enrolment.office.id === device.office.id && (await enrolmentIsSigned(signed))) {
      keys.set(signed.enrolment.device.id, signed.enrolment.device.publicKey);
      newPeers.push({ deviceId: signed.enrolment.device.id, enrolment: signed });
    }
  }
  const segments: Segment[] = [];
  for (const segment of parsed.data.segments) {
    const key = keys.get(segment.deviceId);
    const linked = segment.events.every((e, i) => hashHolds(e) && (i === 0 || e.prevHash === segment.events[i - 1]!.hash));
    if (!key || !linked || !(await headSignedBy(segment.head, key))) throw new DomainError('sync.bundleInvalid');
    segments.push(segment);
  }
  // The events judged by the rulebook against the office as this device has it: provisional, until the hub numbers them.
  let fold = await deviceFold(db, anchor!);
  const genuine = await genuineSignatures(segments.flatMap((s) => s.events), anchor!, fold.registry);
  const summary: ImportSummary = { added: 0, known: 0, forks: 0, gaps: 0 };
  await db.transaction('rw', [...SYNC_TABLES(db), db.forks], async () => {
    fold = await deviceFold(db, anchor!);
    const touched = new Set<string>();
    for (const peer of newPeers) await db.peers.put({ ...(await db.peers.get(peer.deviceId)), ...peer });
    for (const segment of segments) {
      const chain = db.events.where('[deviceId+deviceSeq]');
      let last = await chain.between([segment.deviceId, Dexie.minKey], [segment.deviceId, Dexie.maxKey]).last();
      for (const event of segment.events) {
        const held = await chain.equals([event.deviceId, event.deviceSeq]).first();
        if (held) {
          if (held.hash === event.hash) summary.known++;
          else {
            summary.forks++;
            await db.forks.put({ id: event.id, event, knownHash: held.hash, foundAt: now.toISOString() });
            break;
          }
        } else if (event.deviceSeq === (last?.deviceSeq ?? 0) + 1 && event.prevHash === (last?.hash ?? null) && event.officeId === device.office.id && !(await db.events.where('id').equals(event.id).count())) {
          await db.events.add(event);
          last = event;
          summary.added++;
          const refusal = officeVerdict(event, fold, genuine);
          if (refusal) {
            await db.refused.put({ key: `bundle:${event.id}`, seq: 0, eventId: event.id, event, reason: refusal.reason, foundAt: now.toISOString(), source: 'bundle' });
          } else if (isOfficeEvent(event)) {
            fold = foldOffice(fold, event);
            await applyOfficeEvent(db, event, anchor!);
          }
          if (!isOfficeEvent(event)) touched.add(event.caseId);
        } else {
          summary.gaps++;
          break;
        }
      }
      if (segment.deviceId !== device.deviceId && last?.hash === segment.head.hash) await db.peers.update(segment.deviceId, { head: segment.head });
    }
    await refold(db, [...touched]);
  });
  return summary;
}
