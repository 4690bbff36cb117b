import { useState, type ChangeEvent, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CatalogError, formatDate, localDateOf, REGULATION_SERVICES, type CatalogProblem, type Duration, type Language, type OfficeTerms, type Service } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { clearOfficeTerms, importService, pastRetention, previewService, setOfficeTerms, setRetention, withdrawService } from '../store/catalog';
import { ErrorNote } from './parts';

const UNITS: Duration['unit'][] = ['minutes', 'workingDays', 'calendarDays', 'months'];

/**
 * Where a problem is in the file, in words: "steps № 2 «Visa», duration, amount". An item is named
 * by its own name where it has one, so the administrator finds it without reading the file's keys.
 */
function problemPlace(t: TFunction, path: string, data: unknown, language: Language): string {
  if (!path) return t('catalogPlaces.file');
  let at = data;
  const words = path.split('.').map((part) => {
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    if (!/^\d+$/.test(part)) return t(`catalogPlaces.${part}`, { defaultValue: part });
    const item = at as { names?: Record<string, unknown>; label?: Record<string, unknown> } | undefined;
    const name = item?.names?.[language] ?? item?.label?.[language];
    return typeof name === 'string' ? `№ ${Number(part) + 1} «${name}»` : `№ ${Number(part) + 1}`;
  });
  const place = words.join(', ').replace(/, №/g, ' №');
  return place.charAt(0).toUpperCase() + place.slice(1);
}

/** What is wrong with a chosen file, each problem where it is and what, in the person's language. */
function fileProblems(t: TFunction, error: unknown, text: string, language: Language): string[] {
  if (!(error instanceof CatalogError)) return [errorMessage(t, error, undefined, language)];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const line = (p: CatalogProblem) => `${problemPlace(t, p.path, data, language)}: ${t(`catalogProblems.${p.code}`, p.params)}`;
  return [t('services.importFailed', { file: error.file }), ...error.problems.map(line)];
}

/**
 * The administrator's view of the catalog: every service with its steps and term, a file to add
 * one (previewed, applied only once confirmed), and this office's own terms.
 */
export function Services() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const [notice, setNotice] = useState<{ ok: boolean; lines: string[] } | null>(null);
  const [chosen, setChosen] = useState<{ file: string; text: string; service: Service } | null>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    setChosen(null);
    setNotice(null);
    if (!file) return;
    const text = await file.text();
    try {
      setChosen({ file: file.name, text, service: previewService(catalog, file.name, text) });
    } catch (error) {
      setNotice({ ok: false, lines: fileProblems(t, error, text, language) });
    }
  }

  async function confirm() {
    if (!chosen) return;
    try {
      const service = await importService(db, catalog, chosen.file, chosen.text, actor);
      setChosen(null);
      setNotice({ ok: true, lines: [t('services.imported', { name: service.names[language] })] });
    } catch (error) {
      setNotice({ ok: false, lines: fileProblems(t, error, chosen.text, language) });
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
      {chosen && <ServicePreview service={chosen.service} onConfirm={() => void confirm()} onCancel={() => setChosen(null)} />}
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

/** What a chosen file would add, in the person's language, for the administrator to confirm or put aside. */
function ServicePreview({ service, onConfirm, onCancel }: { service: Service; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section className="card service-preview" aria-labelledby="service-preview-title">
      <h2 id="service-preview-title">{t('services.previewTitle', { name: service.names[language] })}</h2>
      <p className="hint">{t('services.previewHint')}</p>
      <p>
        {t('services.version', { version: service.version })} · {service.channels.map((c) => t(`channels.${c}`)).join(', ')}
      </p>
      <h3>{t('services.steps')}</h3>
      <ServiceSteps service={service} />
      <h3>{t('services.formFields')}</h3>
      {service.form.length ? (
        <ul>
          {service.form.map((f) => (
            <li key={f.id}>
              {f.label[language]} — {t(f.required ? 'services.required' : 'services.optional')}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('services.noFields')}</p>
      )}
      <h3>{t('services.documents')}</h3>
      <ul>
        {service.documents.map((d) => (
          <li key={d.id}>
            {d.names[language]} — {t(d.required ? 'services.required' : 'services.optional')}
          </li>
        ))}
      </ul>
      <div className="buttons">
        <button className="primary" onClick={onConfirm}>
          {t('services.confirmImport')}
        </button>
        <button onClick={onCancel}>{t('services.cancelImport')}</button>
      </div>
    </section>
  );
}

/** A service's steps, who does each and in what time, and the term promised; `extra` follows the term (the office's own). */
function ServiceSteps({ service, extra }: { service: Service; extra?: ReactNode }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const duration = (d: Duration) => t(`units.${d.unit}`, { count: d.amount });
  return (
    <>
      <table className="list">
        <thead>
          <tr>
            <th>{t('services.step')}</th>
            <th>{t('services.who')}</th>
            <th>{t('services.stepTerm')}</th>
          </tr>
        </thead>
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
        {extra}
      </p>
    </>
  );
}

/**
 * An added service taken out of new intake, with the reason; the regulation's services have no
 * such button (the rulebook refuses them too).
 */
function Withdrawal({ service }: { service: Service }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (REGULATION_SERVICES.includes(service.id)) return null;
  if (service.withdrawn) {
    return (
      <p className="warning" role="status">
        {t('services.withdrawn', { date: formatDate(localDateOf(service.withdrawn.at, offset), language, 'long'), reason: service.withdrawn.reason })}
      </p>
    );
  }
  async function withdraw() {
    try {
      await withdrawService(db, catalog, service.id, reason, actor);
      setError(null);
    } catch (e) {
      setError(errorMessage(t, e, service, language));
    }
  }
  if (!open) {
    return (
      <div className="buttons">
        <button onClick={() => setOpen(true)}>{t('services.withdraw')}</button>
      </div>
    );
  }
  return (
    <div className="withdrawal">
      <p className="hint">{t('services.withdrawHint')}</p>
      <div className="field">
        <label htmlFor={`${service.id}-withdraw-reason`}>{t('services.withdrawReason')}</label>
        <input id={`${service.id}-withdraw-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorNote message={error} />
      <div className="buttons">
        <button className="primary" onClick={() => void withdraw()}>
          {t('services.withdrawConfirm')}
        </button>
        <button onClick={() => setOpen(false)}>{t('signing.cancel')}</button>
      </div>
    </div>
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
      <ServiceSteps service={service} extra={ownTerm && ` — ${t('services.officeTerm', { reason: ownTerm.reason })}`} />
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
      <Withdrawal service={service} />
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
