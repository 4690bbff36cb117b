import {
  admitEvent,
  emptyOfficeFold,
  foldOffice,
  genuineSignatures,
  type OfficeFold,
  DomainError,
  enrolmentIsSigned,
  headSignedBy,
  readAuthHeader,
  requestBytes,
  fromBase64,
  hashHolds,
  notificationOf,
  type ApplicantNotification,
  type CaseEvent,
  type NotificationKind,
  type NotificationQueue,
  type NotificationStatus,
  verifyEs256,
  type CaseState,
  type ChainEvent,
  type ChainHead,
  type JoinRequest,
  type LogEntry,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Reason,
  type Segment,
  type SignedEnrolment,
  type SignedRegistry,
  type TrustFile,
} from '../shared';
import type { Sql } from './hubDb';
import { OFFSET_MINUTES } from './resources';

/** Each step of the schema, applied once, in order, at start; the same SQL on PGlite and PostgreSQL. */
const MIGRATIONS = [
  `create table hub (id integer primary key check (id = 1), epoch text not null, schema integer not null);
   create table offices (id text primary key, code text not null, admin_key text not null, registry jsonb, last_seq integer not null default 0);
   create table devices (
     id text primary key, office_id text not null references offices (id), code text not null, public_key text not null,
     enrolment jsonb not null, last_seq integer not null default 0, last_hash text, head jsonb, nonce integer not null default 0,
     unique (office_id, code));
   create table joins (device_id text primary key, office_code text not null, public_key text not null, label text not null,
     requested_at timestamptz not null default now(), nonce integer not null default 0);
   -- The office log: every event the hub met, numbered densely per office, with what it did with it.
   create table log (
     office_id text not null references offices (id), seq integer not null, device_id text not null, device_seq integer not null,
     case_id text not null, hash text not null, status text not null, reason jsonb, event jsonb not null, known_hash text,
     primary key (office_id, seq));
   create unique index log_chain on log (device_id, device_seq) where status <> 'quarantined';
   create unique index log_fork on log (device_id, device_seq, hash) where status = 'quarantined';
   -- The hub's fold of each case, to admit the next event against.
   create table cases (office_id text not null, id text not null, state jsonb not null, primary key (office_id, id));`,
  // A held event the head releases is admitted again under a new number: its held entry stays, the second one counts.
  `drop index log_chain;
   create unique index log_chain on log (device_id, device_seq) where status not in ('quarantined', 'held');`,
  // The messages to applicants, one per status change, until the sink takes them (or for good, without a sink).
  `create table notifications (
     office_id text not null, event_id text not null, case_id text not null, reg_number text not null, phone text not null,
     kind text not null, text jsonb not null, happened_at text not null, queued_at text not null,
     status text not null, attempts integer not null default 0, last_error text, sent_at text,
     primary key (office_id, event_id));
   create index notifications_queued on notifications (status, queued_at);`,
  // Each entry's size, so a pull page is cut by bytes without printing every event again.
  `alter table log add column bytes integer;`,
  // The office as its log made it (staff, trips), for the rules; event ids, unique per office; the
  // head each push closed with, so a pull page ends where its events are covered by a signed head.
  `alter table offices add column staff jsonb;
   alter table offices add column trips jsonb;
   alter table log add column event_id text;
   alter table log add column head jsonb;
   alter table log add column closes boolean not null default true;
   update log set event_id = event->>'id';
   update log set head = d.head from devices d
     where d.head is not null and log.device_id = d.id and log.device_seq = (d.head->>'deviceSeq')::integer and log.status <> 'quarantined';
   create index log_event on log (office_id, event_id);`,
  // The rules now read each person's name too (a person's own record may change only its password): fold again.
  `update offices set staff = null;`,
];

/** A pull page holds events up to about this much JSON: what a modest PC parses at once, and a slow link carries. */
export const PULL_BYTES = 8 * 1024 * 1024;

/** A message older than this when its event reaches the hub is kept, not sent: the applicant has heard of later changes since. */
export const NOTIFY_WITHIN_MS = 7 * 24 * 3_600_000;
/** A message the sink refused this many times stops being tried and shows as failed. */
export const NOTIFY_ATTEMPTS = 5;

