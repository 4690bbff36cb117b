import type { KenseDb } from './db';
import type { KeptDraftRow } from './rows';

/*
 * A review takes days (S4, S5: 10–25): what the specialist has ticked, chosen and typed is kept
 * on this device as they type, so leaving the page loses nothing and asks nothing. It is theirs
 * alone and never synced; sending the review drops it.
 */

const keyOf = (caseId: string, userId: string) => `${caseId} ${userId}`;

export async function keptDraft(db: KenseDb, caseId: string, userId: string): Promise<KeptDraftRow | null> {
  return (await db.drafts.get(keyOf(caseId, userId))) ?? null;
}

export async function keepDraft(db: KenseDb, caseId: string, userId: string, form: Record<string, unknown>, now = new Date()): Promise<void> {
  await db.drafts.put({ key: keyOf(caseId, userId), savedAt: now.toISOString(), form });
}

export async function dropDraft(db: KenseDb, caseId: string, userId: string): Promise<void> {
  await db.drafts.delete(keyOf(caseId, userId));
}
