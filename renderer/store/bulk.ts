import type { Actor, CaseState, Command } from '../../shared';
import { execute, type OfficeData } from './commands';
import type { KenseDb } from './db';

/** What a batch came to: the cases it moved, and each case it could not, with the rules' refusal. */
export interface BatchOutcome {
  done: CaseState[];
  refused: { caseId: string; error: unknown }[];
}

/**
 * One command for each of many cases (a visa for a day's applications, a courier's batch), each
 * checked and written on its own as if given alone: a refused one is told and leaves the others
 * to go on, and nothing of it is written.
 */
export async function executeEach(db: KenseDb, data: OfficeData, actor: Actor, commands: readonly Command[], onProgress?: (done: number, total: number) => void): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { done: [], refused: [] };
  for (const [i, command] of commands.entries()) {
    try {
      outcome.done.push(await execute(db, data, actor, command));
    } catch (error) {
      outcome.refused.push({ caseId: command.caseId, error });
    }
    onProgress?.(i + 1, commands.length);
  }
  return outcome;
}
