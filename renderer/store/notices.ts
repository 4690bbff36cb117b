import { sentBack, urgency, type Actor, type StatusEntry } from '../../shared';
import { openConflicts } from './conflicts';
import type { KenseDb } from './db';
import { OPEN_STAGES } from './stageFloors';
import { atStage } from './queries';
import type { CaseRow } from './rows';

/**
 * The start screen's notices: work that needs this person now, which no list of theirs shows
 * on its own — a key waiting for the administrator, entries the hub or this device refused,
 * steps about to run out for the head, a review sent back or given to the specialist.
 */
export interface Notice {
  kind: 'keyRequests' | 'conflicts' | 'overdue' | 'atRisk' | 'sentBack' | 'reassigned';
  count: number;
  /** The first cases it is about, with the head's reason where a review came back or was given over. */
  cases: { row: CaseRow; entry?: StatusEntry }[];
}

/** A step is at risk in its last quarter (deadlines.ts urgency); no step here runs past this, so no case further out can be. */
const AT_RISK_HORIZON_MS = 60 * 24 * 60 * 60 * 1000;
/** The cases a notice names; its list or report holds the rest. */
const NAMED = 5;

/** The key requests the office registry does not list yet: the administrator registers them (Keys). */
export async function pendingKeyRequests(db: KenseDb) {
  const registered = new Set((await db.registry.get('this'))?.signed.registry.keys.map((k) => k.keyId));
  return (await db.keyRequests.toArray()).filter((k) => !registered.has(k.keyId));
}

export async function noticesFor(db: KenseDb, actor: Actor, now: string): Promise<Notice[]> {
  const notices: Notice[] = [];
  if (actor.role === 'admin') notices.push({ kind: 'keyRequests', count: (await pendingKeyRequests(db)).length, cases: [] });
  if (actor.role === 'admin' || actor.role === 'head') notices.push({ kind: 'conflicts', count: (await openConflicts(db)).length, cases: [] });
  if (actor.role === 'head') {
    const horizon = new Date(Date.parse(now) + AT_RISK_HORIZON_MS).toISOString();
    const open = (await Promise.all(OPEN_STAGES.map(async (stage) => (await atStage(db, stage, undefined, horizon)).toArray()))).flat();
    const by = (level: 'overdue' | 'atRisk') => open.filter((r) => r.stepDueAt && urgency(r.state.stepStartedAt ?? r.state.registeredAt, r.stepDueAt, now) === level).sort((a, b) => a.stepDueAt.localeCompare(b.stepDueAt));
    for (const kind of ['overdue', 'atRisk'] as const) {
      const cases = by(kind);
      notices.push({ kind, count: cases.length, cases: cases.slice(0, NAMED).map((row) => ({ row })) });
    }
  }
  if (actor.role === 'specialist') {
    const mine = await (await atStage(db, 'review', actor.userId)).toArray();
    // A review given over is told as such, even when it had come back to its first specialist before.
    const given = mine.flatMap((row) => {
      const last = row.state.history.at(-1)!;
      return last.type === 'case.reassigned' ? [{ row, entry: last }] : [];
    });
    const returned = mine.flatMap((row) => {
      const entry = sentBack(row.state);
      return entry && !given.some((g) => g.row.id === row.id) ? [{ row, entry }] : [];
    });
    notices.push({ kind: 'sentBack', count: returned.length, cases: returned.slice(0, NAMED) }, { kind: 'reassigned', count: given.length, cases: given.slice(0, NAMED) });
  }
  return notices.filter((n) => n.count > 0);
}
