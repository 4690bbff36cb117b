import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../shared';
import { useDevice, useOffset } from '../app/hooks';
import { useSyncUi } from '../app/hub';
import { db } from '../app/runtime';
import { CLOCK_TOLERANCE_MS } from '../store/hubLink';
import { openConflicts } from '../store/conflicts';

/** What this device and its hub know of each other: numbers for the indicator and the sync screen. */
export function useSyncStatus() {
  const device = useDevice();
  return useLiveQuery(async () => {
    const sync = await db.sync.get('this');
    const pending = sync && device ? device.lastSeq - sync.pushedSeq : (device?.lastSeq ?? 0);
    return { sync: sync ?? null, pending, conflicts: (await openConflicts(db)).length };
  }, [device]);
}

/** How far this device's clock is from the hub's; the skew is the hub's time minus the device's. */
export function clockWarning(t: TFunction, skewMs: number, long = false): string {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  return t(`sync.${skewMs < 0 ? 'clockAhead' : 'clockBehind'}${long ? 'Long' : ''}`, { minutes });
}

/** Always in the header: online or not, what waits to go, when the last sync was, and a wrong clock. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const offset = useOffset();
  const status = useSyncStatus();
  const { reachable, running, upToDateFrom } = useSyncUi();
  if (!status) return null;
  const { sync, pending } = status;
  const state = !sync ? 'notConnected' : running ? 'syncing' : reachable === false ? 'offline' : 'online';
  const clockOff = sync && Math.abs(sync.clockSkewMs) > CLOCK_TOLERANCE_MS;
  return (
    <a href="#/sync" className={`sync-indicator ${state}`} data-testid="sync-indicator" data-up-to-date-from={upToDateFrom ?? ''}>
      <span aria-hidden="true">●</span> {t(`sync.state.${state}`)}
      {sync && ` · ${t('sync.pending', { count: pending })}`}
      {sync?.lastSyncAt && ` · ${t('sync.lastSync', { at: formatDateTime(sync.lastSyncAt, offset) })}`}
      {status.conflicts > 0 && <strong className="clock-warning"> · {t('sync.conflicts', { count: status.conflicts })}</strong>}
      {clockOff && <strong className="clock-warning"> · {clockWarning(t, sync.clockSkewMs)}</strong>}
    </a>
  );
}
