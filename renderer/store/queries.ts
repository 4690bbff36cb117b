import Dexie from 'dexie';
import { addDays, applyEvent, endOfLocalDay, mayRead, notificationOf, OFFICE_STREAM, searchQuery, type Actor, type SearchMatch, type ApplicantNotification, type CaseEvent, type CaseState, type JournalKind, type LocalDate, type Stage } from '../../shared';
import type { KenseDb } from './db';
import { OPEN_STAGES, stageFloor } from './stageFloors';
import type { CaseRow, OpenStage } from './rows';
import { loggedOfCases, newestLogged } from './officeLog';

/**
 * The cases at a stage (a specialist's own, if named) due up to `dueBy`, the most urgent first:
 * what every list of work reads, from the stage's floor (stageFloors.ts).
 */
export async function atStage(db: KenseDb, stage: OpenStage, specialistId?: string, dueBy: unknown = Dexie.maxKey) {
  const floor = await stageFloor(db, stage);
  return specialistId
    ? db.cases.where('[specialistId+stage+stepDueAt]').between([specialistId, stage, floor], [specialistId, stage, dueBy])
    : db.cases.where('[stage+stepDueAt]').between([stage, floor], [stage, dueBy]);
}

/** One screen of a worklist: the cases waiting at a stage, the most urgent first. */
export async function worklist(db: KenseDb, stage: OpenStage, specialistId?: string, limit = 200): Promise<CaseRow[]> {
  return (await atStage(db, stage, specialistId)).limit(limit).toArray();
}

/**
 * A centre operator's or crew's own applications: the signed results to hand over in the field,
 * most urgent first, or the packages the office returned, the latest first.
 */
export function ownCases(db: KenseDb, actor: Actor, kind: 'handover' | 'returned', limit = 200): Promise<CaseRow[]> {
  const at = (stage: Stage) => ownAt(db, actor, stage);
  if (kind === 'handover') return at('handover').limit(limit).toArray().then((rows) => rows.sort((a, b) => a.stepDueAt.localeCompare(b.stepDueAt)));
  return at('closed')
    .reverse()
    .filter((row) => !!row.state.returnedToCentre)
    .limit(limit)
    .toArray();
}

const ownAt = (db: KenseDb, actor: Actor, stage: Stage) => db.cases.where('[registeredBy+stage+updatedAt]').between([actor.userId, stage, Dexie.minKey], [actor.userId, stage, Dexie.maxKey]);

/**
 * How many cases wait on a menu's list of work: the count of the list's own index range (from
 * the stage's floor), which opens and unseals no row. It costs what the count of that range
 * costs IndexedDB, an index walk of the cases waiting there; never the office's other cases.
 */
export async function waitingCount(db: KenseDb, actor: Actor, list: OpenStage | 'own/handover'): Promise<number> {
  if (list === 'own/handover') return ownAt(db, actor, 'handover').count();
  return (await atStage(db, list, list === 'review' ? actor.userId : undefined)).count();
}

/** At most this many found cases are opened and shown: a common name's first letters match more, and the person types on. */
export const SEARCH_SHOWN = 50;

/** A found case, with what it matched: who on it, or its number. */
export type FoundCase = CaseRow & { matched: SearchMatch[] };
export type SearchResult = { kind: 'tooShort' } | { kind: 'found'; rows: FoundCase[]; more: boolean };

/**
 * Cases found by registration number or a part of it, an IIN or the start of a name of anyone on
 * the case (shared/search.ts), the latest first; past SEARCH_SHOWN, `more` says to type more
 * rather than open thousands of cases.
 */
export async function searchCases(db: KenseDb, actor: Actor, text: string): Promise<SearchResult> {
  const query = searchQuery(text);
  if (query.kind === 'tooShort') return query;
  const rows: FoundCase[] =
    query.kind === 'regNumber'
      ? (await byRegNumber(db, actor, query.regNumber)).map((row) => ({ ...row, matched: ['regNumber'] }))
      : await tagged(db, query.term, SEARCH_SHOWN + 1, (row) => {
          const matched = query.matches(row);
          return matched.length && mayRead(actor, row.state) ? { ...row, matched } : undefined;
        });
  rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return { kind: 'found', rows: rows.slice(0, SEARCH_SHOWN), more: rows.length > SEARCH_SHOWN };
}

/**
 * The open cases of this applicant (by IIN) for this service: what intake warns of before
 * registering a second one. The IIN's keyed tag finds them (a representative's IIN shares the tag,
 * so the opened rows are checked), never a scan of every case.
 */
export async function openCasesOf(db: KenseDb, actor: Actor, serviceId: string, iin: string): Promise<CaseRow[]> {
  const query = searchQuery(iin);
  if (query.kind !== 'term' || !query.term.startsWith('iin:')) return [];
  return tagged(db, query.term, Infinity, (row) => {
    const { state } = row;
    return state.applicant.iin === iin && state.serviceId === serviceId && state.stage !== 'closed' && mayRead(actor, state) ? row : undefined;
  });
}

/** Rows opened at a time from a tag's cases. */
const TAGGED_PAGE = SEARCH_SHOWN + 1;

/**
 * Up to `enough` of what `pick` makes of the cases under a search term's tag, in the index's
 * order. The tag's keys come from the index alone; the rows are then opened a page at a time,
 * each page one request a row at once, not a cursor's round trip a case.
 */