/** Where the hub hands messages to applicants: a file, a webhook (notifySink.ts); it throws when the message was not taken. */
export type NotificationSink = { kind: NonNullable<NotificationQueue['sink']>; send: (notification: ApplicantNotification) => Promise<void> };

/** The trust anchors the hub accepts offices by: the shipped trust files and those in its trust folder. */
export type TrustSource = () => Promise<TrustFile>;

interface DeviceRecord {
  id: string;
  office_id: string;
  public_key: string;
  last_seq: number;
  last_hash: string | null;
  nonce: number;
}

interface OfficeRecord {
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

interface NotificationRow {
  office_id: string;
  event_id: string;
  case_id: string;
  reg_number: string;
  phone: string;
  kind: NotificationKind;
  text: ApplicantNotification['text'];
  happened_at: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
}

const notificationOfRow = (row: NotificationRow): ApplicantNotification => ({
  eventId: row.event_id,
  caseId: row.case_id,
  regNumber: row.reg_number,
  phone: row.phone,
  kind: row.kind,
  at: row.happened_at,
  text: row.text,
});

const refuse = (code: Reason['code'], params: Reason['params'] = {}) => new DomainError(code, params);

/**
 * The sync hub (DESIGN.md "Sync"). Each push is one transaction: a known (device, seq) with the
 * same hash is acknowledged and ignored, another hash is a fork and is quarantined, a gap is
 * refused, and each new event is admitted by the domain and numbered in its office's log.
 */
export class Hub {
  /** A round of deliveries is running: the next waits for the timer, so no message is sent twice at once. */
  private delivering = false;

  private constructor(
    private readonly sql: Sql,
    private readonly trust: TrustSource,
    readonly epoch: string,
    private readonly clock: () => number,
    private readonly offsetMinutes: number,
    private readonly sink: NotificationSink | null,
  ) {}

  /** Opens the hub on its database, migrating it first. `restored` starts a new epoch after a restore from backup. */
  static async open(sql: Sql, trust: TrustSource, options: { restored?: boolean; clock?: () => number; offsetMinutes?: number; sink?: NotificationSink } = {}): Promise<Hub> {
    const epoch = await sql.transaction(async (tx) => {
      await tx.query('create table if not exists hub_schema (id integer primary key check (id = 1), version integer not null)');
      const [row] = await tx.query<{ version: number }>('select version from hub_schema where id = 1 for update');
      for (let v = row?.version ?? 0; v < MIGRATIONS.length; v++) for (const statement of MIGRATIONS[v]!.split(/;\s*$/m).filter((s) => s.trim())) await tx.query(statement);
      await tx.query('insert into hub_schema (id, version) values (1, $1) on conflict (id) do update set version = $1', [MIGRATIONS.length]);
      if (options.restored) await tx.query('delete from hub');
      await tx.query('insert into hub (id, epoch, schema) values (1, $1, $2) on conflict (id) do nothing', [crypto.randomUUID(), MIGRATIONS.length]);
      // Offices from before the rules read the office's people: fold them once from their logs.
      for (const office of await tx.query<{ id: string; admin_key: string; registry: SignedRegistry | null }>('select id, admin_key, registry from offices where staff is null')) {
        let fold = emptyOfficeFold(office.admin_key);
        for (const row of await tx.query<{ event: ChainEvent }>("select event from log where office_id = $1 and case_id = 'office' and status = 'accepted' order by seq", [office.id])) fold = foldOffice(fold, row.event);
        await tx.query('update offices set staff = $2, trips = $3 where id = $1', [office.id, JSON.stringify(fold.staff), JSON.stringify(fold.trips)]);
      }
      return (await tx.query<{ epoch: string }>('select epoch from hub where id = 1'))[0]!.epoch;
    });
    return new Hub(sql, trust, epoch, options.clock ?? Date.now, options.offsetMinutes ?? OFFSET_MINUTES, options.sink ?? null);
  }

  close() {
    return this.sql.close();
  }

  private now() {
    return new Date(this.clock()).toISOString();
  }

  // ---- Who may talk to the hub ----

