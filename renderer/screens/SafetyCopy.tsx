import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainEvent } from '../../shared';
import { db, platform } from '../app/runtime';
import { missingFromDb, rebuildFromCopy } from '../store/safetyCopy';

/** At start: if the safety copy holds events the database lost, say so and offer to put them back. */
export function SafetyCopyCheck() {
  const { t } = useTranslation();
  const [missing, setMissing] = useState<ChainEvent[]>([]);
  const [rebuilt, setRebuilt] = useState<number | null>(null);
  useEffect(() => {
    void platform.readEventLog().then(async (copy) => copy && setMissing(await missingFromDb(db, copy)));
  }, []);
  if (rebuilt !== null) return <p className="notice">{t('app.copyRebuilt', { count: rebuilt })}</p>;
  if (!missing.length) return null;
  return (
    <p className="error" role="alert">
      {t('app.copyMissing', { count: missing.length })}{' '}
      <button onClick={() => void rebuildFromCopy(db, missing).then((n) => (setRebuilt(n), setMissing([])))}>{t('app.copyRebuild')}</button>
    </p>
  );
}
