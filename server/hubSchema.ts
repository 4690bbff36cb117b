import { emptyOfficeFold, foldOffice, type ChainEvent, type SignedRegistry } from '../shared';
import type { Sql } from './hubDb';

/*
 * The hub's schema: its migrations, run once each at start, and the offices' folds that the rules
 * read, made again when a migration forgets them.
 */

/** The partitions of `log` and `cases`, by office: enough for a thousand offices to spread, few enough for a planner to prune. */
export const OFFICE_PARTITIONS = 16;

/** The columns of `log` and `cases` as the migrations before partitioning left them. */
const LOG_COLUMNS = `office_id text not null references offices (id), seq integer not null, device_id text not null, device_seq integer not null,
  case_id text not null, hash text not null, status text not null, reason jsonb, event jsonb not null, known_hash text,
  bytes integer, event_id text, head jsonb, closes boolean not null default true`;
const CASES_COLUMNS = 'office_id text not null, id text not null, state jsonb not null';

/**
 * Makes `table` partitioned by office with the same columns and rows, in the migration's transaction.
 * Every unique key names the office: PostgreSQL checks uniqueness within a partition only.
 */
const partitionedByOffice = (table: string, columns: string, key: string, indexes: string[]) =>
  [
    `alter table ${table} rename to ${table}_unpartitioned`,
    `alter index ${table}_pkey rename to ${table}_unpartitioned_pkey`,
    `create table ${table} (${columns}, primary key (${key})) partition by hash (office_id)`,
    ...Array.from({ length: OFFICE_PARTITIONS }, (_, i) => `create table ${table}_${i} partition of ${table} for values with (modulus ${OFFICE_PARTITIONS}, remainder ${i})`),
    `insert into ${table} select * from ${table}_unpartitioned`,
    `drop table ${table}_unpartitioned`,
    ...indexes,
  ].join(';\n');

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
  // A device the administrator revoked (office.deviceRevoked): who, when and why; the hub takes no request of it.
  `alter table devices add column revoked jsonb;`,
  // Several hub processes on one database: a message is claimed by the process that sends it, and
  // an office code names one office even when two enrolments race.
  `alter table notifications add column claimed_by text;
   alter table notifications add column claimed_at timestamptz;
   create unique index offices_code on offices (code);`,
  // `log` and `cases` split by office, so one office's queries read one partition, the same queries as before.
  `drop index log_chain;
   drop index log_fork;
   drop index log_event;
   ${partitionedByOffice('log', LOG_COLUMNS, 'office_id, seq', [
     "create unique index log_chain on log (office_id, device_id, device_seq) where status not in ('quarantined', 'held')",
     "create unique index log_fork on log (office_id, device_id, device_seq, hash) where status = 'quarantined'",
     'create index log_event on log (office_id, event_id)',
   ])};
   ${partitionedByOffice('cases', CASES_COLUMNS, 'office_id, id', [])};`,
];

/** The advisory lock the hub's migrations hold: of two processes starting at once, one migrates, the other waits and finds it done. */
const MIGRATION_LOCK = 0x6b656e5345;

/**
 * Brings the database to schema `to` (the newest unless a test stops earlier); returns the hub's
 * epoch. `restored` starts a new epoch after a restore from backup.
 */
export async function migrate(sql: Sql, restored: boolean, to = MIGRATIONS.length): Promise<string> {
  return sql.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query('create table if not exists hub_schema (id integer primary key check (id = 1), version integer not null)');
    const [row] = await tx.query<{ version: number }>('select version from hub_schema where id = 1 for update');
    for (let v = row?.version ?? 0; v < to; v++) for (const statement of MIGRATIONS[v]!.split(/;\s*$/m).filter((s) => s.trim())) await tx.query(statement);
    await tx.query('insert into hub_schema (id, version) values (1, $1) on conflict (id) do update set version = greatest(hub_schema.version, $1)', [to]);
    if (restored) await tx.query('delete from hub');
    await tx.query('insert into hub (id, epoch, schema) values (1, $1, $2) on conflict (id) do update set schema = greatest(hub.schema, $2)', [crypto.randomUUID(), to]);
    // Offices from before the rules read the office's people: fold them once from their logs.
    for (const office of await tx.query<{ id: string; admin_key: string; registry: SignedRegistry | null }>('select id, admin_key, registry from offices where staff is null')) {
      let fold = emptyOfficeFold(office.admin_key);
      for (const row of await tx.query<{ event: ChainEvent }>("select event from log where office_id = $1 and case_id = 'office' and status = 'accepted' order by seq", [office.id])) fold = foldOffice(fold, row.event);
      await tx.query('update offices set staff = $2, trips = $3 where id = $1', [office.id, JSON.stringify(fold.staff), JSON.stringify(fold.trips)]);
    }
    return (await tx.query<{ epoch: string }>('select epoch from hub where id = 1'))[0]!.epoch;
  });
}