  /** Checks a device's request signature and that its nonce was never used, and records the nonce. */
  async authenticate(header: string | undefined, method: string, path: string, body: string, joining = false): Promise<{ deviceId: string; officeId: string | null }> {
    const auth = readAuthHeader(header);
    if (!auth) throw refuse('sync.notEnrolled');
    const table = joining ? 'joins' : 'devices';
    const [row] = await this.sql.query<{ public_key: string; nonce: number; office_id?: string }>(`select * from ${table} where ${joining ? 'device_id' : 'id'} = $1`, [auth.deviceId]);
    if (!row) throw refuse(joining ? 'sync.joinUnknown' : 'sync.notEnrolled');
    let genuine = false;
    try {
      genuine = await verifyEs256(row.public_key, requestBytes(method, path, auth.deviceId, auth.nonce, body), fromBase64(auth.signature));
    } catch {
      // Not base64: no signature at all.
    }
    if (!genuine) throw refuse('sync.badSignature');
    const [fresh] = await this.sql.query(`update ${table} set nonce = $2 where ${joining ? 'device_id' : 'id'} = $1 and nonce < $2 returning nonce`, [auth.deviceId, auth.nonce]);
    if (!fresh) throw refuse('sync.replay', { nonce: row.nonce });
    return { deviceId: auth.deviceId, officeId: row.office_id ?? null };
  }

  /** An office the hub trusts by its anchor: already known, or found in the trust files now. */
  private async trustedAnchor(officeId: string, adminKey: string): Promise<boolean> {
    const [known] = await this.sql.query<{ admin_key: string }>('select admin_key from offices where id = $1', [officeId]);
    if (known) return known.admin_key === adminKey;
    const trust = await this.trust();
    return trust.offices.some((o) => o.adminKey === adminKey && o.registry.registry.office.id === officeId);
  }

  /** The administrator enrols a device (its own, or one that asked to join): the record is the authority. */
  async enrol(signed: SignedEnrolment): Promise<void> {
    const { office, device, adminKey } = signed.enrolment;
    if (!(await enrolmentIsSigned(signed))) throw refuse('sync.enrolmentInvalid');
    if (!(await this.trustedAnchor(office.id, adminKey))) throw refuse('sync.officeUnknown', { office: office.code });
    await this.sql.transaction(async (tx) => {
      await tx.query('insert into offices (id, code, admin_key) values ($1, $2, $3) on conflict (id) do nothing', [office.id, office.code, adminKey]);
      const [taken] = await tx.query<{ id: string }>('select id from devices where office_id = $1 and code = $2', [office.id, device.code]);
      if (taken && taken.id !== device.id) throw refuse('sync.deviceCodeTaken', { code: device.code });
      const [existing] = await tx.query<{ public_key: string; office_id: string }>('select public_key, office_id from devices where id = $1', [device.id]);
      if (existing && (existing.public_key !== device.publicKey || existing.office_id !== office.id)) throw refuse('sync.enrolmentInvalid');
      await tx.query(
        `insert into devices (id, office_id, code, public_key, enrolment) values ($1, $2, $3, $4, $5)
         on conflict (id) do update set enrolment = excluded.enrolment`,
        [device.id, office.id, device.code, device.publicKey, JSON.stringify(signed)],
      );
    });
  }

  /** A new device asks to join an office; the administrator sees it on their sync screen. */
  async requestJoin(request: JoinRequest): Promise<void> {
    await this.sql.query(
      `insert into joins (device_id, office_code, public_key, label) values ($1, $2, $3, $4)
       on conflict (device_id) do update set office_code = excluded.office_code, label = excluded.label where joins.public_key = excluded.public_key`,
      [request.deviceId, request.officeCode, request.publicKey, request.label],
    );
  }

  /** The requests to join this device's office that are not enrolled yet. */
  async pendingJoins(officeId: string): Promise<JoinRequest[]> {
    const rows = await this.sql.query<{ device_id: string; office_code: string; public_key: string; label: string }>(
      `select j.* from joins j join offices o on o.code = j.office_code where o.id = $1 and not exists (select 1 from devices d where d.id = j.device_id) order by j.requested_at`,
      [officeId],
    );
    return rows.map((r) => ({ deviceId: r.device_id, officeCode: r.office_code, publicKey: r.public_key, label: r.label }));
  }

