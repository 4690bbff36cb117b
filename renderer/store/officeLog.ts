import { keysOf, type KenseDb } from './db';
import type { LogPageRow, LogRow } from './rows';

/*
 * The office log as this device pulled it, kept a page to a row (db.ts version 15): a pulled event
 * costs one put, its own row in `events`, and its log entry shares its page's row. The indexes say
 * which pages to open; what is read is each page's entries.
 */

/** Entries a pulled page holds at most: the hub's limit asked for. */
export const PULL_PAGE = 500;

/** A page's row: its entries, with what the readers look pages up by. */
export function logPage(entries: readonly LogRow[]): LogPageRow {
  const distinct = <T>(values: T[]) => [...new Set(values)];
  return {
    through: entries.at(-1)!.seq,
    caseIds: distinct(entries.map((e) => e.caseId)),
    open: distinct(entries.filter((e) => e.status !== 'accepted').map((e) => e.status)),
    inline: distinct(entries.filter((e) => e.event && e.status !== 'quarantined').map((e) => e.deviceId)),
    devices: distinct(entries.map((e) => e.deviceId)),
    entries: [...entries],
  };
}

/** The pages that any of these values index, each opened once (a walk of the index meets a page once per value). */
async function pagesOf(db: KenseDb, index: 'caseIds' | 'open', values: readonly string[]): Promise<LogPageRow[]> {
  const pages = await db.logPages.bulkGet([...new Set(await keysOf(db.logPages, index, values))]);
  return pages.filter((p) => p !== undefined);
}

/** The entries of these cases, in log order. */
export async function loggedOfCases(db: KenseDb, caseIds: readonly string[]): Promise<LogRow[]> {
  const wanted = new Set(caseIds);
  const pages = await pagesOf(db, 'caseIds', [...wanted]);
  return pages.flatMap((p) => p.entries.filter((e) => wanted.has(e.caseId))).sort((a, b) => a.seq - b.seq);
}

/** The entries in these statuses, newest first. */
export async function loggedIn(db: KenseDb, statuses: readonly LogRow['status'][]): Promise<LogRow[]> {
  const pages = await pagesOf(db, 'open', statuses);
  return pages.flatMap((p) => p.entries.filter((e) => statuses.includes(e.status))).sort((a, b) => b.seq - a.seq);
}

/** The newest entries, newest first, page by page while `more` asks for them. */
export async function newestLogged(db: KenseDb, more: (entries: LogRow[]) => Promise<boolean>): Promise<void> {
  let before = Infinity;
  for (;;) {
    const page = await db.logPages.where('through').below(before).last();
    if (!page || !(await more([...page.entries].reverse()))) return;
    before = page.through;
  }
}

/** A device's highest number in the log: its chain enters the log in order, so its newest page holds it. */
export async function loggedTip(db: KenseDb, deviceId: string): Promise<number> {
  const page = await db.logPages.where('devices').equals(deviceId).last();
  return Math.max(0, ...(page?.entries ?? []).filter((e) => e.deviceId === deviceId).map((e) => e.deviceSeq));
}

/** A device's events kept in log entries (another event holds their id), not quarantined: they still link its chain. */
export async function inlineOf(db: KenseDb, deviceId: string): Promise<LogRow[]> {
  const pages = await db.logPages.where('inline').equals(deviceId).toArray();
  return pages.flatMap((p) => p.entries.filter((e) => e.deviceId === deviceId && e.event && e.status !== 'quarantined'));
}

/** Entries of the log as version 14 kept them, a row each, go into pages. Sealed, they move only under a signed-in person's key: at sign-in (reindex). */
export async function pageOldLog(db: KenseDb): Promise<void> {
  if (!(await db.log.count())) return;
  await db.transaction('rw', db.log, db.logPages, async () => {
    const rows = await db.log.orderBy('seq').toArray();
    for (let i = 0; i < rows.length; i += PULL_PAGE) await db.logPages.put(logPage(rows.slice(i, i + PULL_PAGE)));
    await db.log.clear();
  });
}
