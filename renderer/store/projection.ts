import { applyEvent, caseVerdict, eventTime, isOfficeEvent, staffMemberSchema, type CaseState, type ChainEvent, type OfficeEvent } from '../../shared';
import { caseRow, type KenseDb } from './db';
import { applyCatalogEvent, type CatalogEventBody } from './catalog';
import { tripRow } from './trips';
import type { CaseRow, ParkedRow } from './rows';
import { loggedOfCases } from './officeLog';

/*
 * The projection over the pulled log: cases folded again by the rulebook, and what the office's
 * records do here.
 */

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
  // A lookup a case, all asked at once: a walk of the index over them all (anyOf) reads a row at a time.
  const [logRows, events] = await Promise.all([loggedOfCases(db, caseIds), Promise.all(caseIds.map((id) => db.events.where('caseId').equals(id).toArray())).then((found) => found.flat())]);
  // Events of transfer files that the rulebook refused wait apart, unapplied.
  const refusedIds = new Set((await db.refused.where('eventId').anyOf(events.map((e) => e.id)).keys()).map(String));
  const byId = new Map(events.map((e) => [e.id, e]));
  const logOf = byCase(logRows);
  const eventsOf = byCase(events);
  const rows: CaseRow[] = [];
  const gone: string[] = [];
  const parkedRows: ParkedRow[] = [];
  for (const caseId of caseIds) {
    const entries = logOf.get(caseId) ?? [];
    let state: CaseState | undefined;
    let parked: ParkedRow | null = null;
    for (const row of entries) {
      // This device's own verdict, by the rulebook: the hub's word is taken only for what it alone can tell (held, a fork).
      if (row.status === 'quarantined' || row.status === 'held' || row.byDevice) continue;
      const verdict = caseVerdict(row.event ?? byId.get(row.eventId)!, state);
      if ('reason' in verdict) {
        // A type from a newer Kense parks the case, unless the hub (which may know it) refused it.
        if (verdict.reason.code !== 'sync.eventUnknown' || row.status === 'rejected') continue;
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
    if (state) rows.push(caseRow(state, db.catalog));
    else gone.push(caseId);
  }
  await Promise.all([
    db.cases.bulkPut(rows),
    db.cases.bulkDelete(gone),
    db.parked.bulkPut(parkedRows),
    db.parked.bulkDelete(caseIds.filter((id) => !parkedRows.some((p) => p.caseId === id))),
  ]);
}

export const SYNC_TABLES = (db: KenseDb) => [db.staff, db.events, db.logPages, db.cases, db.parked, db.refused, db.registry, db.keyRequests, db.sync, db.peers, db.services, db.officeTerms, db.calendarEdits, db.officeHours, db.resolutions, db.retention, db.trips, db.stageFloors];

type OfficeRecord<T extends OfficeEvent['type']> = Extract<OfficeEvent, { type: T }>;

const toCatalog = (db: KenseDb, event: OfficeRecord<CatalogEventBody['type']>) => applyCatalogEvent(db, { ...event, at: eventTime(event) });

/** What each office record that passed the rulebook does to the office's records here; the audit trail does nothing. */
const OFFICE_APPLY: { [T in OfficeEvent['type']]?: (db: KenseDb, event: OfficeRecord<T>, anchor: string) => Promise<unknown> } = {
  'office.serviceImported': toCatalog,
  'office.serviceWithdrawn': toCatalog,
  'office.termsSet': toCatalog,
  'office.termsCleared': toCatalog,
  'office.calendarEdited': toCatalog,
  'office.hoursSet': toCatalog,
  'office.retentionSet': toCatalog,
  'office.resolutionsSet': toCatalog,
  // The rules let a person change only their own password: the record is the member as it now is.
  'office.staffSaved': (db, event) => db.staff.put(staffMemberSchema.parse(event.payload.member)),
  'office.tripPlanned': (db, event) => db.trips.put(tripRow(event.payload.trip)),
  'office.deviceRevoked': (db, event) => db.peers.update(event.payload.deviceId, { revoked: { at: eventTime(event), by: event.actor, reason: event.payload.reason } }),
  'office.keyRequested': (db, event) => db.keyRequests.put({ ...event.payload, requestedAt: eventTime(event) }),
  'office.registryPublished': async (db, event, anchor) => {
    const current = await db.registry.get('this');
    if ((current?.signed.registry.version ?? 0) < event.payload.signed.registry.version) await db.registry.put({ id: 'this', adminKey: anchor, signed: event.payload.signed });
  },
};

export async function applyOfficeEvent(db: KenseDb, event: OfficeEvent, anchor: string): Promise<void> {
  await (OFFICE_APPLY[event.type] as ((db: KenseDb, event: OfficeEvent, anchor: string) => Promise<unknown>) | undefined)?.(db, event, anchor);
}

/** Cases parked by an older version: tried again after an update. */
export async function retryParked(db: KenseDb): Promise<void> {
  const parked = await db.parked.toArray();
  if (parked.length) await db.transaction('rw', SYNC_TABLES(db), () => refold(db, parked.map((p) => p.caseId)));
}
