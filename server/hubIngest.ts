import {
  admitEvent,
  DomainError,
  genuineSignatures,
  type Genuine,
  hashHolds,
  headSignedBy,
  notificationOf,
  type CaseEvent,
  type CaseState,
  type ChainEvent,
  type LogEntry,
  type OfficeFold,
  type PushRequest,
  type Reason,
  type Segment,
  type SignedRegistry,
} from '../shared';
import type { Sql } from './hubDb';
import { notificationRow } from './hubNotifications';

/*
 * Ingest (DESIGN.md "Sync"): each push is one transaction. A known (device, seq) with the same
 * hash is acknowledged and ignored, another hash is a fork and is quarantined, a gap is refused,
 * and each new event is admitted by the rulebook and numbered in its office's log.
 */

/** What admission reads besides the database: the hub's clock, and the offices' time zone for the applicants' messages. */
export interface HubClock {
  clock: () => number;
  offsetMinutes: number;
  /** The NCA RK roots (DER) an NCA RK signature must chain to. */
  ncaRoots: readonly Uint8Array[];
}

interface DeviceRecord {
  id: string;
  office_id: string;
  public_key: string;
  last_seq: number;
  last_hash: string | null;
  nonce: number;
  revoked: unknown;
}

export interface OfficeRecord {
  id: string;
  admin_key: string;
  registry: SignedRegistry | null;
  staff: OfficeFold['staff'] | null;
  trips: OfficeFold['trips'] | null;
  last_seq: number;
}

/**
 * An office inside one push: its log rows and case states are written together at the end of each
 * segment (or before anything reads the log), a few statements for hundreds of events.
 */
interface OfficeWrites extends OfficeRecord {
  /** The office as the log stands, for the rules. */
  fold: OfficeFold;
  /** Event ids numbered in this push, and by whose (device, seq). */
  ids: Map<string, string>;
  log: unknown[][];
  notifications: unknown[][];
  states: Map<string, CaseState | undefined>;
  changed: Set<string>;
}

/** Takes a push; returns how far the hub now holds each of its devices' chains. */
export async function ingestPush(sql: Sql, at: HubClock, officeId: string, request: PushRequest): Promise<Record<string, number>> {
  return sql.transaction(async (tx) => {
    // One writer per office at a time, so the log numbers stay dense.
    const [row] = await tx.query<OfficeRecord>('select * from offices where id = $1 for update', [officeId]);
    if (!row) throw new DomainError('sync.notEnrolled');
    const fold = { adminKey: row.admin_key, registry: row.registry, staff: row.staff ?? {}, trips: row.trips ?? {} };
    const office: OfficeWrites = { ...row, fold, ids: new Map(), log: [], notifications: [], states: new Map(), changed: new Set() };
    const chains: Record<string, number> = {};
    for (const segment of request.segments) chains[segment.deviceId] = await ingest(at, tx, office, segment);
    await flush(tx, office);
    await tx.query('update offices set last_seq = $2, registry = $3, staff = $4, trips = $5 where id = $1', [
      office.id,
      office.last_seq,
      JSON.stringify(office.fold.registry),
      JSON.stringify(office.fold.staff),
      JSON.stringify(office.fold.trips),
    ]);
    return chains;
  });
}

/** What the hub holds that a segment's events meet: their cases' states, the owners of their ids, and the device's own entries from the segment's first seq. */
interface Known {
  kind: 'case' | 'owner' | 'chain' | 'fork';
  key: string | null;
  state: CaseState | null;
  device_id: string | null;
  device_seq: number | null;
  hash: string | null;
}

// One read for all a segment needs before its events are decided; each part stays on an index.
const KNOWN = `select 'case' as kind, id as key, state, null::text as device_id, null::integer as device_seq, null::text as hash from cases where office_id = $1 and id = any($2)
  union all select 'owner', event_id, null, device_id, device_seq, null from log where office_id = $1 and event_id = any($3) and status <> 'quarantined'
  union all select 'fork', null, null, null, device_seq, hash from log where office_id = $1 and device_id = $4 and device_seq >= $5 and status = 'quarantined'`;
// A segment that repeats what the hub holds (its answer was lost) reads those entries too; no index covers held entries, so only then.
const REPEATED = ` union all select 'chain', null, null, null, device_seq, hash from log where office_id = $1 and device_id = $4 and device_seq between $5 and $6 and status <> 'quarantined'`;

