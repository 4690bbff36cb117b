import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { approvalSigner, localDateOf, sealDraft, type CaseState, type Service } from '../../shared';
import { useCommand, useLanguage, useOffset } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { CatalogField, CheckList, ErrorNote, FormFooter } from './parts';

interface ActionProps {
  state: CaseState;
  service: Service;
}

/** The form for the case's current stage; the case page shows it only to the role that acts there. */
export function StageAction(props: ActionProps) {
  switch (props.state.stage) {
    case 'visa':
      return <VisaAction {...props} />;
    case 'review':
      return <ReviewAction {...props} />;
    case 'signing':
      return <SigningAction {...props} />;
    case 'handover':
      return <HandoverAction {...props} />;
    default:
      return null;
  }
}

function VisaAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const specialists = useLiveQuery(() => db.staff.filter((s) => s.active && s.roles.includes('specialist')).toArray(), []);
  const [resolution, setResolution] = useState('');
  const [specialistId, setSpecialistId] = useState('');
  const { run, error, busy } = useCommand(service);
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run({ type: 'visa', caseId: state.id, resolution, specialistId });
  }
  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="visa-resolution">{t('visa.resolution')}</label>
        <textarea id="visa-resolution" rows={3} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="visa-specialist">{t('visa.specialist')}</label>
        <select id="visa-specialist" value={specialistId} onChange={(e) => setSpecialistId(e.target.value)}>
          <option value="">{t('visa.choose')}</option>
          {specialists?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <FormFooter error={error} busy={busy} label={t('visa.submit')} />
    </form>
  );
}

function ReviewAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const previous = state.draft;
  const [checked, setChecked] = useState<string[]>(() => Object.keys(state.documentChecks ?? {}).filter((id) => state.documentChecks![id]));
  const [outcome, setOutcome] = useState<'result' | 'refusal'>(previous?.outcome ?? 'result');
  // The result repeats facts of the application; start from them, or from the draft that came back for rework.
  const [fields, setFields] = useState<Record<string, string>>(() =>
    previous?.outcome === 'result'
      ? previous.fields
      : Object.fromEntries(service.result.fields.filter((f) => state.application[f.id]).map((f) => [f.id, state.application[f.id]!])),
  );
  const [grounds, setGrounds] = useState<string[]>(previous?.outcome === 'refusal' ? previous.grounds : []);
  const [reasons, setReasons] = useState(previous?.outcome === 'refusal' ? previous.reasons : '');
  const { run, error, busy } = useCommand(service);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run({
      type: 'review',
      caseId: state.id,
      documentChecks: Object.fromEntries(service.documents.map((d) => [d.id, checked.includes(d.id)])),
      draft: outcome === 'result' ? { outcome, fields } : { outcome, grounds, reasons },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('review.documentsCheck')}</legend>
        <CheckList
          items={service.documents.map((d) => ({
            id: d.id,
            label: d.names[language],
            required: d.required,
            note: state.documentsReceived.includes(d.id) ? undefined : t('review.notReceived'),
          }))}
          checked={checked}
          onChange={setChecked}
        />
      </fieldset>
      <fieldset>
        <legend>{t('review.outcome')}</legend>
        <label className="check">
          <input type="radio" name="outcome" checked={outcome === 'result'} onChange={() => setOutcome('result')} />
          {t('review.result')}
        </label>
        <label className="check">
          <input type="radio" name="outcome" checked={outcome === 'refusal'} onChange={() => setOutcome('refusal')} />
          {t('review.refusal')}
        </label>
      </fieldset>
      {outcome === 'result' ? (
        <fieldset>
          <legend>{service.result.names[language]}</legend>
          <div className="grid">
            {service.result.fields.map((field) => (
              <CatalogField key={field.id} name="draft" field={field} language={language} value={fields[field.id] ?? ''} onChange={(v) => setFields({ ...fields, [field.id]: v })} />
            ))}
          </div>
        </fieldset>
      ) : (
        <fieldset>
          <legend>{t('review.grounds')}</legend>
          <CheckList items={service.refusalGrounds.map((g) => ({ id: g.id, label: g.names[language] }))} checked={grounds} onChange={setGrounds} />
          <div className="field">
            <label htmlFor="review-reasons">{t('review.reasons')}</label>
            <textarea id="review-reasons" rows={4} value={reasons} onChange={(e) => setReasons(e.target.value)} />
          </div>
        </fieldset>
      )}
      <FormFooter error={error} busy={busy} label={t('review.submit')} />
    </form>
  );
}

function SigningAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const [confirming, setConfirming] = useState(false);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const { run, error, busy } = useCommand(service);

  async function sign() {
    const seal = await sealDraft(approvalSigner(actor.userId), state);
    await run({ type: 'sign', caseId: state.id, seal });
  }

  return (
    <div>
      {!confirming && !returning && (
        <div className="buttons">
          <button className="primary" onClick={() => setConfirming(true)}>
            {t('signing.sign')}
          </button>
          <button onClick={() => setReturning(true)}>{t('signing.returnForRework')}</button>
        </div>
      )}
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label={t('signing.sign')}>
          <p>{t('signing.confirmText')}</p>
          <div className="buttons">
            <button className="primary" disabled={busy} onClick={sign}>
              {t('signing.confirm')}
            </button>
            <button onClick={() => setConfirming(false)}>{t('signing.cancel')}</button>
          </div>
        </div>
      )}
      {returning && (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            if (await run({ type: 'return', caseId: state.id, reason })) setReturning(false);
          }}
        >
          <div className="field">
            <label htmlFor="return-reason">{t('signing.returnReason')}</label>
            <textarea id="return-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy}>
              {t('signing.submitReturn')}
            </button>
            <button type="button" onClick={() => setReturning(false)}>
              {t('signing.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorNote message={error} />
    </div>
  );
}

function HandoverAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const offset = useOffset();
  const [kind, setKind] = useState<'applicant' | 'courier'>('applicant');
  const [name, setName] = useState(state.applicant.name);
  const [date, setDate] = useState(() => localDateOf(new Date().toISOString(), offset));
  const { run, error, busy } = useCommand(service);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'handover', caseId: state.id, recipient: { kind, name }, handedOverOn: date });
      }}
    >
      <fieldset>
        <legend>{t('handover.recipientKind')}</legend>
        {(['applicant', 'courier'] as const).map((k) => (
          <label key={k} className="check">
            <input
              type="radio"
              name="recipient-kind"
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setName(k === 'applicant' ? state.applicant.name : '');
              }}
            />
            {t(`handover.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <div className="field">
          <label htmlFor="handover-name">{t('handover.recipientName')}</label>
          <input id="handover-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="handover-date">{t('handover.date')}</label>
          <input id="handover-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
      </div>
      <FormFooter error={error} busy={busy} label={t('handover.submit')} />
    </form>
  );
}
