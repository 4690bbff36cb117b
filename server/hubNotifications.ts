import { type ApplicantNotification, type NotificationKind, type NotificationQueue, type NotificationStatus } from '../shared';
import type { Sql } from './hubDb';

/*
 * The hub's messages to applicants: queued with the event that changed their case, handed to the
 * sink once each, and shown to the office's staff.
 */

/** A message older than this when its event reaches the hub is kept, not sent: the applicant has heard of later changes since. */
export const NOTIFY_WITHIN_MS = 7 * 24 * 3_600_000;
/** A message the sink refused this many times stops being tried and shows as failed. */
export const NOTIFY_ATTEMPTS = 5;

/** Where the hub hands messages to applicants: a file, a webhook (notifySink.ts); it throws when the message was not taken. */
export type NotificationSink = { kind: NonNullable<NotificationQueue['sink']>; send: (notification: ApplicantNotification) => Promise<void> };

interface NotificationRow {
  office_id: string;
  event_id: string;
  case_id: string;
  reg_number: string;
  phone: string;
  kind: NotificationKind;
  text: ApplicantNotification['text'];
  happened_at: string;
  queued_at: string;
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

/** The queue's row for a message, from the push that admits its event at `now`. */
export function notificationRow(officeId: string, n: ApplicantNotification, now: number): unknown[] {
  const stale = now - Date.parse(n.at) > NOTIFY_WITHIN_MS;
  return [officeId, n.eventId, n.caseId, n.regNumber, n.phone, n.kind, JSON.stringify(n.text), n.at, new Date(now).toISOString(), stale ? 'stale' : 'queued'];
}

/**
 * How long a process's claim on a message holds: past it the process counts as gone (crashed
 * between claiming and sending) and another takes the message. Far longer than a webhook may take.
 */
export const NOTIFY_CLAIM_MS = 5 * 60_000;

/**
 * Hands the waiting messages to the sink, oldest first, each once: a refused one is tried again
 * at the next round, up to NOTIFY_ATTEMPTS. Without a sink they wait in the queue, visible.
 * Returns how many the sink took. Several hub processes may run rounds at once: each first claims
 * its messages as `claimant`, skipping those another holds, so no two send the same one.
 */
export async function deliverNotifications(sql: Sql, sink: NotificationSink, claimant: string, now: () => string, limit: number): Promise<number> {
  let sent = 0;
  const at = now();
  const claimed = await sql.query<NotificationRow>(
    `update notifications n set claimed_by = $1, claimed_at = $2 from (
       select office_id, event_id from notifications
       where status = 'queued' and (claimed_at is null or claimed_at < $3) order by queued_at, happened_at limit $4 for update skip locked) free
     where n.office_id = free.office_id and n.event_id = free.event_id returning n.*`,
    [claimant, at, new Date(Date.parse(at) - NOTIFY_CLAIM_MS).toISOString(), limit],
  );
  const mine = 'where office_id = $1 and event_id = $2 and claimed_by = $3';
  for (const row of claimed.sort((a, b) => a.queued_at.localeCompare(b.queued_at) || a.happened_at.localeCompare(b.happened_at))) {
    try {
      await sink.send(notificationOfRow(row));
      await sql.query(`update notifications set status = 'sent', sent_at = $4, attempts = attempts + 1, claimed_by = null, claimed_at = null ${mine}`, [row.office_id, row.event_id, claimant, now()]);
      sent++;
    } catch (error) {
      await sql.query(
        `update notifications set attempts = attempts + 1, last_error = $4, status = case when attempts + 1 >= $5 then 'failed' else 'queued' end, claimed_by = null, claimed_at = null ${mine}`,
        [row.office_id, row.event_id, claimant, String((error as Error).message ?? error).slice(0, 300), NOTIFY_ATTEMPTS],
      );
    }
  }
  return sent;
}

/** The office's messages to applicants: counts by status, and the latest unsent (waiting, failed), for its staff to see. */
export async function notificationQueue(sql: Sql, sink: NotificationSink | null, officeId: string, limit: number): Promise<NotificationQueue> {
  const counts: Record<NotificationStatus, number> = { queued: 0, sent: 0, failed: 0, stale: 0 };
  for (const row of await sql.query<{ status: NotificationStatus; n: number }>('select status, count(*)::int as n from notifications where office_id = $1 group by status', [officeId])) counts[row.status] = row.n;
  const unsent = await sql.query<NotificationRow>(
    "select * from notifications where office_id = $1 and status in ('queued', 'failed') order by happened_at desc limit $2",
    [officeId, limit],
  );
  return { sink: sink?.kind ?? null, counts, unsent: unsent.map((row) => ({ ...notificationOfRow(row), status: row.status, attempts: row.attempts, lastError: row.last_error, sentAt: row.sent_at })) };
}
