import Dexie from 'dexie';
import { chainEventSchema, DomainError, fromBase64, hashHolds, isOfficeEvent, openBytes, registrationParts, sealBytes, toBase64, type ChainEvent } from '../../shared';
import type { KenseDb } from './db';
import { refold, SYNC_TABLES } from './projection';

/**
 * The safety copy: every committed event, one JSON line each, in a file beside IndexedDB (the
 * desktop app's data folder). If the database loses events (a cleared or old profile), the copy
 * brings them back. Each line is sealed with the office key, like the database itself.
 */

/** One line of the copy: the event's JSON, sealed with the office key, in base64. */
export function safetyCopyLine(key: Uint8Array, event: ChainEvent): string {
  return `${toBase64(sealBytes(key, new TextEncoder().encode(JSON.stringify(event))))}\n`;
}

function openLine(key: Uint8Array, line: string): unknown {
  return JSON.parse(new TextDecoder().decode(openBytes(key, fromBase64(line.trim()))));
}

/** The events of the copy the database does not hold. A torn last line (a crash mid-write) is left out. */
export async function missingFromDb(db: KenseDb, copy: string): Promise<ChainEvent[]> {
  const key = db.officeKey;
  if (!key) throw new DomainError('auth.locked');
  const events: ChainEvent[] = [];
  for (const line of copy.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = chainEventSchema.safeParse(openLine(key, line));
      if (parsed.success && hashHolds(parsed.data)) events.push(parsed.data);
    } catch {
      // Not a whole line (the write it belonged to never committed), or sealed with another key.
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
    await refold(db, [...touched]);
    return added;
  });
}