  /** The joining device's enrolment, once the administrator has signed it. */
  async enrolmentOf(deviceId: string): Promise<SignedEnrolment | null> {
    const [row] = await this.sql.query<{ enrolment: SignedEnrolment }>('select enrolment from devices where id = $1', [deviceId]);
    return row?.enrolment ?? null;
  }

  // ---- Push ----

  async push(officeId: string, request: PushRequest): Promise<PushResponse> {
    const chains = await this.sql.transaction(async (tx) => {
      // One writer per office at a time, so the log numbers stay dense.
      const [row] = await tx.query<OfficeRecord>('select * from offices where id = $1 for update', [officeId]);
      if (!row) throw refuse('sync.notEnrolled');
      const fold = { adminKey: row.admin_key, registry: row.registry, staff: row.staff ?? {}, trips: row.trips ?? {} };
      const office: OfficeWrites = { ...row, fold, ids: new Map(), log: [], notifications: [], states: new Map(), changed: new Set() };
      const chains: Record<string, number> = {};
      for (const segment of request.segments) chains[segment.deviceId] = await this.ingest(tx, office, segment);
      await this.flush(tx, office);
      await tx.query('update offices set last_seq = $2, registry = $3, staff = $4, trips = $5 where id = $1', [
        office.id,
        office.last_seq,
        JSON.stringify(office.fold.registry),
        JSON.stringify(office.fold.staff),
        JSON.stringify(office.fold.trips),
      ]);
      return chains;
    });
    return { epoch: this.epoch, now: this.now(), chains };
  }

  /** Ingests one device's segment; returns how far the hub now holds that device's chain. */
  private async ingest(tx: Sql, office: OfficeWrites, segment: Segment): Promise<number> {
    const [device] = await tx.query<DeviceRecord>('select * from devices where id = $1 for update', [segment.deviceId]);
    if (device?.office_id !== office.id) throw refuse('sync.notEnrolled');
    if (!(await headSignedBy(segment.head, device.public_key))) throw refuse('sync.badSignature');
    const first = segment.events[0]!;
    if (first.deviceSeq > device.last_seq + 1) throw refuse('sync.gap', { deviceId: device.id, expected: device.last_seq + 1 });
    // The head signature covers the last event; the links and hashes carry it back to the first.
    const broken = segment.events.findIndex((e, i) => !hashHolds(e) || (i > 0 && e.prevHash !== segment.events[i - 1]!.hash));
    if (broken >= 0) throw refuse('sync.badRequest', { detail: `event ${segment.events[broken]!.deviceSeq} does not hold its hash or link` });
    const unread = [...new Set(segment.events.map((e) => e.caseId))].filter((id) => !office.states.has(id));
    for (const id of unread) office.states.set(id, undefined);
    for (const row of await tx.query<{ id: string; state: CaseState }>('select id, state from cases where office_id = $1 and id = any($2)', [office.id, unread])) office.states.set(row.id, row.state);
    // Whose each of these event ids already is: an id names one event of the office.
    const owners = await tx.query<{ event_id: string; device_id: string; device_seq: number }>(
      "select event_id, device_id, device_seq from log where office_id = $1 and event_id = any($2) and status <> 'quarantined'",
      [office.id, segment.events.map((e) => e.id)],
    );
    for (const row of owners) if (!office.ids.has(row.event_id)) office.ids.set(row.event_id, `${row.device_id}:${row.device_seq}`);
    const genuine = await genuineSignatures(segment.events, office.admin_key, office.fold.registry);
    const start = office.last_seq;
    let headSeq: number | null = null;
    let forked = false;
    for (const event of segment.events) {
      if (event.deviceSeq <= device.last_seq) {
        await this.flush(tx, office);
        const [held] = await tx.query<{ hash: string }>("select hash from log where device_id = $1 and device_seq = $2 and status <> 'quarantined'", [device.id, event.deviceSeq]);
        if (held!.hash === event.hash) continue;
        forked = true;
        await this.quarantine(tx, office, event, held!.hash);
      } else if (forked || event.prevHash !== device.last_hash) {
        forked = true;
        await this.quarantine(tx, office, event, device.last_hash);
      } else {
        const seq = await this.admit(tx, office, event, genuine);
        if (event.hash === segment.head.hash) headSeq = seq;
        device.last_seq = event.deviceSeq;
        device.last_hash = event.hash;
      }
    }
    const headHeld = segment.head.deviceSeq === device.last_seq && segment.head.hash === device.last_hash;
    await this.flush(tx, office);
    if (office.last_seq > start) await tx.query('update log set closes = true where office_id = $1 and seq = $2', [office.id, office.last_seq]);
    if (headSeq !== null) await tx.query('update log set head = $3 where office_id = $1 and seq = $2', [office.id, headSeq, JSON.stringify(segment.head)]);
    await tx.query(`update devices set last_seq = $2, last_hash = $3${headHeld ? ', head = $4' : ''} where id = $1`, [device.id, device.last_seq, device.last_hash, ...(headHeld ? [JSON.stringify(segment.head)] : [])]);
    const [forks] = await tx.query<{ top: number | null }>("select max(device_seq) as top from log where device_id = $1 and status = 'quarantined'", [device.id]);
    return Math.max(device.last_seq, forks?.top ?? 0);
  }

