import Dexie from 'dexie';
import { chainEventSchema, hashHolds, isOfficeEvent, registrationParts, type ChainEvent } from '../../shared';
import type { KenseDb } from './db';
import { refold, SYNC_TABLES } from './sync';

/**
 * The safety copy: every committed event, one JSON line each, in a file beside IndexedDB (the
 * desktop app's data folder). If the database loses events (a cleared or old profile), the copy
 * brings them back.
 */

/** The events of the copy the database does not hold. A torn last line (a crash mid-write) is left out. */
export async function missingFromDb(db: KenseDb, copy: string): Promise<ChainEvent[]> {
  const events: ChainEvent[] = [];
  for (const line of copy.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = chainEventSchema.safeParse(JSON.parse(line));
      if (parsed.success && hashHolds(parsed.data)) events.push(parsed.data);
    } catch {
      // Not a whole line: the write it belonged to never committed.
    }
  }
  const held = await db.events.bulkGet(events.map((e) => e.id));
  return events.filter((_, i) => !held[i]);
}

/**
 * Puts the missing events back, each where its chain expects it, and folds their cases again.
 * This device's own counters move up to its newest event, so it never reuses a number.
 */
export async function rebuildFromCopy(db: KenseDb, missing: readonly ChainEvent[]): Promise<number> {
  return db.transaction('rw', [...SYNC_TABLES(db), db.device], async () => {
    let added = 0;
    const touched = new Set<string>();
    for (const event of [...missing].sort((a, b) => a.deviceSeq - b.deviceSeq)) {
      const clash = await db.events.where('[deviceId+deviceSeq]').equals([event.deviceId, event.deviceSeq]).first();
      if (clash || (await db.events.get(event.id))) continue;
      await db.events.add(event);
      added++;
      if (!isOfficeEvent(event)) touched.add(event.caseId);
    }
    const device = await db.device.get('this');
    if (device) {
      const newest = await db.events.where('[deviceId+deviceSeq]').between([device.deviceId, Dexie.minKey], [device.deviceId, Dexie.maxKey]).last();
      // The registration numbers it issued, so that none is issued twice.
      const regSequence = { ...device.regSequence };
      for (const event of missing) {
        const parts = event.deviceId === device.deviceId && event.type === 'case.registered' ? registrationParts(event.payload.regNumber) : null;
        if (parts) regSequence[parts.year] = Math.max(regSequence[parts.year] ?? 0, parts.sequence);
      }
      if (newest && newest.deviceSeq > device.lastSeq) await db.device.put({ ...device, lastSeq: newest.deviceSeq, lastHash: newest.hash, hlc: newest.hlc, regSequence });
    }
    for (const caseId of touched) await refold(db, caseId);
    return added;
  });
}
