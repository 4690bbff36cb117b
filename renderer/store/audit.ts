import Dexie from 'dexie';
import { chainChecker, encodeHlc, eventTime, OFFICE_STREAM, type ChainCheck, type ChainEvent, type Role } from '../../shared';
import type { KenseDb } from './db';

/*
 * The audit trail is the office's hash-chained event log itself: every action on a case is an
 * event, and so are sign-ins, views of a case's personal data and exports (office.signedIn,
 * office.caseViewed, office.exported). Nothing here writes; it reads and checks.
 */

/** One line of the trail: who, when, on which device, what, and on which case. */
export interface AuditRow {
  eventId: string;
  at: string;
  userId: string;
  name: string;
  role: Role;
  deviceCode: string;
  type: ChainEvent['type'];
  regNumber: string;
  /** A short detail: what was viewed or exported, failed sign-ins before this one. */
  detail: string;
}

export interface AuditFilter {
  userId?: string;
  /** An event type, or a family: 'case.' for every action on a case. */
  type?: string;
  regNumber?: string;
  /** Office dates, inclusive; compared on the UTC instant's date, which the screen converts. */
  from?: string;
  to?: string;
}

/** The device codes the office's enrolments give, and this device's own. */
async function deviceCodes(db: KenseDb): Promise<Map<string, string>> {
  const codes = new Map((await db.peers.toArray()).map((p) => [p.deviceId, p.enrolment.enrolment.device.code]));
  const here = await db.device.get('this');
  if (here) codes.set(here.deviceId, here.deviceCode);
  return codes;
}

function detailOf(event: ChainEvent): string {
  switch (event.type) {
    case 'office.caseViewed':
      return event.payload.what;
    case 'office.exported':
      return `${event.payload.what} ${event.payload.count}`;
    case 'office.signedIn':
      return event.payload.failedBefore ? String(event.payload.failedBefore) : '';
    case 'office.staffSaved':
      return event.payload.member.name;
    default:
      return '';
  }
}

/** An office date's first instant as a clock value, for bounds on the events' `hlc` index. */
const clockAt = (date: string, days = 0) => encodeHlc({ wall: Date.parse(`${date}T00:00:00Z`) + days * 86_400_000, counter: 0, deviceId: '' });

/**
 * The trail, newest first, narrowed by the filter: at most `limit` rows. It walks the events'
 * clock index from the newest within the dates, so a screen's worth costs little however long
 * the office's history; a case's trail comes from that case's events and the views of it.
 */
export async function auditTrail(db: KenseDb, filter: AuditFilter = {}, limit = Infinity): Promise<AuditRow[]> {
  const codes = await deviceCodes(db);
  const number = filter.regNumber?.trim().toUpperCase();
  const wanted = (e: ChainEvent) =>
    (!filter.userId || e.actor.userId === filter.userId) &&
    (!filter.type || e.type === filter.type || (filter.type.endsWith('.') && e.type.startsWith(filter.type))) &&
    (!filter.from || e.hlc >= clockAt(filter.from)) &&
    (!filter.to || e.hlc < clockAt(filter.to, 1));
  let events: ChainEvent[];
  if (number) {
    const row = await db.cases.where('regNumber').equals(number).first();
    const [own, views] = await Promise.all([
      row ? db.events.where('caseId').equals(row.id).toArray() : [],
      db.events
        .where('caseId')
        .equals(OFFICE_STREAM)
        .filter((e) => e.type === 'office.caseViewed' && e.payload.regNumber === number)
        .toArray(),
    ]);
    events = [...own, ...views].filter(wanted).sort((a, b) => b.hlc.localeCompare(a.hlc)).slice(0, limit);
  } else {
    const range = db.events.where('hlc').between(filter.from ? clockAt(filter.from) : Dexie.minKey, filter.to ? clockAt(filter.to, 1) : Dexie.maxKey, true, false);
    events = await range.reverse().filter(wanted).limit(limit).toArray();
  }
  const caseIds = [...new Set(events.map((e) => e.caseId))];
  const numbers = new Map((await db.cases.bulkGet(caseIds)).flatMap((c) => (c ? [[c.id, c.regNumber] as const] : [])));
  return events.map((e) => ({
    eventId: e.id,
    at: eventTime(e),
    userId: e.actor.userId,
    name: e.actor.name,
    role: e.actor.role,
    deviceCode: codes.get(e.deviceId) ?? e.deviceId.slice(0, 8),
    type: e.type,
    regNumber: e.type === 'office.caseViewed' ? e.payload.regNumber : (numbers.get(e.caseId) ?? ''),
    detail: detailOf(e),
  }));
}

export interface ChainReport {
  deviceId: string;
  deviceCode: string;
  events: number;
  check: ChainCheck;
}

export interface ChainsProgress {
  checked: number;
  total: number;
}

/**
 * What the check found. Stopped, it claims no chain intact: only the chains found broken
 * before the stop are reported, for a break stays a break whatever comes after it.
 */
export interface ChainsChecked extends ChainsProgress {
  stopped: boolean;
  chains: ChainReport[];
}

/** Events read and checked at a time: a page costs a moment, so progress shows and a stop is soon. */
export const CHECK_PAGE = 2_000;

/**
 * Checks every device chain this device holds: each hash, each link, no gap from the first
 * event. It reads the events a page at a time in their chains' order and keeps only each
 * chain's last number and hash, so years of events are checked without holding them all.
 */
export async function verifyAuditChains(db: KenseDb, onProgress: (p: ChainsProgress) => void = () => {}, signal?: AbortSignal): Promise<ChainsChecked> {
  const codes = await deviceCodes(db);
  let total = await db.events.count();
  const chains = new Map<string, { report: ChainReport; check: (event: ChainEvent) => ChainCheck }>();
  let checked = 0;
  const read = (after: [string, number] | null): Promise<ChainEvent[]> => {
    const index = db.events.where('[deviceId+deviceSeq]');
    return (after ? index.above(after) : index.aboveOrEqual(Dexie.minKey)).limit(CHECK_PAGE).toArray();
  };
  let next = read(null);
  for (;;) {
    const page = await next;
    if (signal?.aborted) return { stopped: true, checked, total, chains: [...chains.values()].flatMap(({ report }) => (report.check.ok ? [] : [report])) };
    // The next page is read while this one is checked: the check waits on the database about as long as it computes.
    const last = page.at(-1);
    if (page.length === CHECK_PAGE) next = read([last!.deviceId, last!.deviceSeq]);
    for (const event of page) {
      let chain = chains.get(event.deviceId);
      if (!chain) {
        chain = { report: { deviceId: event.deviceId, deviceCode: codes.get(event.deviceId) ?? event.deviceId.slice(0, 8), events: 0, check: { ok: true } }, check: chainChecker() };
        chains.set(event.deviceId, chain);
      }
      chain.report.events++;
      chain.report.check = chain.check(event);
    }
    checked += page.length;
    // Events written while it runs (a sign-in, a sync) come after the count: the total grows with them.
    total = Math.max(total, checked);
    onProgress({ checked, total });
    if (page.length < CHECK_PAGE) return { stopped: false, checked, total, chains: [...chains.values()].map(({ report }) => report) };
  }
}
