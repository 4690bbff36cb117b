import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { APPLICANT_FIELDS, formatDate, localDateOf, type CaseState, type Channel } from '../../shared';
import { useCommand, useDevice, useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { platform } from '../app/runtime';
import { useUi } from '../app/session';
import { CatalogField, CheckList, FormFooter } from './parts';

const emptyApplicant = { name: '', iin: '', address: '', phone: '' };

/** The clerk registers an application: the applicant, the service's form, the documents received. */
export function Intake() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const go = useUi((s) => s.go);
  const device = useDevice();
  const offset = useOffset();
  const services = [...catalog.values()];
  const [serviceId, setServiceId] = useState(services[0]!.id);
  const service = catalog.get(serviceId)!;
  const [channel, setChannel] = useState<Channel>(service.channels[0]!);
  const [applicant, setApplicant] = useState(emptyApplicant);
  const [application, setApplication] = useState<Record<string, string>>({});
  const [documents, setDocuments] = useState<string[]>([]);
  const [registered, setRegistered] = useState<CaseState | null>(null);
  const { run, error, busy } = useCommand(service);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const state = await run({ type: 'intake', caseId: crypto.randomUUID(), serviceId, channel, applicant, application, documentsReceived: documents });
    if (state) setRegistered(state);
  }

  function startAnother() {
    setApplicant(emptyApplicant);
    setApplication({});
    setDocuments([]);
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
        </p>
        {registered.termDueAt && <p>{t('intake.receipt', { date: formatDate(localDateOf(registered.termDueAt, offset), language, 'long') })}</p>}
        <div className="buttons">
          <button className="primary" onClick={() => go(`case/${registered.id}`)}>
            {t('intake.openCase')}
          </button>
          <button onClick={() => void platform.print()}>{t('app.print')}</button>
          <button onClick={startAnother}>{t('intake.another')}</button>
        </div>
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
          <div className="grid">
            {APPLICANT_FIELDS.map((f) => (
              <CatalogField
                key={f.id}
                name="applicant"
                language={language}
                field={{ ...f, label: { kk: t(`applicant.${f.id}`), ru: t(`applicant.${f.id}`), en: t(`applicant.${f.id}`) } }}
                value={applicant[f.id as keyof typeof applicant]}
                onChange={(value) => setApplicant({ ...applicant, [f.id]: value })}
              />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('intake.applicationSection')}</legend>
          <div className="grid">
            {service.form.map((field) => (
              <CatalogField
                key={field.id}
                name="application"
                field={field}
                language={language}
                value={application[field.id] ?? ''}
                onChange={(value) => setApplication({ ...application, [field.id]: value })}
              />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('intake.documentsSection')}</legend>
          <CheckList items={service.documents.map((d) => ({ id: d.id, label: d.names[language], required: d.required }))} checked={documents} onChange={setDocuments} />
        </fieldset>
        <FormFooter error={error} busy={busy} label={t('intake.submit')} />
      </form>
    </section>
  );
}
