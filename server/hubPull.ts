import type { ChainEvent, ChainHead, LogEntry, PullRequest, PullResponse, Reason, SignedEnrolment, CaseState } from '../shared';
import type { Sql } from './hubDb';
import type { OfficeRecord } from './hubIngest';

/*
 * Pull: the office log in pages, each ending where a push ended, so every run of a device's events
 * in it is closed by a head that device signed.
 */

/** A pull page holds events up to about this much JSON: what a modest PC parses at once, and a slow link carries. */
export const PULL_BYTES = 8 * 1024 * 1024;

/** A page of the office log after `request.after`, with the office's enrolments and heads. */
export async function pull(sql: Sql, officeId: string, deviceId: string, request: PullRequest): Promise<Omit<PullResponse, 'epoch' | 'now'>> {
  const [office] = await sql.query<OfficeRecord>('select * from offices where id = $1', [officeId]);
  const [own] = await sql.query<{ last_seq: number }>('select last_seq from devices where id = $1', [deviceId]);
  const devices = await sql.query<{ enrolment: SignedEnrolment }>('select enrolment from devices where office_id = $1', [officeId]);
  const base = { last: office!.last_seq, ownSeq: own!.last_seq, devices: devices.map((d) => d.enrolment) };
  if (request.after > 0) {
    const [at] = await sql.query<{ event: ChainEvent }>('select event from log where office_id = $1 and seq = $2', [officeId, request.after]);
    if (!at || at.event.id !== request.afterId) return { ...base, reset: true, entries: [], heads: [] };
  }
  // A page ends once PULL_BYTES of events are in it (a crew's packages carry scans), and always holds one.
  // It ends where a push ended, so each of its runs of a device's events is closed by that device's head.
  const page = (limit: number, bytes: number) =>
    sql.query<{ seq: number; status: LogEntry['status']; reason: Reason | null; event: ChainEvent; known_hash: string | null; head: ChainHead | null; closes: boolean }>(
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
    const [close] = await sql.query<{ seq: number }>('select min(seq) as seq from log where office_id = $1 and seq > $2 and closes', [officeId, request.after]);
    rows = await page(close!.seq - request.after, Number.MAX_SAFE_INTEGER);
  }
  const heads = await sql.query<{ head: ChainHead }>('select head from devices where office_id = $1 and head is not null', [officeId]);
  return {
    ...base,
    reset: false,
    entries: rows.map((r) => ({ seq: r.seq, status: r.status, reason: r.reason, event: r.event, ...(r.known_hash ? { knownHash: r.known_hash } : {}), ...(r.head ? { head: r.head } : {}) })),
    heads: heads.map((h) => h.head),
  };
}

/** What the hub holds, for the simulation's and the operator's checks. */
export async function snapshot(sql: Sql, officeId: string) {
  const log = await sql.query<{ seq: number; status: string; device_id: string; device_seq: number; hash: string; case_id: string }>(
    'select seq, status, device_id, device_seq, hash, case_id from log where office_id = $1 order by seq',
    [officeId],
  );
  const cases = await sql.query<{ id: string; state: CaseState }>('select id, state from cases where office_id = $1', [officeId]);
  return { log, cases: new Map(cases.map((c) => [c.id, c.state])) };
}