/** Ingests one device's segment; returns how far the hub now holds that device's chain. */
async function ingest(at: HubClock, tx: Sql, office: OfficeWrites, segment: Segment): Promise<number> {
  const [device] = await tx.query<DeviceRecord>('select * from devices where id = $1 and office_id = $2 for update', [segment.deviceId, office.id]);
  if (!device) throw new DomainError('sync.notEnrolled');
  // Relayed by another device or not, a revoked device's chain takes nothing more.
  if (device.revoked) throw new DomainError('sync.deviceRevoked');
  const first = segment.events[0]!;
  const unread = [...new Set(segment.events.map((e) => e.caseId))].filter((id) => !office.states.has(id));
  // The database reads what the events meet while the segment is checked; a segment refused leaves the read unused.
  const reading =
    first.deviceSeq > device.last_seq
      ? tx.query<Known>(KNOWN, [office.id, unread, segment.events.map((e) => e.id), device.id, first.deviceSeq])
      : tx.query<Known>(KNOWN + REPEATED, [office.id, unread, segment.events.map((e) => e.id), device.id, first.deviceSeq, device.last_seq]);
  reading.catch(() => {});
  if (!(await headSignedBy(segment.head, device.public_key))) throw new DomainError('sync.badSignature');
  if (first.deviceSeq > device.last_seq + 1) throw new DomainError('sync.gap', { deviceId: device.id, expected: device.last_seq + 1 });
  // The head signature covers the last event; the links and hashes carry it back to the first.
  const broken = segment.events.findIndex((e, i) => !hashHolds(e) || (i > 0 && e.prevHash !== segment.events[i - 1]!.hash));
  if (broken >= 0) throw new DomainError('sync.badRequest', { detail: `event ${segment.events[broken]!.deviceSeq} does not hold its hash or link` });
  for (const id of unread) office.states.set(id, undefined);
  const genuine = await genuineSignatures(segment.events, office.admin_key, office.fold.registry, at.ncaRoots);
  const known = await reading;
  /** The hash the hub holds at each of the device's seqs this segment repeats. */
  const held = new Map<number, string>();
  /** The forks kept apart already, as `seq:hash`. */
  const forks = new Set<string>();
  for (const row of known) {
    if (row.kind === 'case') office.states.set(row.key!, row.state!);
    // An id names one event of the office: whose each of these already is.
    else if (row.kind === 'owner' && !office.ids.has(row.key!)) office.ids.set(row.key!, `${row.device_id}:${row.device_seq}`);
    else if (row.kind === 'chain') held.set(row.device_seq!, row.hash!);
    else if (row.kind === 'fork') forks.add(`${row.device_seq}:${row.hash}`);
  }
  const start = office.last_seq;
  let headSeq: number | null = null;
  let forked = false;
  for (const event of segment.events) {
    if (event.deviceSeq <= device.last_seq) {
      const hash = held.get(event.deviceSeq)!;
      if (hash === event.hash) continue;
      forked = true;
      quarantine(office, forks, event, hash);
    } else if (forked || event.prevHash !== device.last_hash) {
      forked = true;
      quarantine(office, forks, event, device.last_hash);
    } else {
      const seq = await admit(at, tx, office, event, genuine);
      if (event.hash === segment.head.hash) headSeq = seq;
      device.last_seq = event.deviceSeq;
      device.last_hash = event.hash;
    }
  }
  const headHeld = segment.head.deviceSeq === device.last_seq && segment.head.hash === device.last_hash;
  // The push's last entry closes it, and the head's entry carries the head: set on the rows still to write, else written over.
  if (office.last_seq > start && !mark(office, office.last_seq, CLOSES, true)) await tx.query('update log set closes = true where office_id = $1 and seq = $2', [office.id, office.last_seq]);
  if (headSeq !== null && !mark(office, headSeq, HEAD, JSON.stringify(segment.head))) await tx.query('update log set head = $3 where office_id = $1 and seq = $2', [office.id, headSeq, JSON.stringify(segment.head)]);
  await flush(tx, office);
  const [forksHeld] = await tx.query<{ top: number | null }>(
    `update devices set last_seq = $3, last_hash = $4${headHeld ? ', head = $5' : ''} where id = $1 and office_id = $2
     returning (select max(device_seq) from log where office_id = $2 and device_id = $1 and status = 'quarantined') as top`,
    [device.id, office.id, device.last_seq, device.last_hash, ...(headHeld ? [JSON.stringify(segment.head)] : [])],
  );
  return Math.max(device.last_seq, forksHeld?.top ?? 0);
}

/** The log's columns as written. */
const LOG_COLUMNS = ['office_id', 'seq', 'device_id', 'device_seq', 'case_id', 'hash', 'status', 'reason', 'event', 'known_hash', 'bytes', 'event_id', 'closes', 'head'];
const CLOSES = LOG_COLUMNS.indexOf('closes');
const HEAD = LOG_COLUMNS.indexOf('head');

/** Numbers an entry in the office log; returns its number. */
function append(office: OfficeWrites, event: ChainEvent, status: LogEntry['status'], reason: Reason | null, knownHash: string | null = null): number {
  office.last_seq += 1;
  const json = JSON.stringify(event);
  office.log.push([office.id, office.last_seq, event.deviceId, event.deviceSeq, event.caseId, event.hash, status, reason && JSON.stringify(reason), json, knownHash, Buffer.byteLength(json), event.id, false, null]);
  if (status !== 'quarantined' && !office.ids.has(event.id)) office.ids.set(event.id, `${event.deviceId}:${event.deviceSeq}`);
  return office.last_seq;
}

