import { create } from 'zustand';
import { DomainError, type HubTransport } from '../../shared';
import { retryParked } from '../store/projection';
import { syncNow, type SyncProgress } from '../store/sync';
import { db, platform } from './runtime';

/** How often the device tries its hub; any change of network also starts a try at once. */
const SYNC_EVERY_MS = 15_000;

export const hubTransport = (hubUrl: string): HubTransport => (call, hubKey) => platform.hubCall(hubUrl, call, hubKey);

interface SyncUi {
  /** null until the first try; false when the hub did not answer. */
  reachable: boolean | null;
  running: boolean;
  progress: SyncProgress | null;
  /** When the last successful sync started: everything committed on the hub before it is here. */
  upToDateFrom: string | null;
  /** Stops the running sync between two batches. */
  stop: AbortController | null;
}

export const useSyncUi = create<SyncUi>(() => ({ reachable: null, running: false, progress: null, upToDateFrom: null, stop: null }));

/** One sync, unless one is running. It never blocks work: commands keep writing while it runs. */
export async function runSync(): Promise<void> {
  // A locked app cannot write what it pulls: the office key is gone until someone signs in.
  if (!db.officeKey) return;
  const row = await db.sync.get('this');
  if (!row || row.join || useSyncUi.getState().running) return;
  const stop = new AbortController();
  useSyncUi.setState({ running: true, progress: null, stop });
  const startedAt = new Date().toISOString();
  try {
    await syncNow(db, hubTransport(row.hubUrl), (progress) => useSyncUi.setState({ progress }), stop.signal);
    useSyncUi.setState({ reachable: true, upToDateFrom: startedAt });
  } catch (error) {
    // A server that is not the pinned hub is no hub reached.
    useSyncUi.setState({ reachable: !(error instanceof DomainError && (error.code === 'sync.unreachable' || error.code === 'sync.hubNotPinned')) });
  } finally {
    useSyncUi.setState({ running: false, progress: null, stop: null });
  }
}

/** At each sign-in: cases parked by an older version are tried again first (this one may know their events), then a sync. */
export function syncAfterSignIn(): void {
  void retryParked(db).then(runSync);
}

/** Starts syncing by itself: every few seconds, and whenever the network comes back, while someone is signed in. */
export function startAutoSync(): void {
  setInterval(() => void runSync(), SYNC_EVERY_MS);
  window.addEventListener('online', () => void runSync());
}