  /** Numbers an entry in the office log; returns its number. */
  private append(office: OfficeWrites, event: ChainEvent, status: LogEntry['status'], reason: Reason | null, knownHash: string | null = null): number {
    office.last_seq += 1;
    const json = JSON.stringify(event);
    office.log.push([office.id, office.last_seq, event.deviceId, event.deviceSeq, event.caseId, event.hash, status, reason && JSON.stringify(reason), json, knownHash, Buffer.byteLength(json), event.id, false]);
    if (status !== 'quarantined' && !office.ids.has(event.id)) office.ids.set(event.id, `${event.deviceId}:${event.deviceSeq}`);
    return office.last_seq;
  }

  /** Writes the log rows and case states gathered so far: multi-row statements, in the push's transaction. */
  private async flush(tx: Sql, office: OfficeWrites) {
    const rows = (table: string, columns: string[], values: unknown[][], tail = '') =>
      tx.query(
        `insert into ${table} (${columns.join(', ')}) values ${values.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ')}${tail}`,
        values.flat(),
      );
    // PostgreSQL takes at most 65,535 parameters a statement.
    for (let i = 0; i < office.log.length; i += 1000) {
      await rows('log', ['office_id', 'seq', 'device_id', 'device_seq', 'case_id', 'hash', 'status', 'reason', 'event', 'known_hash', 'bytes', 'event_id', 'closes'], office.log.slice(i, i + 1000));
    }
    const columns = ['office_id', 'event_id', 'case_id', 'reg_number', 'phone', 'kind', 'text', 'happened_at', 'queued_at', 'status'];
    for (let i = 0; i < office.notifications.length; i += 1000) {
      await rows('notifications', columns, office.notifications.slice(i, i + 1000), ' on conflict (office_id, event_id) do nothing');
    }
    const changed = [...office.changed].map((id) => [office.id, id, JSON.stringify(office.states.get(id))]);
    for (let i = 0; i < changed.length; i += 1000) {
      await rows('cases', ['office_id', 'id', 'state'], changed.slice(i, i + 1000), ' on conflict (office_id, id) do update set state = excluded.state');
    }
    office.log = [];
    office.notifications = [];
    office.changed.clear();
  }

  /** A second event under a (device, seq) the hub holds: kept apart and reported, never merged. */
  private async quarantine(tx: Sql, office: OfficeWrites, event: ChainEvent, knownHash: string | null) {
    await this.flush(tx, office);
    const [seen] = await tx.query("select 1 from log where device_id = $1 and device_seq = $2 and hash = $3 and status = 'quarantined'", [event.deviceId, event.deviceSeq, event.hash]);
    if (!seen) this.append(office, event, 'quarantined', { code: 'sync.logMismatch', params: { deviceSeq: event.deviceSeq } }, knownHash);
  }