async function tagged<T>(db: KenseDb, term: string, enough: number, pick: (row: CaseRow) => T | undefined): Promise<T[]> {
  const keys = await db.cases.where('search').equals(term).primaryKeys();
  const found: T[] = [];
  for (let at = 0; at < keys.length && found.length < enough; at += TAGGED_PAGE) {
    for (const row of await db.cases.bulkGet(keys.slice(at, at + TAGGED_PAGE))) {
      const picked = row && pick(row);
      if (picked !== undefined) found.push(picked);
    }
  }
  return found.slice(0, enough);
}

/** The case under a registration number (the receipt's QR holds it), if this person may read it. */
export async function byRegNumber(db: KenseDb, actor: Actor, regNumber: string): Promise<CaseRow[]> {
  return (await db.cases.where('regNumber').equals(regNumber).toArray()).filter((row) => mayRead(actor, row.state));
}

/** The cases a journal for these office dates lists: registered in them (incoming) or signed in them (outgoing). */
export async function journalCases(db: KenseDb, kind: JournalKind, from: LocalDate, to: LocalDate, offsetMinutes: number): Promise<CaseState[]> {
  const index = kind === 'incoming' ? 'registeredAt' : 'signedAt';
  const rows = await db.cases.where(index).between(endOfLocalDay(addDays(from, -1), offsetMinutes), endOfLocalDay(to, offsetMinutes), false, true).toArray();
  return rows.map((row) => row.state);
}

/** How many cases wait at a stage (the specialist's own at review), and how many of them are past due now. */
export async function stageCounts(db: KenseDb, stage: OpenStage, now: string, specialistId?: string): Promise<{ waiting: number; overdue: number }> {
  const [waiting, overdue] = await Promise.all([atStage(db, stage, specialistId).then((c) => c.count()), atStage(db, stage, specialistId, now).then((c) => c.count())]);
  return { waiting, overdue };
}

/** What the last syncs brought from the office's other devices, newest first: the events, with each case as it is now, if this person may read it. */
export async function fromOtherDevices(db: KenseDb, actor: Actor, deviceId: string, limit = 10): Promise<{ event: CaseEvent; state: CaseState }[]> {
  const found: { event: CaseEvent; state: CaseState }[] = [];
  // The log lists what came from the hub in its order; the newest few screens' worth is enough.
  let read = 0;
  await newestLogged(db, async (entries) => {
    for (const entry of entries) {
      if (found.length >= limit || read++ >= limit * 20) return false;
      if (entry.deviceId === deviceId || entry.caseId === OFFICE_STREAM || entry.status !== 'accepted') continue;
      const [event, row] = await Promise.all([db.events.get(entry.eventId), db.cases.get(entry.caseId)]);
      if (event && row && mayRead(actor, row.state)) found.push({ event: event as CaseEvent, state: row.state });
    }
    return true;
  });
  return found;
}

/** At most this many overdue cases per stage: the report lists the longest overdue, and the worklists hold them all. */
const OVERDUE_LISTED = 500;

/** The open cases whose step is past due now, the longest overdue first; each stage's worklist index gives them. */
export async function overdueCases(db: KenseDb, now: string): Promise<CaseState[]> {
  const found = await Promise.all(OPEN_STAGES.map(async (stage) => (await atStage(db, stage, undefined, now)).limit(OVERDUE_LISTED).toArray()));
  return found.flat().map((row) => row.state).sort((a, b) => a.stepDueAt!.localeCompare(b.stepDueAt!));
}

/** The cases whose results were handed over in these office dates: what the quality survey reports on. */
export async function handedOverBetween(db: KenseDb, from: LocalDate, to: LocalDate): Promise<CaseState[]> {
  return (await db.cases.where('handedOverOn').between(from, to, true, true).toArray()).map((row) => row.state);
}

/** The results handed over on a day. */
export async function handedOverOn(db: KenseDb, day: LocalDate): Promise<CaseState[]> {
  return (await db.cases.where('handedOverOn').equals(day).toArray()).map((row) => row.state);
}

/**
 * What the applicant is told of this case (shared/notifications.ts), and whether each message has
 * reached the hub, which sends it: one this device made waits here until the next sync.
 */
export async function caseNotifications(db: KenseDb, caseId: string, offsetMinutes: number): Promise<(ApplicantNotification & { atHub: boolean })[]> {
  const [events, device, sync, logged] = await Promise.all([caseEvents(db, caseId), db.device.get('this'), db.sync.get('this'), loggedOfCases(db, [caseId])]);
  const atHub = new Set(logged.map((entry) => entry.eventId));
  const found: (ApplicantNotification & { atHub: boolean })[] = [];
  let state: CaseState | undefined;
  for (const event of events) {
    let next: CaseState;
    try {
      next = applyEvent(state, event);
    } catch {
      // An event that does not apply in this order is a conflict, shown on the sync screen; it told the applicant nothing.
      continue;
    }
    const notification = notificationOf(state, next, event, offsetMinutes);
    const own = event.deviceId === device?.deviceId;
    if (notification) found.push({ ...notification, atHub: atHub.has(event.id) || (own && event.deviceSeq <= (sync?.pushedSeq ?? 0)) });
    state = next;
  }
  return found;
}

/** A case's events in this device's order of writing them. */
export async function caseEvents(db: KenseDb, caseId: string): Promise<CaseEvent[]> {
  // A case id never names the office stream, so these are case events.
  const events = (await db.events.where('caseId').equals(caseId).toArray()) as CaseEvent[];
  return events.sort((a, b) => a.hlc.localeCompare(b.hlc));
}
