import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import {
  APPLICANT_FIELDS,
  CENTRE_CHANNELS,
  applicationPaperFor,
  applicationPapers,
  formatDate,
  formProblems,
  localDateOf,
  receiptPapers,
  REGISTER_CHECKS,
  REPRESENTATIVE_FIELDS,
  settlementOn,
  type CaseState,
  type Channel,
  DomainError,
  type RegisterCheck,
  type Scan,
} from '../../shared';
import { errorMessage, fieldMessages } from '../app/errors';
import { useCommand, useDevice, useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { usePaperContext } from '../app/papers';
import { PrintPanel } from './Print';
import { useUi } from '../app/session';
import { CatalogForm, CheckList, ErrorNote, ErrorSummary, focusOnMount, FormFooter } from './parts';
import { ScanPicker } from './Scans';
import { db } from '../app/runtime';
import { tripsOf } from '../store/trips';
import { openCasesOf } from '../store/queries';
import type { CaseRow } from '../store/rows';

const emptyApplicant = { name: '', iin: '', address: '', phone: '' };
const emptyRepresentative = { name: '', iin: '', poaNumber: '', poaDate: '', notary: '' };
const allPending = { individuals: 'pending', notary: 'pending' } as const;

/**
 * The clerk registers an application at the window: the applicant, the service's form, the
 * documents received, and their scans if made. A centre operator or mobile crew takes one the same
 * way, with the scans and the place, and sends it to the office as a package.
 */
export function Intake() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const go = useUi((s) => s.go);
  const actor = useUi((s) => s.actor)!;
  const operator = actor.role === 'operator';
  const device = useDevice();
  const paperContext = usePaperContext();
  const offset = useOffset();
  const channelsOf = (id: string) => catalog.get(id)!.channels.filter((c) => !operator || CENTRE_CHANNELS.includes(c));
  // A withdrawn service takes no new applications (its open cases go on).
  const services = [...catalog.values()].filter((s) => !s.withdrawn && channelsOf(s.id).length > 0);
  const [serviceId, setServiceId] = useState(services[0]!.id);
  const service = catalog.get(serviceId)!;
  const [channel, setChannel] = useState<Channel>(channelsOf(serviceId)[0]!);
  // The crew's settlement today by its trip plan, until the operator types another.
  const trips = useLiveQuery(() => (operator ? tripsOf(db, actor.userId) : []), [operator, actor.userId]);
  const [typedPlace, setPlace] = useState<string | null>(null);
  const place = typedPlace ?? (trips && settlementOn(trips, localDateOf(new Date().toISOString(), offset))) ?? '';
  const [checks, setChecks] = useState<Record<RegisterCheck, 'pending' | 'byHand'>>(allPending);
  const [scans, setScans] = useState<Scan[]>([]);
  const [scanProblem, setScanProblem] = useState<string | null>(null);
  const [applicant, setApplicant] = useState<Record<string, unknown>>(emptyApplicant);
  const [byRepresentative, setByRepresentative] = useState(false);
  const [representative, setRepresentative] = useState<Record<string, unknown>>(emptyRepresentative);
  const [notarised, setNotarised] = useState(false);
  const [application, setApplication] = useState<Record<string, unknown>>({});
  const [documents, setDocuments] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  // Failed submits so far: each moves focus to the list of problems.
  const [attempted, setAttempted] = useState(0);
  const [registered, setRegistered] = useState<CaseState | null>(null);
  // The open cases of this IIN for this service, found at the last attempt; the clerk confirms past them.
  const [duplicates, setDuplicates] = useState<{ key: string; rows: CaseRow[] } | null>(null);
  const warningRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    warningRef.current?.scrollIntoView({ block: 'nearest' });
  }, [duplicates]);
  const { run, error, busy } = useCommand(service);

  // Every problem the register command would find, in the form's order, each with the field it is about.
  const today = localDateOf(new Date().toISOString(), offset);
  const missing = service.documents.filter((d) => d.required && !documents.includes(d.id));
  const formErrors: DomainError[] = [
    ...formProblems(APPLICANT_FIELDS, applicant, 'applicant', today).problems,
    ...(byRepresentative ? formProblems(REPRESENTATIVE_FIELDS, representative, 'representative', today).problems : []),
    ...(byRepresentative && !notarised ? [new DomainError('representative.notNotarised', { field: 'intake.notarised' })] : []),
    ...formProblems(service.form, application, 'application', today, channel).problems,
    ...(missing.length ? [new DomainError('intake.documentsMissing', { field: 'intake.documents', documents: missing.map((d) => d.id).join(',') })] : []),
    ...(consent ? [] : [new DomainError('intake.consentRequired', { field: 'intake.consent' })]),
  ];
  // After a first attempt, every problem shows beside its field and in the summary, and goes as it is fixed.
  const problems = attempted ? formErrors : [];
  const messages = fieldMessages(t, problems, service, language);
  const summary = [
    ...problems.map((p) => ({ target: String(p.params.field), message: errorMessage(t, p, service, language) })),
    ...(error ? [{ target: 'intake-service', message: error }] : []),
  ];

  async function submit(e: FormEvent | null, confirmed = false) {
    e?.preventDefault();
    setAttempted((n) => n + 1);
    if (formErrors.length) return;
    // Two open applications of one person for one service are usually one registered twice (issue 24).
    const iin = String(applicant.iin ?? '').trim();
    const key = `${serviceId}:${iin}`;
    if (!confirmed && duplicates?.key !== key) {
      const rows = await openCasesOf(db, actor, serviceId, iin);
      if (rows.length) return setDuplicates({ key, rows });
      setDuplicates(null);
    } else if (!confirmed && duplicates?.rows.length) return;
    const registration = {
      caseId: crypto.randomUUID(),
      serviceId,
      channel,
      applicant: applicant as typeof emptyApplicant,
      representative: byRepresentative ? { ...(representative as typeof emptyRepresentative), notarised } : null,
      application,
      documentsReceived: documents,
      consent,
      registerChecks: byRepresentative ? checks : { individuals: checks.individuals },
    };
    const state = await run(operator ? { type: 'submit', ...registration, place, scans } : { type: 'intake', ...registration, scans });
    if (state) setRegistered(state);
    else setAttempted((n) => n + 1);
  }

  function startAnother() {
    setApplicant(emptyApplicant);
    setByRepresentative(false);
    setRepresentative(emptyRepresentative);
    setNotarised(false);
    setApplication({});
    setDocuments([]);
    setChecks(allPending);
    setScans([]);
    setConsent(false);
    setAttempted(0);
    setRegistered(null);
    setDuplicates(null);
  }

  if (registered) {
    return (
      <section className="receipt" aria-live="polite">
        <p className="hint">{device?.office.names[language === 'kk' ? 'kk' : 'ru']}</p>
        <h1 tabIndex={-1} ref={focusOnMount}>
          {t(operator ? 'intake.taken' : 'intake.registered', { number: registered.regNumber })}
        </h1>
        <p>
          {service.names[language]}
          <br />
          {t('intake.applicantSection')}: {registered.applicant.name}
          {registered.representative && (
            <>
              <br />
              {t('case.representative')}: {registered.representative.name}
            </>
          )}
        </p>
        <p>{t('intake.receipt', { date: formatDate(localDateOf(registered.termDueAt, offset), language, 'long') })}</p>
        {operator && <p className="hint">{t('intake.packageQueued')}</p>}
        <div className="buttons">
          <button className="primary" onClick={() => go(`case/${registered.id}`)}>
            {t('intake.openCase')}
          </button>
          <button onClick={startAnother}>{t('intake.another')}</button>
        </div>
        {paperContext && <PrintPanel title={t('print.receipt')} fileName={`receipt-${registered.regNumber}`} papers={(langs) => receiptPapers(registered, paperContext, langs)} />}
      </section>
    );
  }

  return (
    <section>
      <h1>{t(operator ? 'intake.titlePackage' : 'intake.title')}</h1>
      <p className="hint">
        <span className="required-mark">*</span> — {t('intake.required')}
      </p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary items={summary} attempt={attempted} />
        <div className="row">
          <div className="field">
            <label htmlFor="intake-service">{t('intake.service')}</label>
            <select
              id="intake-service"
              value={serviceId}
              onChange={(e) => {
                const next = catalog.get(e.target.value)!;
                setServiceId(next.id);
                setChannel(channelsOf(next.id)[0]!);
                setApplication({});
                setDocuments([]);
                setScans([]);
                setByRepresentative(false);
                setConsent(false);
              }}
            >
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.names[language]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="intake-channel">{t('intake.channel')}</label>
            <select id="intake-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
              {channelsOf(serviceId).map((c) => (
                <option key={c} value={c}>
                  {t(`channels.${c}`)}
                </option>
              ))}
            </select>
          </div>
          {operator && (
            <div className="field">
              <label htmlFor="intake-place" className="required">
                {t('fields.place')}
              </label>
              <input id="intake-place" list="trip-places" value={place} onChange={(e) => setPlace(e.target.value)} aria-invalid={attempted && !place.trim() ? true : undefined} />
              <datalist id="trip-places">
                {[...new Set(trips?.flatMap((trip) => trip.settlements.map((s) => s.place)))].map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
            </div>
          )}
        </div>
        <fieldset>
          <legend>{t('intake.applicantSection')}</legend>
          <CatalogForm fields={APPLICANT_FIELDS} values={applicant} onChange={setApplicant} language={language} prefix="applicant" messages={messages} />
          {service.representative && (
            <label className="check">
              <input type="checkbox" checked={byRepresentative} onChange={(e) => setByRepresentative(e.target.checked)} />
              {t('intake.byRepresentative')}
            </label>
          )}
        </fieldset>
        {byRepresentative && (
          <fieldset>
            <legend>{t('case.representative')}</legend>
            <CatalogForm fields={REPRESENTATIVE_FIELDS} values={representative} onChange={setRepresentative} language={language} prefix="representative" messages={messages} />
            <label className="check required">
              <input type="checkbox" id="intake.notarised" aria-invalid={messages['intake.notarised'] ? true : undefined} checked={notarised} onChange={(e) => setNotarised(e.target.checked)} />
              {t('intake.notarised')}
            </label>
          </fieldset>
        )}
        <fieldset>
          <legend>{t('intake.applicationSection')}</legend>
          <CatalogForm fields={service.form} values={application} onChange={setApplication} language={language} prefix="application" messages={messages} channel={channel} />
          {paperContext && applicationPaperFor(service, application) && (
            <>
              <p className="hint">{t('intake.applicationPaperHint')}</p>
              <PrintPanel
                title={t('print.application')}
                fileName={`application-${service.id}`}
                papers={(langs) => {
                  const { values } = formProblems(service.form, application, 'application', today, channel);
                  const who = { name: String(applicant.name ?? '').trim(), address: String(applicant.address ?? '').trim(), phone: String(applicant.phone ?? '').trim(), iin: String(applicant.iin ?? '').trim() };
                  return applicationPapers({ serviceId: service.id, applicant: who, application: values, today }, paperContext, langs);
                }}
              />
            </>
          )}
        </fieldset>
        <fieldset id="intake.documents">
          <legend>{t('intake.documentsSection')}</legend>
          <CheckList
            items={service.documents.map((d) => ({ id: d.id, label: d.names[language], required: d.required }))}
            checked={documents}
            onChange={(next) => {
              setDocuments(next);
              setScans(scans.filter((scan) => next.includes(scan.documentId)));
            }}
          />
        </fieldset>
        <fieldset>
          <legend>{t('scans.title')}</legend>
          <ScanPicker service={service} documents={documents} scans={scans} onChange={setScans} problem={setScanProblem} />
          <ErrorNote message={scanProblem} />
        </fieldset>
        <fieldset>
          <legend>{t('checks.title')}</legend>
          <p className="hint">{t('checks.hint')}</p>
          {REGISTER_CHECKS.filter((check) => check === 'individuals' || byRepresentative).map((check) => (
            <div key={check} className="register-check" role="radiogroup" aria-label={t(`checks.${check}`)}>
              <span>{t(`checks.${check}`)}</span>
              {(['pending', 'byHand'] as const).map((status) => (
                <label key={status} className="check">
                  <input type="radio" name={`check-${check}`} checked={checks[check] === status} onChange={() => setChecks({ ...checks, [check]: status })} />
                  {t(`checks.${status}`)}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('intake.consentSection')}</legend>
          <label className="check required">
            <input type="checkbox" id="intake.consent" aria-invalid={messages['intake.consent'] ? true : undefined} checked={consent} onChange={(e) => setConsent(e.target.checked)} />
            {t('intake.consent', { service: service.names[language] })}
          </label>
        </fieldset>
        {duplicates?.key === `${serviceId}:${String(applicant.iin ?? '').trim()}` && duplicates.rows.length > 0 && (
          <div className="warning" role="alert" data-testid="intake-duplicate" ref={warningRef}>
            <p>{t('counts.duplicate', { count: duplicates.rows.length })}</p>
            <ul>
              {duplicates.rows.map((row) => (
                <li key={row.id}>
                  <a href={`#/case/${row.id}`}>№ {row.regNumber}</a> — {t(`stages.${row.stage}`)}
                </li>
              ))}
            </ul>
            <p className="hint">{t('intake.duplicateHint')}</p>
            <button type="button" disabled={busy} onClick={() => void submit(null, true)}>
              {t('intake.duplicateConfirm')}
            </button>
          </div>
        )}
        <FormFooter error={null} busy={busy} label={t(operator ? 'intake.submitPackage' : 'intake.submit')} />
      </form>
    </section>
  );
}