/** Sets a column of the log entry `seq` while it is still to be written; false once it is written. */
function mark(office: OfficeWrites, seq: number, column: number, value: unknown): boolean {
  const row = office.log[office.log.length - 1 - (office.last_seq - seq)];
  if (row) row[column] = value;
  return row !== undefined;
}

/**
 * Inserts rows as multi-row statements, a thousand rows each: PostgreSQL takes at most 65,535
 * parameters a statement. (Arrays a column through unnest measured three times slower: the
 * events' JSON is escaped into array text and parsed back.)
 */
async function insertRows(tx: Sql, table: string, columns: string[], rows: unknown[][], tail = '') {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await tx.query(
      `insert into ${table} (${columns.join(', ')}) values ${chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ')}${tail}`,
      chunk.flat(),
    );
  }
}

/** Writes the log rows, messages and case states gathered so far, in the push's transaction. */
async function flush(tx: Sql, office: OfficeWrites) {
  await insertRows(tx, 'log', LOG_COLUMNS, office.log);
  const notifications = ['office_id', 'event_id', 'case_id', 'reg_number', 'phone', 'kind', 'text', 'happened_at', 'queued_at', 'status'];
  await insertRows(tx, 'notifications', notifications, office.notifications, ' on conflict (office_id, event_id) do nothing');
  const changed = [...office.changed].map((id) => [office.id, id, JSON.stringify(office.states.get(id))]);
  await insertRows(tx, 'cases', ['office_id', 'id', 'state'], changed, ' on conflict (office_id, id) do update set state = excluded.state');
  office.log = [];
  office.notifications = [];
  office.changed.clear();
}

/** A second event under a (device, seq) the hub holds: kept apart and reported, never merged; once. */
function quarantine(office: OfficeWrites, forks: Set<string>, event: ChainEvent, knownHash: string | null) {
  const fork = `${event.deviceSeq}:${event.hash}`;
  if (forks.has(fork)) return;
  forks.add(fork);
  append(office, event, 'quarantined', { code: 'sync.logMismatch', params: { deviceSeq: event.deviceSeq } }, knownHash);
}

/** Decides a new event by the rulebook, against the office and its case as the log stands; returns its log number. */
async function admit(at: HubClock, tx: Sql, office: OfficeWrites, event: ChainEvent, genuine: Genuine, released = false): Promise<number> {
  if (event.officeId !== office.id) return append(office, event, 'rejected', { code: 'sync.bundleOtherOffice', params: {} });
  const owner = office.ids.get(event.id);
  if (owner && owner !== `${event.deviceId}:${event.deviceSeq}`) return append(office, event, 'rejected', { code: 'sync.duplicateId', params: { eventId: event.id } });
  if (!office.states.has(event.caseId)) {
    const [row] = await tx.query<{ state: CaseState }>('select state from cases where office_id = $1 and id = $2', [office.id, event.caseId]);
    office.states.set(event.caseId, row?.state);
  }
  const admission = admitEvent(event, office.states.get(event.caseId), office.fold, genuine, released ? null : at.clock());
  if ('reason' in admission) return append(office, event, admission.status, admission.reason);
  if (admission.state) {
    const notification = notificationOf(office.states.get(event.caseId), admission.state, event as CaseEvent, at.offsetMinutes);
    if (notification) office.notifications.push(notificationRow(office.id, notification, at.clock()));
    office.states.set(event.caseId, admission.state);
    office.changed.add(event.caseId);
  }
  if (admission.office) office.fold = admission.office;
  const seq = append(office, event, admission.status, null);
  if (event.type === 'office.heldReleased') await release(at, tx, office, event.payload.seq, event.payload.eventId);
  if (event.type === 'office.deviceRevoked') {
    const revoked = { at: new Date(at.clock()).toISOString(), by: event.actor, reason: event.payload.reason };
    await tx.query('update devices set revoked = $3 where id = $1 and office_id = $2', [event.payload.deviceId, office.id, JSON.stringify(revoked)]);
  }
  return seq;
}

/** Admits again, clock aside, an event held at `seq`, unless it was released before. */
async function release(at: HubClock, tx: Sql, office: OfficeWrites, seq: number, eventId: string) {
  await flush(tx, office);
  const [held] = await tx.query<{ event: ChainEvent }>("select event from log where office_id = $1 and seq = $2 and status = 'held'", [office.id, seq]);
  if (held?.event.id !== eventId) return;
  const [again] = await tx.query("select 1 from log where office_id = $1 and device_id = $2 and device_seq = $3 and status not in ('held', 'quarantined')", [office.id, held.event.deviceId, held.event.deviceSeq]);
  if (!again) await admit(at, tx, office, held.event, await genuineSignatures([held.event], office.admin_key, office.fold.registry, at.ncaRoots), true);
}
