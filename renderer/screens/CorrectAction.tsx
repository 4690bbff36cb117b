import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { APPLICANT_FIELDS, CORRECTABLE_APPLICANT, localDateOf, type CaseState, type Service } from '../../shared';
import { useCommand, useLanguage, useOffset } from '../app/hooks';
import { CatalogForm, FormFooter, TextAreaField } from './parts';
import { DateField } from './DateField';

/** The applicant's details a correction may change, in intake's fields. */
const APPLICANT_CORRECTABLE = APPLICANT_FIELDS.filter((f) => (CORRECTABLE_APPLICANT as readonly string[]).includes(f.id));

/**
 * The clerk corrects what was registered (issue 24: a typo would go onto the signed paper), with
 * the reason, before a draft is made from it. The rules compare and keep each field's old value.
 */
export function CorrectAction({ state, service }: { state: CaseState; service: Service }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [open, setOpen] = useState(false);
  const [applicant, setApplicant] = useState<Record<string, unknown>>(() => ({ name: state.applicant.name, address: state.applicant.address, phone: state.applicant.phone }));
  const [application, setApplication] = useState<Record<string, unknown>>(() => structuredClone(state.application));
  const [reason, setReason] = useState('');
  const { run, error, busy } = useCommand(service);
  if (!open) {
    return (
      <div className="side-action">
        <button onClick={() => setOpen(true)}>{t('correct.open')}</button>
      </div>
    );
  }
  return (
    <form
      className="side-action"
      noValidate
      aria-label={t('correct.open')}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run({ type: 'correct', caseId: state.id, applicant: applicant as Record<string, string>, application, reason })) setOpen(false);
      }}
    >
      <p className="hint">{t('correct.hint')}</p>
      <fieldset>
        <legend>{t('intake.applicantSection')}</legend>
        <CatalogForm fields={APPLICANT_CORRECTABLE} values={applicant} onChange={setApplicant} language={language} prefix="correct-applicant" />
      </fieldset>
      <fieldset>
        <legend>{t('intake.applicationSection')}</legend>
        <CatalogForm fields={service.form} values={application} onChange={setApplication} language={language} prefix="correct-application" channel={state.channel} />
      </fieldset>
      <TextAreaField id="correct-reason" label={t('correct.reason')} rows={2} value={reason} onChange={setReason} />
      <FormFooter error={error} busy={busy} label={t('correct.submit')} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** The applicant withdraws the application in writing before the result is signed: the clerk records the request's date and words, and the case closes. */
export function WithdrawAction({ state, service }: { state: CaseState; service: Service }) {
  const { t } = useTranslation();
  const offset = useOffset();
  const [open, setOpen] = useState(false);
  const [requestedOn, setRequestedOn] = useState(() => localDateOf(new Date().toISOString(), offset));
  const [reason, setReason] = useState('');
  const { run, error, busy } = useCommand(service);
  if (!open) {
    return (
      <div className="side-action">
        <button onClick={() => setOpen(true)}>{t('withdraw.open')}</button>
      </div>
    );
  }
  return (
    <form
      className="side-action"
      noValidate
      aria-label={t('withdraw.open')}
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'withdraw', caseId: state.id, reason, requestedOn });
      }}
    >
      <p className="hint">{t('withdraw.hint')}</p>
      <div className="field">
        <label htmlFor="withdraw-requested">{t('withdraw.requestedOn')}</label>
        <DateField id="withdraw-requested" value={requestedOn} onChange={setRequestedOn} />
      </div>
      <TextAreaField id="withdraw-reason" label={t('withdraw.reason')} rows={2} value={reason} onChange={setReason} />
      <FormFooter error={error} busy={busy} label={t('withdraw.submit')} onCancel={() => setOpen(false)} />
    </form>
  );
}
