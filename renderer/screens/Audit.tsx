import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared';
import { auditTrail, verifyAuditChains, type AuditFilter, type AuditRow, type ChainsChecked, type ChainsProgress } from '../store/audit';
import { csvOf } from '../app/exports';
import { recordAudit } from '../store/accounts';
import { useDevice } from '../app/hooks';
import { db, platform } from '../app/runtime';
import { useUi } from '../app/session';
import { DateField } from './DateField';

/** The kinds a person filters by: every case action, or one kind of audit record. */
const KINDS = ['case.', 'office.caseViewed', 'office.signedIn', 'office.exported', 'office.staffSaved'] as const;
const PAGE = 200;

/** The head's and the administrator's audit trail: filter, export, and check that the chains are intact. */
export function Audit() {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const device = useDevice();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [chains, setChains] = useState<ChainsChecked | null>(null);
  const [checking, setChecking] = useState<{ progress: ChainsProgress; stop: AbortController } | null>(null);
  const staff = useLiveQuery(() => db.staff.toArray(), []);
  // One more than a screen: enough to say that there is more, and to narrow the filter.
  const rows = useLiveQuery(() => auditTrail(db, filter, PAGE + 1), [filter]);
  if (!device || !rows) return <p>{t('app.loading')}</p>;
  const offset = device.office.offsetMinutes;
  const kindLabel = (type: string) => (type === 'case.' ? t('audit.caseActions') : t(`events.${type}`, { defaultValue: type }));
  const action = (r: AuditRow) => kindLabel(r.type);
  const detail = (r: AuditRow) => (r.type === 'office.caseViewed' ? t(`audit.views.${r.detail}`) : r.type === 'office.signedIn' && r.detail ? t('counts.failedBefore', { count: Number(r.detail) }) : r.detail);

  async function exportCsv() {
    const header = [t('audit.when'), t('audit.who'), t('audit.role'), t('audit.device'), t('audit.action'), t('audit.case'), t('audit.detail')];
    const all = await auditTrail(db, filter);
    const csv = csvOf(all, header, (r) => [formatDateTime(r.at, offset), r.name, t(`roles.${r.role}`), r.deviceCode, action(r), r.regNumber, detail(r)]);
    await platform.saveFile(`audit-${device!.office.code}-${new Date().toISOString().slice(0, 10)}.csv`, new TextEncoder().encode(csv));
    await recordAudit(db, actor, { type: 'office.exported', payload: { what: 'audit', count: all.length } });
  }

  async function checkChains() {
    const stop = new AbortController();
    setChains(null);
    setChecking({ progress: { checked: 0, total: 0 }, stop });
    try {
      setChains(await verifyAuditChains(db, (progress) => setChecking({ progress, stop }), stop.signal));
    } finally {
      setChecking(null);
    }
  }

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p className="hint">{t('audit.intro')}</p>
      <div className="filters">
        <label>
          {t('audit.who')}{' '}
          <select value={filter.userId ?? ''} onChange={(e) => setFilter({ ...filter, userId: e.target.value || undefined })}>
            <option value="">{t('audit.everyone')}</option>
            {staff?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.action')}{' '}
          <select value={filter.type ?? ''} onChange={(e) => setFilter({ ...filter, type: e.target.value || undefined })}>
            <option value="">{t('audit.everything')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.case')} <input value={filter.regNumber ?? ''} onChange={(e) => setFilter({ ...filter, regNumber: e.target.value || undefined })} />
        </label>
        <div>
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <DateField id="audit-from" value={filter.from ?? ''} onChange={(date) => setFilter({ ...filter, from: date || undefined })} />
        </div>
        <div>
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <DateField id="audit-to" value={filter.to ?? ''} onChange={(date) => setFilter({ ...filter, to: date || undefined })} />
        </div>
      </div>
      <div className="buttons">
        <button onClick={() => void exportCsv()} disabled={rows.length === 0}>
          {t('audit.export')}
        </button>
        <button onClick={() => void checkChains()} disabled={checking !== null}>
          {t('audit.verify')}
        </button>
      </div>
      {checking && (
        <p>
          {/* Until the events are counted the bar runs without a figure, rather than say «0 of 0». */}
          {checking.progress.total ? (
            <>
              <progress max={checking.progress.total} value={checking.progress.checked} aria-label={t('audit.checking')} /> {t('audit.checked', { checked: checking.progress.checked, total: checking.progress.total })}
            </>
          ) : (
            <>
              <progress aria-label={t('audit.checking')} /> {t('audit.checking')}
            </>
          )}{' '}
          <button onClick={() => checking.stop.abort()}>{t('audit.stop')}</button>
        </p>
      )}
      {chains?.stopped && <p className="hint">{t('audit.stopped', { checked: chains.checked, total: chains.total })}</p>}
      {chains && (
        <ul className="chains" data-testid="audit-chains">
          {chains.chains.map((c) => (
            <li key={c.deviceId} className={c.check.ok ? 'ok' : 'error'}>
              {c.check.ok ? t('audit.chainIntact', { device: c.deviceCode, count: c.events }) : t('audit.chainBroken', { device: c.deviceCode, seq: c.check.deviceSeq, problem: t(`audit.problems.${c.check.problem}`) })}
            </li>
          ))}
        </ul>
      )}
      <table className="list" data-testid="audit-trail">
        <thead>
          <tr>
            <th>{t('audit.when')}</th>
            <th>{t('audit.who')}</th>
            <th>{t('audit.device')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.case')}</th>
            <th>{t('audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, PAGE).map((r) => (
            <tr key={r.eventId}>
              <td>{formatDateTime(r.at, offset)}</td>
              <td>
                {r.name} <span className="hint">{t(`roles.${r.role}`)}</span>
              </td>
              <td>{r.deviceCode}</td>
              <td>{action(r)}</td>
              <td>{r.regNumber}</td>
              <td>{detail(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > PAGE && <p className="hint">{t('counts.auditLatest', { count: PAGE })}</p>}
    </section>
  );
}