  /** Decides a new event by the rulebook, against the office and its case as the log stands; returns its log number. */
  private async admit(tx: Sql, office: OfficeWrites, event: ChainEvent, genuine: ReadonlySet<string>, released = false): Promise<number> {
    if (event.officeId !== office.id) return this.append(office, event, 'rejected', { code: 'sync.bundleOtherOffice', params: {} });
    const owner = office.ids.get(event.id);
    if (owner && owner !== `${event.deviceId}:${event.deviceSeq}`) return this.append(office, event, 'rejected', { code: 'sync.duplicateId', params: { eventId: event.id } });
    if (!office.states.has(event.caseId)) {
      const [row] = await tx.query<{ state: CaseState }>('select state from cases where office_id = $1 and id = $2', [office.id, event.caseId]);
      office.states.set(event.caseId, row?.state);
    }
    const admission = admitEvent(event, office.states.get(event.caseId), office.fold, genuine, released ? null : this.clock());
    if ('reason' in admission) return this.append(office, event, admission.status, admission.reason);
    if (admission.state) {
      const notification = notificationOf(office.states.get(event.caseId), admission.state, event as CaseEvent, this.offsetMinutes);
      if (notification) this.queue(office, notification);
      office.states.set(event.caseId, admission.state);
      office.changed.add(event.caseId);
    }
    if (admission.office) office.fold = admission.office;
    const seq = this.append(office, event, admission.status, null);
    if (event.type === 'office.heldReleased') await this.release(tx, office, event.payload.seq, event.payload.eventId);
    return seq;
  }

  private queue(office: OfficeWrites, n: ApplicantNotification) {
    const stale = this.clock() - Date.parse(n.at) > NOTIFY_WITHIN_MS;
    office.notifications.push([office.id, n.eventId, n.caseId, n.regNumber, n.phone, n.kind, JSON.stringify(n.text), n.at, this.now(), stale ? 'stale' : 'queued']);
  }

  // ---- Notifications ----

  /**
   * Hands the waiting messages to the sink, oldest first, each once: a refused one is tried again
   * at the next round, up to NOTIFY_ATTEMPTS. Without a sink they wait in the queue, visible.
   * Returns how many the sink took.
   */
  async deliverNotifications(limit = 100): Promise<number> {
    if (!this.sink || this.delivering) return 0;
    this.delivering = true;
    let sent = 0;
    try {
      const waiting = await this.sql.query<NotificationRow>("select * from notifications where status = 'queued' order by queued_at, happened_at limit $1", [limit]);
      for (const row of waiting) {
        try {
          await this.sink.send(notificationOfRow(row));
          await this.sql.query("update notifications set status = 'sent', sent_at = $3, attempts = attempts + 1 where office_id = $1 and event_id = $2", [row.office_id, row.event_id, this.now()]);
          sent++;
        } catch (error) {
          await this.sql.query(
            `update notifications set attempts = attempts + 1, last_error = $3, status = case when attempts + 1 >= $4 then 'failed' else 'queued' end where office_id = $1 and event_id = $2`,
            [row.office_id, row.event_id, String((error as Error).message ?? error).slice(0, 300), NOTIFY_ATTEMPTS],
          );
        }
      }
    } finally {
      this.delivering = false;
    }
    return sent;
  }

  /** The office's messages to applicants: counts by status, and the latest unsent (waiting, failed), for its staff to see. */
  async notificationQueue(officeId: string, limit = 50): Promise<NotificationQueue> {
    const counts: Record<NotificationStatus, number> = { queued: 0, sent: 0, failed: 0, stale: 0 };
    for (const row of await this.sql.query<{ status: NotificationStatus; n: number }>('select status, count(*)::int as n from notifications where office_id = $1 group by status', [officeId])) counts[row.status] = row.n;
    const unsent = await this.sql.query<NotificationRow>(
      "select * from notifications where office_id = $1 and status in ('queued', 'failed') order by happened_at desc limit $2",
      [officeId, limit],
    );
    return { sink: this.sink?.kind ?? null, counts, unsent: unsent.map((row) => ({ ...notificationOfRow(row), status: row.status, attempts: row.attempts, lastError: row.last_error, sentAt: row.sent_at })) };
  }

