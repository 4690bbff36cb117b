import Dexie, { type DBCore, type DBCoreTable, type DBCoreTransaction, type Middleware, type Table } from 'dexie';
import { STAGES } from '../../shared';
import type { CaseRow, OpenStage, StageFloorRow } from './rows';

/** The store's tables these read (db.ts builds the store with this file's middleware). */
type FloorsDb = Dexie & { cases: Table<CaseRow, string>; stageFloors: Table<StageFloorRow, string> };

export const OPEN_STAGES = STAGES.filter((stage): stage is OpenStage => stage !== 'closed');

/** Where a stage's list starts reading: its floor, or the start of the index when it has none. */
export async function stageFloor(db: FloorsDb, stage: OpenStage): Promise<string | typeof Dexie.minKey> {
  return (await db.stageFloors.get(stage))?.dueAt ?? Dexie.minKey;
}

/**
 * Keeps every floor at or below the cases written, in the same transaction: a case synced from
 * another device, or sent back to an earlier step, may be due before its stage's floor. As a
 * store middleware, no writer of case rows can forget it; a transaction that writes cases
 * without the floors table fails, rather than hide a case.
 */
export const stageFloorsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'stageFloors',
  // Above the sealing (-2), below Dexie's own (0–2), which read its transaction zone that an await here would lose.
  level: -1,
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== 'cases') return table;
        return {
          ...table,
          async mutate(req) {
            if (req.type === 'add' || req.type === 'put') await lowerFloors(down.table('stageFloors'), req.trans, req.values as CaseRow[]);
            return table.mutate(req);
          },
        };
      },
    };
  },
};

async function lowerFloors(floors: DBCoreTable, trans: DBCoreTransaction, rows: readonly CaseRow[]): Promise<void> {
  const lowest = new Map<OpenStage, string>();
  for (const row of rows) {
    if (row.stage === 'closed' || !row.stepDueAt) continue;
    const held = lowest.get(row.stage);
    if (held === undefined || row.stepDueAt < held) lowest.set(row.stage, row.stepDueAt);
  }
  if (!lowest.size) return;
  const found = (await floors.getMany({ trans, keys: [...lowest.keys()] })) as (StageFloorRow | undefined)[];
  const lowered = found.filter((floor): floor is StageFloorRow => !!floor && lowest.get(floor.stage)! < floor.dueAt).map((floor) => ({ stage: floor.stage, dueAt: lowest.get(floor.stage)! }));
  if (lowered.length) await floors.mutate({ type: 'put', trans, values: lowered });
}

/**
 * Moves each floor up to the most urgent case waiting at its stage, or to `now` when none waits
 * (a case that comes later due earlier lowers it again). Reads the stage once from its old floor,
 * so it pays for the entries left behind since the last raise: run it at sign-in and after long
 * writes (a sync, a training office), not on every list.
 */
export async function raiseStageFloors(db: FloorsDb, now: string): Promise<void> {
  await db.transaction('rw', [db.cases, db.stageFloors], async () => {
    for (const stage of OPEN_STAGES) {
      // The index key alone, [stage, stepDueAt]: no row is opened.
      const [first] = await db.cases
        .where('[stage+stepDueAt]')
        .between([stage, await stageFloor(db, stage)], [stage, Dexie.maxKey])
        .limit(1)
        .keys();
      await db.stageFloors.put({ stage, dueAt: first ? String((first as unknown[])[1]) : now });
    }
  });
}
