import Dexie from 'dexie';
import { mayRead, type Actor, type CaseEvent, type Stage } from '../../shared';
import type { CaseRow, KenseDb } from './db';

/** One screen of a worklist: the cases waiting at a stage, the most urgent first. */
export function worklist(db: KenseDb, stage: Exclude<Stage, 'closed'>, specialistId?: string, limit = 200): Promise<CaseRow[]> {
  if (specialistId) {
    return db.cases.where('[specialistId+stage+stepDueAt]').between([specialistId, stage, Dexie.minKey], [specialistId, stage, Dexie.maxKey]).limit(limit).toArray();
  }
  return db.cases.where('[stage+stepDueAt]').between([stage, Dexie.minKey], [stage, Dexie.maxKey]).limit(limit).toArray();
}

/** The latest cases, whatever their stage, that this person may read. */
export function recentCases(db: KenseDb, actor: Actor, limit = 200): Promise<CaseRow[]> {
  return db.cases
    .orderBy('updatedAt')
    .reverse()
    .filter((row) => mayRead(actor, row.state))
    .limit(limit)
    .toArray();
}

/** A case's events in this device's order of writing them. */
export async function caseEvents(db: KenseDb, caseId: string): Promise<CaseEvent[]> {
  // A case id never names the office stream, so these are case events.
  const events = (await db.events.where('caseId').equals(caseId).toArray()) as CaseEvent[];
  return events.sort((a, b) => a.hlc.localeCompare(b.hlc));
}