  /** Admits again, clock aside, an event held at `seq`, unless it was released before. */
  private async release(tx: Sql, office: OfficeWrites, seq: number, eventId: string) {
    await this.flush(tx, office);
    const [held] = await tx.query<{ event: ChainEvent }>("select event from log where office_id = $1 and seq = $2 and status = 'held'", [office.id, seq]);
    if (held?.event.id !== eventId) return;
    const [again] = await tx.query("select 1 from log where device_id = $1 and device_seq = $2 and status not in ('held', 'quarantined')", [held.event.deviceId, held.event.deviceSeq]);
    if (!again) await this.admit(tx, office, held.event, await genuineSignatures([held.event], office.admin_key, office.fold.registry), true);
  }

  // ---- Pull ----

  async pull(officeId: string, deviceId: string, request: PullRequest): Promise<PullResponse> {
    const [office] = await this.sql.query<OfficeRecord>('select * from offices where id = $1', [officeId]);
    const [own] = await this.sql.query<{ last_seq: number }>('select last_seq from devices where id = $1', [deviceId]);
    const devices = await this.sql.query<{ enrolment: SignedEnrolment }>('select enrolment from devices where office_id = $1', [officeId]);
    const base = { epoch: this.epoch, now: this.now(), last: office!.last_seq, ownSeq: own!.last_seq, devices: devices.map((d) => d.enrolment) };
    if (request.after > 0) {
      const [at] = await this.sql.query<{ event: ChainEvent }>('select event from log where office_id = $1 and seq = $2', [officeId, request.after]);
      if (!at || at.event.id !== request.afterId) return { ...base, reset: true, entries: [], heads: [] };
    }
    // A page ends once PULL_BYTES of events are in it (a crew's packages carry scans), and always holds one.
    // It ends where a push ended, so each of its runs of a device's events is closed by that device's head.
    const page = (limit: number, bytes: number) =>
      this.sql.query<{ seq: number; status: LogEntry['status']; reason: Reason | null; event: ChainEvent; known_hash: string | null; head: ChainHead | null; closes: boolean }>(
        `select seq, status, reason, event, known_hash, head, closes from (
           select seq, status, reason, event, known_hash, head, closes, sum(coalesce(bytes, octet_length(event::text))) over (order by seq) - coalesce(bytes, octet_length(event::text)) as before
           from log where office_id = $1 and seq > $2 order by seq limit $3) page
         where before < $4 order by seq`,
        [officeId, request.after, limit, bytes],
      );
    let rows = await page(request.limit, PULL_BYTES);
    const end = rows.findLastIndex((r) => r.closes);
    if (end >= 0) rows = rows.slice(0, end + 1);
    else if (rows.length) {
      // One push longer than a page (a relayed chain): the page holds all of it.
      const [close] = await this.sql.query<{ seq: number }>('select min(seq) as seq from log where office_id = $1 and seq > $2 and closes', [officeId, request.after]);
      rows = await page(close!.seq - request.after, Number.MAX_SAFE_INTEGER);
    }
    const heads = await this.sql.query<{ head: ChainHead }>('select head from devices where office_id = $1 and head is not null', [officeId]);
    return {
      ...base,
      reset: false,
      entries: rows.map((r) => ({ seq: r.seq, status: r.status, reason: r.reason, event: r.event, ...(r.known_hash ? { knownHash: r.known_hash } : {}), ...(r.head ? { head: r.head } : {}) })),
      heads: heads.map((h) => h.head),
    };
  }

  /** What the hub holds, for the simulation's and the operator's checks. */
  async snapshot(officeId: string) {
    const log = await this.sql.query<{ seq: number; status: string; device_id: string; device_seq: number; hash: string; case_id: string }>(
      'select seq, status, device_id, device_seq, hash, case_id from log where office_id = $1 order by seq',
      [officeId],
    );
    const cases = await this.sql.query<{ id: string; state: CaseState }>('select id, state from cases where office_id = $1', [officeId]);
    return { log, cases: new Map(cases.map((c) => [c.id, c.state])) };
  }
}
