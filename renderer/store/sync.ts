import { DomainError, type HubTransport, type NotificationQueue } from '../../shared';
import type { KenseDb } from './db';
import { raiseStageFloors } from './stageFloors';
import { call, asDevice } from './hubLink';
import { refold, SYNC_TABLES } from './projection';
import { pullAll } from './pull';
import { PUSH_BATCH, pushOwn, relay } from './push';

/*
 * One sync with the hub (DESIGN.md "Sync"): push, relay, pull.
 */

export interface SyncProgress {
  done: number;
  total: number;
}

/**
 * One sync with the hub: push this device's outbox, pass on what it carries for others, pull the
 * office log. Safe to stop at any point (the signal) and to run again: every step is idempotent.
 */
export async function syncNow(db: KenseDb, transport: HubTransport, onProgress: (p: SyncProgress) => void = () => {}, signal?: AbortSignal): Promise<void> {
  const sync = await db.sync.get('this');
  if (!sync || sync.join) throw new DomainError('sync.noHub');
  const device = (await db.device.get('this'))!;
  const progress: SyncProgress = { done: 0, total: device.lastSeq - sync.pushedSeq };
  try {
    // What this device carries for others goes first: a person's record from the administrator's chain
    // must be numbered before the work it lets them do.
    await relay(db, transport);
    await pushOwn(db, transport, () => onProgress({ ...progress, done: (progress.done += PUSH_BATCH) }), signal);
    const pulled = await pullAll(db, transport, (page, left) => onProgress({ done: (progress.done += page), total: (progress.total = progress.done + left) }), signal);
    const after = (await db.sync.get('this'))!;
    if (pulled.ownSeq < after.pushedSeq) {
      // The hub lost some of this device's events (restored from a backup): push them again.
      await db.sync.update('this', { pushedSeq: pulled.ownSeq });
      await pushOwn(db, transport, () => {});
    }
    if (pulled.restored) await db.transaction('rw', SYNC_TABLES(db), async () => refold(db, await db.cases.toCollection().primaryKeys()));
    await raiseStageFloors(db, new Date().toISOString());
    await db.sync.update('this', { lastSyncAt: new Date().toISOString(), lastError: null });
  } catch (error) {
    await db.sync.update('this', { lastError: error instanceof DomainError ? { code: error.code, params: error.params } : { code: 'sync.unreachable', params: {} } });
    throw error;
  }
}

/** The hub's messages to this office's applicants: how many wait, were sent, failed; the latest unsent. */
export async function notificationQueue(db: KenseDb, transport: HubTransport): Promise<NotificationQueue> {
  return call<NotificationQueue>(db, transport, '/notifications', {}, await asDevice(db));
}
