import { useState, type ChangeEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { CatalogError, type Duration, type OfficeTerms, type Service } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage, useOfficeData } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { clearOfficeTerms, importService, pastRetention, setOfficeTerms, setRetention } from '../store/catalog';
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
      <RetentionSection />
    </section>
  );
}

/**
 * How long each service's closed cases are kept, and the cases past it. Kense deletes nothing:
 * the list is for the office's decision under its records schedule.
 */
function RetentionSection() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const rows = useLiveQuery(() => db.retention.toArray(), []);
  const past = useLiveQuery(() => pastRetention(db), [rows]);
  const [form, setForm] = useState({ serviceId: [...catalog.keys()][0]!, years: '', basis: '' });
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setError(null);
    try {
      await setRetention(db, catalog, { serviceId: form.serviceId, years: Number(form.years), basis: form.basis }, actor);
      setForm({ ...form, years: '', basis: '' });
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    }
  }

  return (
    <section className="card">
      <h2>{t('retention.title')}</h2>
      <p className="hint">{t('retention.intro')}</p>
      <table className="list">
        <thead>
          <tr>
            <th>{t('retention.service')}</th>
            <th>{t('retention.years')}</th>
            <th>{t('retention.basis')}</th>
          </tr>
        </thead>
        <tbody>
          {[...catalog.values()].map((service) => {
            const row = rows?.find((r) => r.serviceId === service.id);
            return (
              <tr key={service.id}>
                <td>{service.names[language]}</td>
                <td>{row ? row.years : t('retention.notSet')}</td>
                <td>{row?.basis}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="filters">
        <label>
          {t('retention.service')}
          <select value={form.serviceId} onChange={(e) => setForm({ ...form, serviceId: e.target.value })}>
            {[...catalog.values()].map((s) => (
              <option key={s.id} value={s.id}>
                {s.names[language]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('retention.years')}
          <input type="number" min={1} max={100} value={form.years} onChange={(e) => setForm({ ...form, years: e.target.value })} />
        </label>
        <label>
          {t('retention.basis')}
          <input value={form.basis} onChange={(e) => setForm({ ...form, basis: e.target.value })} />
        </label>
      </div>
      <ErrorNote message={error} />
      <button onClick={() => void save()}>{t('retention.save')}</button>
      <h3>{t('retention.past')}</h3>
      {past?.length ? (
        <ul data-testid="past-retention">
          {past.map((p) => (
            <li key={p.regNumber}>
              <a href={`#/cases`}>{p.regNumber}</a> — {catalog.get(p.serviceId)?.names[language]}: {t('retention.closedOn', { closed: p.closedAt.slice(0, 10), until: p.until.slice(0, 10) })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('retention.nonePast')}</p>
      )}
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
  // The same record holds the office's choice of signatures (NcaPolicy), which a term of the catalog's keeps.
  const ownTerm = own && (own.term || own.steps) ? own : undefined;
  const clearTerm = () =>
    own?.ncaSignature ? setOfficeTerms(db, catalog, { serviceId: service.id, ncaSignature: true, reason: own.reason }, actor) : clearOfficeTerms(db, service.id, actor);

  async function save() {
    try {
      await setOfficeTerms(db, catalog, { serviceId: service.id, term: { amount: Number(amount), unit }, reason, ...(own?.ncaSignature ? { ncaSignature: true } : {}) }, actor);
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
        {t('services.version', { version: service.version })} · {service.channels.map((c) => t(`channels.${c}`)).join(', ')}
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
        {ownTerm && ` — ${t('services.officeTerm', { reason: ownTerm.reason })}`}
      </p>
      {!editing ? (
        <div className="buttons">
          <button onClick={() => setEditing(true)}>{t('services.setOfficeTerm')}</button>
          {ownTerm && <button onClick={() => void clearTerm()}>{t('services.clearOfficeTerm')}</button>}
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
      <NcaPolicy service={service} own={own} />
    </article>
  );
}

/** The office's choice for a service's results: the Kense seal alone, or the head's NCA RK signature beside it, which handover then waits for. */
function NcaPolicy({ service, own }: { service: Service; own: OfficeTerms | undefined }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const required = !!own?.ncaSignature;
  async function toggle() {
    try {
      const { serviceId, term, steps } = own ?? { serviceId: service.id };
      await setOfficeTerms(db, catalog, { serviceId, ...(term ? { term } : {}), ...(steps ? { steps } : {}), ...(required ? {} : { ncaSignature: true }), reason }, actor);
      setReason('');
      setError(null);
    } catch (e) {
      setError(errorMessage(t, e, service, language));
    }
  }
  return (
    <div className="nca-policy">
      <p>
        {t('services.signatures')}: <strong>{required ? t('services.sealAndNca') : t('services.sealOnly')}</strong>
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor={`${service.id}-nca-reason`}>{t('services.ncaReason')}</label>
          <input id={`${service.id}-nca-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="buttons">
          <button onClick={() => void toggle()}>{required ? t('services.ncaOff') : t('services.ncaOn')}</button>
        </div>
      </div>
      <ErrorNote message={error} />
    </div>
  );
}
