import { useState, type ChangeEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { CatalogError, type Duration, type Service } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage, useOfficeData } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { clearOfficeTerms, importService, setOfficeTerms } from '../store/catalog';
import { ErrorNote } from './parts';

const UNITS: Duration['unit'][] = ['minutes', 'workingDays', 'calendarDays', 'months'];

/** The administrator's view of the catalog: every service with its steps and term, a file to add one, and this office's own terms. */
export function Services() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const [notice, setNotice] = useState<{ ok: boolean; lines: string[] } | null>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      const service = await importService(db, catalog, file.name, await file.text(), actor);
      setNotice({ ok: true, lines: [t('services.imported', { name: service.names[language] })] });
    } catch (error) {
      setNotice({
        ok: false,
        lines:
          error instanceof CatalogError
            ? [t('services.importFailed', { file: error.file }), ...error.problems.map((p) => `${p.path || '—'}: ${p.message}`)]
            : [errorMessage(t, error, undefined, language)],
      });
    }
  }

  return (
    <section>
      <h1>{t('nav.services')}</h1>
      <div className="field">
        <label htmlFor="service-file">{t('services.import')}</label>
        <input id="service-file" type="file" accept="application/json,.json" onChange={onFile} />
        <span className="hint">{t('services.importHint')}</span>
      </div>
      {notice && (
        <div className={notice.ok ? 'ok' : 'error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      )}
      {[...catalog.values()].map((service) => (
        <ServiceCard key={service.id} service={service} />
      ))}
    </section>
  );
}

function ServiceCard({ service }: { service: Service }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const own = useLiveQuery(() => db.officeTerms.get(service.id), [service.id]);
  const [editing, setEditing] = useState(false);
  const [amount, setAmount] = useState(String(service.term.duration?.amount ?? ''));
  const [unit, setUnit] = useState<Duration['unit']>(service.term.duration?.unit ?? 'workingDays');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const duration = (d: Duration) => t(`units.${d.unit}`, { count: d.amount });

  async function save() {
    try {
      await setOfficeTerms(db, catalog, { serviceId: service.id, term: { amount: Number(amount), unit }, reason }, actor);
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(errorMessage(t, e, service, language));
    }
  }

  return (
    <article className="service-card" aria-label={service.names[language]}>
      <h2>{service.names[language]}</h2>
      <p className="hint">
        {service.id} · {t('services.version', { version: service.version })} · {service.channels.map((c) => t(`channels.${c}`)).join(', ')}
      </p>
      <table>
        <tbody>
          {service.steps.map((step) => (
            <tr key={step.id}>
              <td>{step.names[language]}</td>
              <td>{t(`roles.${step.role}`)}</td>
              <td>{duration(step.duration)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('services.term')}: <strong>{service.term.duration ? duration(service.term.duration) : t('services.sumOfSteps')}</strong>
        {!service.term.acceptanceDayCounts && `, ${t('services.acceptanceDayNotCounted')}`}
        {own && ` — ${t('services.officeTerm', { reason: own.reason })}`}
      </p>
      {!editing ? (
        <div className="buttons">
          <button onClick={() => setEditing(true)}>{t('services.setOfficeTerm')}</button>
          {own && <button onClick={() => void clearOfficeTerms(db, service.id, actor)}>{t('services.clearOfficeTerm')}</button>}
        </div>
      ) : (
        <div className="row">
          <div className="field">
            <label htmlFor={`${service.id}-amount`}>{t('services.amount')}</label>
            <input id={`${service.id}-amount`} inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${service.id}-unit`}>{t('services.unit')}</label>
            <select id={`${service.id}-unit`} value={unit} onChange={(e) => setUnit(e.target.value as Duration['unit'])}>
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`unitNames.${u}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${service.id}-reason`}>{t('services.reason')}</label>
            <input id={`${service.id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="buttons">
            <button className="primary" onClick={() => void save()}>
              {t('services.save')}
            </button>
            <button onClick={() => setEditing(false)}>{t('signing.cancel')}</button>
          </div>
        </div>
      )}
      <ErrorNote message={error} />
    </article>
  );
}
