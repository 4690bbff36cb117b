import { DomainError, type Actor, type ChainEvent, type EntryStatus, type Reason } from '../../shared';
import type { KenseDb } from './db';
import { checkOnDevice, recordOfficeEvent } from './commands';
import { loggedIn, loggedOfCases } from './officeLog';

/*
 * What the head must see after a sync: entries refused, flagged, held, forked or kept apart.
 */

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
  const rows = await loggedIn(db, ['rejected', 'flagged', 'held', 'quarantined']);
  // An event's later entries are its case's.
  const latest = new Map<string, number>();
  for (const r of await loggedOfCases(db, [...new Set(rows.map((r) => r.caseId))])) latest.set(r.eventId, r.seq);
  const open = rows.filter((r) => latest.get(r.eventId) === r.seq || r.status === 'quarantined');
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
