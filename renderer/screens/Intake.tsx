import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { APPLICANT_FIELDS, formatDate, formProblems, localDateOf, receiptPapers, REPRESENTATIVE_FIELDS, type CaseState, type Channel, type DomainError } from '../../shared';
import { fieldMessages } from '../app/errors';
import { useCommand, useDevice, useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { usePaperContext } from '../app/papers';
import { PrintPanel } from './Print';
import { useUi } from '../app/session';
import { CatalogForm, CheckList, FormFooter } from './parts';

const emptyApplicant = { name: '', iin: '', address: '', phone: '' };
const emptyRepresentative = { name: '', iin: '', poaNumber: '', poaDate: '', notary: '' };

/** The clerk registers an application: the applicant, the service's form, the documents received. */
export function Intake() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const go = useUi((s) => s.go);
  const device = useDevice();
  const paperContext = usePaperContext();
  const offset = useOffset();
  const services = [...catalog.values()];
  const [serviceId, setServiceId] = useState(services[0]!.id);
  const service = catalog.get(serviceId)!;
  const [channel, setChannel] = useState<Channel>(service.channels[0]!);
  const [applicant, setApplicant] = useState<Record<string, unknown>>(emptyApplicant);
  const [byRepresentative, setByRepresentative] = useState(false);
  const [representative, setRepresentative] = useState<Record<string, unknown>>(emptyRepresentative);
  const [notarised, setNotarised] = useState(false);
  const [application, setApplication] = useState<Record<string, unknown>>({});
  const [documents, setDocuments] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [registered, setRegistered] = useState<CaseState | null>(null);
  const { run, error, busy } = useCommand(service);

  // After a first attempt, every problem shows beside its field and goes as it is fixed.
  const today = localDateOf(new Date().toISOString(), offset);
  const problems: DomainError[] = attempted
    ? [
        ...formProblems(APPLICANT_FIELDS, applicant, 'applicant', today).problems,
        ...(byRepresentative ? formProblems(REPRESENTATIVE_FIELDS, representative, 'representative', today).problems : []),
        ...formProblems(service.form, application, 'application', today).problems,
      ]
    : [];
  const messages = fieldMessages(t, problems, service, language);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempted(true);
    const state = await run({
      type: 'intake',
      caseId: crypto.randomUUID(),
      serviceId,
      channel,
      applicant: applicant as typeof emptyApplicant,
      representative: byRepresentative ? { ...(representative as typeof emptyRepresentative), notarised } : null,
      application,
      documentsReceived: documents,
      consent,
    });
    if (state) setRegistered(state);
  }

  function startAnother() {
    setApplicant(emptyApplicant);
    setByRepresentative(false);
    setRepresentative(emptyRepresentative);
    setNotarised(false);
    setApplication({});
    setDocuments([]);
    setAttempted(false);
    setRegistered(null);
  }

  if (registered) {
    return (
      <section className="receipt" aria-live="polite">
        <p className="hint">{device?.office.names[language === 'kk' ? 'kk' : 'ru']}</p>
        <h1>{t('intake.registered', { number: registered.regNumber })}</h1>
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
      <h1>{t('intake.title')}</h1>
      <p className="hint">
        <span className="required-mark">*</span> — {t('intake.required')}
      </p>
      <form onSubmit={submit} noValidate>
        <div className="row">
          <div className="field">
            <label htmlFor="intake-service">{t('intake.service')}</label>
            <select
              id="intake-service"
              value={serviceId}
              onChange={(e) => {
                const next = catalog.get(e.target.value)!;
                setServiceId(next.id);
                setChannel(next.channels[0]!);
                setApplication({});
                setDocuments([]);
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
              {service.channels.map((c) => (
                <option key={c} value={c}>
                  {t(`channels.${c}`)}
                </option>
              ))}
            </select>
          </div>
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
              <input type="checkbox" checked={notarised} onChange={(e) => setNotarised(e.target.checked)} />
              {t('intake.notarised')}
            </label>
          </fieldset>
        )}
        <fieldset>
          <legend>{t('intake.applicationSection')}</legend>
          <CatalogForm fields={service.form} values={application} onChange={setApplication} language={language} prefix="application" messages={messages} />
        </fieldset>
        <fieldset>
          <legend>{t('intake.documentsSection')}</legend>
          <CheckList items={service.documents.map((d) => ({ id: d.id, label: d.names[language], required: d.required }))} checked={documents} onChange={setDocuments} />
        </fieldset>
        <fieldset>
          <legend>{t('intake.consentSection')}</legend>
          <label className="check required">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
            {t('intake.consent', { service: service.names[language] })}
          </label>
        </fieldset>
        <FormFooter error={error} busy={busy} label={t('intake.submit')} />
      </form>
    </section>
  );
}
