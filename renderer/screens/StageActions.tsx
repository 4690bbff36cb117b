import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { autoForms, compareKazakh, draftPapers, validUntilOf, type Draft, type PaperLanguage, formatDate, isLocalDate, formatDateTime, localDateOf, resultsFor, resultVariant, returnToCentreDeadline, sentBack, supersededBy, SURVEY_ANSWERS, type CaseState, type FieldValue, type Recipient, type RegisterCheck, type ResultVariant, type Service, type Survey, type SurveyAnswer } from '../../shared';
import { activeKeyOf, signCase } from '../store/signing';
import { dropDraft, keepDraft, keptDraft } from '../store/drafts';
import type { KeptDraftRow } from '../store/rows';
import { stageCounts } from '../store/queries';
import { useCommand, useLanguage, useOfficeData, useOffset, useUndoable } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { CatalogForm, CheckList, ErrorNote, FormFooter, TextAreaField } from './parts';
import { PinForm } from './Keys';
import { PrintPanel } from './Print';
import { usePaperContext } from '../app/papers';
import { DateField } from './DateField';

interface ActionProps {
  state: CaseState;
  service: Service;
}

/** The form for the case's current stage; the case page shows it only to the role that acts there. */
export function StageAction(props: ActionProps) {
  switch (props.state.stage) {
    case 'intake':
      return <RegisterPackageAction {...props} />;
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

/** The clerk registers a centre's package in the incoming journal, after reading it and its scans below. */
function RegisterPackageAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const { run, error, busy } = useCommand(service);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'registerPackage', caseId: state.id });
      }}
    >
      <p className="hint">{t('registerPackage.hint')}</p>
      <FormFooter error={error} busy={busy} label={t('registerPackage.submit')} />
    </form>
  );
}

/**
 * The office's active specialists, each with the reviews they hold now and how many of those are
 * past due, so the head can see who is free (two index counts each: stageCounts).
 */
export function SpecialistSelect({ id, value, onChange, except }: { id: string; value: string; onChange: (id: string) => void; except?: string }) {
  const { t } = useTranslation();
  const specialists = useLiveQuery(async () => {
    const now = new Date().toISOString();
    const found = (await db.staff.filter((s) => s.active && s.roles.includes('specialist') && s.id !== except).toArray()).sort((a, b) => compareKazakh(a.name, b.name));
    return Promise.all(found.map(async (s) => ({ id: s.id, name: s.name, ...(await stageCounts(db, 'review', now, s.id)) })));
  }, [except]);
  return (
    <div className="field">
      <label htmlFor={id}>{t('visa.specialist')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('visa.choose')}</option>
        {specialists?.map((s) => (
          <option key={s.id} value={s.id}>
            {t('visa.load', { name: s.name, open: s.waiting, overdue: s.overdue })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The visa's resolution: the office's texts one click away (Settings), then the field to edit it in. */
export function ResolutionField({ id, value, onChange }: { id: string; value: string; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  const office = useLiveQuery(() => db.resolutions.get('this').then((row) => row?.resolutions ?? []), []);
  // Until the head keeps the office's own, the usual ones in the language they work in.
  const resolutions = office?.length ? office : t('resolutions.defaults').split('\n');
  return (
    <>
      <div role="group" aria-label={t('resolutions.pick')} className="quick-texts">
        {resolutions.map((text) => (
          <button key={text} type="button" aria-pressed={value === text} onClick={() => onChange(text)}>
            {text}
          </button>
        ))}
      </div>
      <TextAreaField id={id} label={t('visa.resolution')} rows={3} value={value} onChange={onChange} />
    </>
  );
}

function VisaAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const [resolution, setResolution] = useState('');
  const [specialistId, setSpecialistId] = useState('');
  const { run, error, busy } = useCommand(service);
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run({ type: 'visa', caseId: state.id, resolution, specialistId });
  }
  return (
    <form onSubmit={submit} noValidate>
      <ResolutionField id="visa-resolution" value={resolution} onChange={setResolution} />
      <SpecialistSelect id="visa-specialist" value={specialistId} onChange={setSpecialistId} />
      <FormFooter error={error} busy={busy} label={t('visa.submit')} />
    </form>
  );
}

/** The head gives a review to another specialist (one on leave, one with too much), with the reason; the step's time runs on. */
export function ReassignAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [specialistId, setSpecialistId] = useState('');
  const [reason, setReason] = useState('');
  const { run, error, busy } = useCommand(service);
  if (!open) {
    return (
      <div className="side-action">
        <button onClick={() => setOpen(true)}>{t('reassign.open')}</button>
      </div>
    );
  }
  return (
    <form
      className="side-action"
      aria-label={t('reassign.open')}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run({ type: 'reassign', caseId: state.id, specialistId, reason })) setOpen(false);
      }}
    >
      <p className="hint">{t('reassign.now', { name: state.specialist?.name ?? '' })}</p>
      <SpecialistSelect id="reassign-specialist" value={specialistId} onChange={setSpecialistId} except={state.specialist?.userId} />
      <TextAreaField id="reassign-reason" label={t('reassign.reason')} rows={2} value={reason} onChange={setReason} />
      <FormFooter error={error} busy={busy} label={t('reassign.submit')} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** The specialist's review, opened where they left it on this device (drafts.ts). */
function ReviewAction(props: ActionProps) {
  const actor = useUi((s) => s.actor)!;
  const kept = useLiveQuery(() => keptDraft(db, props.state.id, actor.userId).catch(() => null), [props.state.id, actor.userId]);
  if (kept === undefined) return null;
  return <ReviewForm {...props} kept={kept} />;
}

/** What of the review form is kept as the specialist types. */
interface ReviewFormKept {
  checked: string[];
  outcome: 'result' | 'refusal';
  variantId: string;
  fields: Record<string, unknown>;
  corrections: Record<string, { of: string; text: string }>;
  grounds: string[];
  reasons: string;
}

function ReviewForm({ state, service, kept: keptRow }: ActionProps & { kept: KeptDraftRow | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const kept = keptRow?.form as Partial<ReviewFormKept> | undefined;
  const previous = state.draft;
  const [checked, setChecked] = useState<string[]>(() => kept?.checked ?? Object.keys(state.documentChecks ?? {}).filter((id) => state.documentChecks![id]));
  const [outcome, setOutcome] = useState<'result' | 'refusal'>(kept?.outcome ?? previous?.outcome ?? (state.refusalNotice ? 'refusal' : 'result'));
  // The application's answers may leave one result (S2: the purpose picks the certificate).
  const possible = resultsFor(service, state.application);
  const [variantId, setVariantId] = useState(kept?.variantId ?? (previous?.outcome === 'result' ? previous.variant : possible.length === 1 ? possible[0]!.id : ''));
  const variant = resultVariant(service, variantId || undefined);
  // The result repeats facts of the application; start from them, or from the draft that came back for rework.
  const { value: fields, set: setFields, undo, canUndo } = useUndoable<Record<string, unknown>>(() => kept?.fields ?? (previous?.outcome === 'result' ? previous.fields : { ...state.application }));
  // The names in their cases as the rule gives them, and the specialist's corrections, each kept only while the rule still gives what it corrected.
  const auto = variant ? autoForms(service, variant, fields as Record<string, FieldValue>, state) : {};
  const [corrections, setCorrections] = useState<Record<string, { of: string; text: string }>>(() => {
    if (kept?.corrections) return kept.corrections;
    if (previous?.outcome !== 'result' || !previous.forms || !variant) return {};
    const before = autoForms(service, variant, previous.fields, state);
    return Object.fromEntries(Object.entries(previous.forms).filter(([k, v]) => before[k] !== v).map(([k, v]) => [k, { of: before[k] ?? '', text: v }]));
  });
  const forms = Object.fromEntries(Object.entries(auto).map(([k, v]) => [k, corrections[k]?.of === v ? corrections[k].text : v]));
  const notice = state.refusalNotice;
  // Grounds left empty in a kept draft yield to the notice given since (APC art. 73).
  const [grounds, setGrounds] = useState<string[]>(kept?.grounds?.length ? kept.grounds : previous?.outcome === 'refusal' ? previous.grounds : (notice?.grounds ?? []));
  const [reasons, setReasons] = useState(kept?.reasons || (previous?.outcome === 'refusal' ? previous.reasons : (notice?.reasons ?? '')));
  // Kept as they type, a moment after the last keystroke; not once the review has gone.
  const form = JSON.stringify({ checked, outcome, variantId, fields, corrections, grounds, reasons } satisfies ReviewFormKept);
  const [savedAt, setSavedAt] = useState(keptRow?.savedAt ?? null);
  const opened = useRef(form);
  const sent = useRef(false);
  useEffect(() => {
    if (form === opened.current) return;
    const timer = setTimeout(() => {
      if (!sent.current) keepDraft(db, state.id, actor.userId, JSON.parse(form)).then(() => setSavedAt(new Date().toISOString()), () => undefined);
    }, 400);
    return () => clearTimeout(timer);
  }, [form, state.id, actor.userId]);
  const { run, error, busy } = useCommand(service);
  const needsHearing = outcome === 'refusal' && service.refusalHearing && !state.hearing;

  const resultFields = variant ? Object.fromEntries(variant.fields.filter((f) => fields[f.id] !== undefined).map((f) => [f.id, fields[f.id]])) : {};
  const draft = outcome === 'result' ? { outcome, variant: variantId || undefined, fields: resultFields, forms } : { outcome, grounds, reasons };

  async function submit(e: FormEvent) {
    e.preventDefault();
    sent.current = true;
    if (await run({ type: 'review', caseId: state.id, documentChecks: Object.fromEntries(service.documents.map((d) => [d.id, checked.includes(d.id)])), draft })) await dropDraft(db, state.id, actor.userId);
    else sent.current = false;
  }

  const returned = sentBack(state);
  const superseding = supersededBy(state);
  const outcomeChoice = (
    <>
      {superseding && (
        <div className="sent-back-reason" role="note">
          <strong>{t('review.superseded', { name: superseding.actor.name, at: formatDateTime(superseding.at, offset), reason: superseding.note })}</strong>
        </div>
      )}
      {savedAt && (
        <p className="hint" role="status">
          {t('review.kept', { at: formatDateTime(savedAt, offset) })}
        </p>
      )}
      {returned && (
        <div className="sent-back-reason" role="note">
          <strong>{t('review.sentBack', { name: returned.actor.name, at: formatDateTime(returned.at, offset) })}</strong>
          <p>{returned.note}</p>
        </div>
      )}
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
    </>
  );

  if (needsHearing) {
    return (
      <div>
        {outcomeChoice}
        <p className="hint">{t('review.hearingFirst')}</p>
        {notice ? <HearingForm state={state} service={service} /> : <NoticeForm state={state} service={service} />}
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      {outcomeChoice}
      {outcome === 'result' ? (
        <fieldset>
          <legend>{variant ? variant.names[language] : t('review.variant')}</legend>
          {possible.length > 1 && (
            <div className="field">
              <label htmlFor="review-variant" className="required">
                {t('review.variant')}
              </label>
              <select id="review-variant" value={variantId} onChange={(e) => setVariantId(e.target.value)}>
                <option value="">{t('visa.choose')}</option>
                {possible.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.names[language]}
                  </option>
                ))}
              </select>
            </div>
          )}
          {variant && <CatalogForm fields={variant.fields} values={fields} onChange={setFields} language={language} prefix="draft" channel={state.channel} />}
          {variant && Object.keys(forms).length > 0 && (
            <DeclinedForms variant={variant} forms={forms} onChange={(key, text) => setCorrections({ ...corrections, [key]: { of: auto[key]!, text } })} />
          )}
          {canUndo && (
            <button type="button" onClick={undo}>
              {t('review.undo')}
            </button>
          )}
        </fieldset>
      ) : (
        <fieldset>
          <legend>{t('review.grounds')}</legend>
          <RefusalGrounds service={service} id="review" grounds={grounds} setGrounds={setGrounds} reasons={reasons} setReasons={setReasons} />
        </fieldset>
      )}
      <DraftPreview state={state} service={service} draft={draft.outcome === 'result' && !variant ? null : (draft as Draft)} />
      <FormFooter error={error} busy={busy} label={t('review.submit')} />
    </form>
  );
}

/** The paper exactly as it will print once signed, by the same code: read before sending for signature and before signing. */
function DraftPreview({ state, service, draft }: ActionProps & { draft: Draft | null | undefined }) {
  const { t } = useTranslation();
  const ctx = usePaperContext();
  const actor = useUi((s) => s.actor)!;
  if (!ctx || !draft) return null;
  const papers = (langs: PaperLanguage[]) => {
    const at = new Date().toISOString();
    const drafted = { ...state, draft };
    return draftPapers(drafted, ctx, langs, { at, signer: actor.role === 'head' ? actor.name : '', validUntil: validUntilOf(drafted, service, at, ctx) });
  };
  return <PrintPanel title={t('review.preview')} fileName={`draft-${state.regNumber}`} papers={papers} of={{ caseId: state.id, regNumber: state.regNumber }} />;
}

/**
 * The names as the paper's sentences need them (issue 22): the rule declines them, the specialist
 * reads each and corrects one the rule got wrong, and the head signs what is shown.
 */
function DeclinedForms({ variant, forms, onChange }: { variant: ResultVariant; forms: Record<string, string>; onChange(key: string, text: string): void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const labelOf = (key: string) => {
    const [, lang, name, grammaticalCase] = /^(kk|ru)\.(\w+):(\w+)$/.exec(key) ?? [];
    const field = variant.fields.find((f) => f.id === name);
    return `${field ? field.label[language] : t('review.forms.applicant')} — ${t(`review.forms.${lang}`)}, ${t(`review.forms.case.${lang}.${grammaticalCase}`)}`;
  };
  return (
    <fieldset className="parts">
      <legend>{t('review.forms.title')}</legend>
      <p className="hint">{t('review.forms.hint')}</p>
      <div className="grid">
        {Object.entries(forms).map(([key, text]) => (
          <div className="field" key={key}>
            <label htmlFor={`draft.forms.${key}`}>{labelOf(key)}</label>
            <input id={`draft.forms.${key}`} type="text" value={text} onChange={(e) => onChange(key, e.target.value)} />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The grounds of a refusal from the catalog, and its reasons in words. */
function RefusalGrounds(props: { service: Service; id: string; grounds: string[]; setGrounds(g: string[]): void; reasons: string; setReasons(r: string): void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <CheckList items={props.service.refusalGrounds.map((g) => ({ id: g.id, label: g.names[language] }))} checked={props.grounds} onChange={props.setGrounds} />
      <TextAreaField id={`${props.id}-reasons`} label={t('review.reasons')} rows={4} value={props.reasons} onChange={props.setReasons} />
    </>
  );
}

/** The applicant is told of the intended refusal and when they will be heard (APC art. 73). */
function NoticeForm({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const [grounds, setGrounds] = useState<string[]>([]);
  const [reasons, setReasons] = useState('');
  const [hearingOn, setHearingOn] = useState('');
  const { run, error, busy } = useCommand(service);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'noticeRefusal', caseId: state.id, grounds, reasons, hearingOn });
      }}
    >
      <fieldset>
        <legend>{t('review.notice')}</legend>
        <RefusalGrounds service={service} id="notice" grounds={grounds} setGrounds={setGrounds} reasons={reasons} setReasons={setReasons} />
        <div className="field">
          <label htmlFor="notice-hearing">{t('review.hearingOn')}</label>
          <DateField id="notice-hearing" value={hearingOn} onChange={setHearingOn} />
        </div>
      </fieldset>
      <FormFooter error={error} busy={busy} label={t('review.submitNotice')} />
    </form>
  );
}

function HearingForm({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const notice = state.refusalNotice!;
  const [heardOn, setHeardOn] = useState(() => localDateOf(new Date().toISOString(), offset));
  const [attended, setAttended] = useState(true);
  const [statement, setStatement] = useState('');
  const { run, error, busy } = useCommand(service);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'recordHearing', caseId: state.id, heardOn, attended, statement });
      }}
    >
      <p>{t('review.noticeGiven', { date: formatDate(notice.hearingOn, language, 'long') })}</p>
      <fieldset>
        <legend>{t('review.hearing')}</legend>
        <div className="field">
          <label htmlFor="hearing-date">{t('review.heardOn')}</label>
          <DateField id="hearing-date" value={heardOn} onChange={setHeardOn} />
        </div>
        <label className="check">
          <input type="checkbox" checked={attended} onChange={(e) => setAttended(e.target.checked)} />
          {t('review.attended')}
        </label>
        <TextAreaField id="hearing-statement" label={t('review.statement')} rows={3} value={statement} onChange={setStatement} />
      </fieldset>
      <FormFooter error={error} busy={busy} label={t('review.submitHearing')} />
    </form>
  );
}

/** The head signs with their registered key after entering its PIN, or sends the draft back. */
function SigningAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const data = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const key = useLiveQuery(async () => (await activeKeyOf(db, actor.userId)) ?? null, [actor.userId]);
  const [confirming, setConfirming] = useState(false);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const { run, error, busy } = useCommand(service);

  return (
    <div>
      <DraftPreview state={state} service={service} draft={state.draft} />
      {!confirming && !returning && (
        <div className="buttons">
          <button className="primary" onClick={() => setConfirming(true)}>
            {t('signing.sign')}
          </button>
          <button onClick={() => setReturning(true)}>{t('signing.returnForRework')}</button>
        </div>
      )}
      {confirming && key === null && (
        <div className="confirm" role="alertdialog" aria-label={t('signing.sign')}>
          <p>{t('signing.noKeyYet')}</p>
          <button onClick={() => setConfirming(false)}>{t('signing.cancel')}</button>
        </div>
      )}
      {confirming && key && (
        <div className="confirm" role="alertdialog" aria-label={t('signing.sign')} onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
          <p>{t('signing.confirmText')}</p>
          <p className="hint">{t('signing.withKey', { keyId: key.keyId })}</p>
          <PinForm id="signing" label={t('signing.confirm')} pinLabel={t('signing.pin')} onSubmit={(pin) => signCase(db, data, actor, state.id, pin)} onCancel={() => setConfirming(false)} />
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
          <TextAreaField id="return-reason" label={t('signing.returnReason')} rows={3} value={reason} onChange={setReason} />
          <FormFooter error={error} busy={busy} label={t('signing.submitReturn')} onCancel={() => setReturning(false)} />
        </form>
      )}
      {!returning && <ErrorNote message={error} />}
    </div>
  );
}

/** The clerk hands the result to the applicant or a courier; a crew, in the field, to the applicant, whose identity document it writes down. */
function HandoverAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const crew = useUi((s) => s.actor)?.role === 'operator';
  const [kind, setKind] = useState<Recipient['kind']>('applicant');
  // A crew in the field hands over in person, never to a courier.
  const kinds = (['applicant', 'representative', 'courier'] as const).filter((k) => (k !== 'representative' || state.representative) && (k !== 'courier' || !crew));
  const nameOf = (k: Recipient['kind']) => (k === 'applicant' ? state.applicant.name : k === 'representative' ? state.representative!.name : '');
  const [name, setName] = useState(state.applicant.name);
  const [idDocument, setIdDocument] = useState('');
  const [date, setDate] = useState(() => localDateOf(new Date().toISOString(), offset));
  // A handover closes the application for good: the person says so twice.
  const [confirming, setConfirming] = useState(false);
  const { run, error, busy } = useCommand(service);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!confirming) return setConfirming(true);
        await run({ type: 'handover', caseId: state.id, recipient: { kind, name, ...(idDocument.trim() ? { idDocument } : {}) }, handedOverOn: date });
        setConfirming(false);
      }}
    >
      {kinds.length > 1 && (
        <fieldset>
          <legend>{t('handover.recipientKind')}</legend>
          {kinds.map((k) => (
            <label key={k} className="check">
              <input
                type="radio"
                name="recipient-kind"
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setName(nameOf(k));
                }}
              />
              {t(`handover.${k}`)}
            </label>
          ))}
        </fieldset>
      )}
      <div className="row">
        <div className="field">
          <label htmlFor="handover-name">{t('handover.recipientName')}</label>
          <input id="handover-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="handover-id" className={crew ? 'required' : undefined}>
            {t('fields.recipient.idDocument')}
          </label>
          <input id="handover-id" value={idDocument} onChange={(e) => setIdDocument(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="handover-date">{t('handover.date')}</label>
          <DateField id="handover-date" value={date} onChange={setDate} />
        </div>
      </div>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="handover-confirm" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
          <p id="handover-confirm">{t('handover.confirmText', { regNumber: state.regNumber, name: name.trim() || '—', date: isLocalDate(date) ? formatDate(date, language, 'long') : date })}</p>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy} autoFocus>
              {t('handover.confirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('handover.back')}
            </button>
          </div>
        </div>
      ) : (
        <FormFooter error={error} busy={busy} label={t('handover.submit')} />
      )}
    </form>
  );
}

/** A register check left for when online, done now: online, or by hand against the original, with what was found. */
export function CheckRegisterAction({ state, check }: { state: CaseState; check: RegisterCheck }) {
  const { t } = useTranslation();
  const { catalog } = useOfficeData();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<'online' | 'byHand'>('online');
  const [note, setNote] = useState('');
  const { run, error, busy } = useCommand(catalog.get(state.serviceId));
  if (!open) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t('checks.record')}
      </button>
    );
  }
  return (
    <form
      className="side-action"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'checkRegister', caseId: state.id, check, status, note });
      }}
    >
      {(['online', 'byHand'] as const).map((s) => (
        <label key={s} className="check">
          <input type="radio" name={`record-${check}`} checked={status === s} onChange={() => setStatus(s)} />
          {t(`checks.${s}`)}
        </label>
      ))}
      <TextAreaField id={`check-note-${check}`} label={t('checks.note')} rows={2} value={note} onChange={setNote} />
      <FormFooter error={error} busy={busy} label={t('checks.save')} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** A package from a service centre with defective documents goes back within 3 working days, with written reasons. */
export function ReturnToCentreAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const { calendar } = useOfficeData();
  const [open, setOpen] = useState(false);
  const [reasons, setReasons] = useState('');
  const { run, error, busy } = useCommand(service);
  const deadline = localDateOf(returnToCentreDeadline(state, { calendar, offsetMinutes: offset }), offset);
  if (!open) {
    return (
      <div className="side-action">
        <button onClick={() => setOpen(true)}>{t('returnToCentre.open')}</button>
        <span className="hint"> {t('returnToCentre.hint', { date: formatDate(deadline, language, 'long') })}</span>
      </div>
    );
  }
  return (
    <form
      className="side-action"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'returnToCentre', caseId: state.id, reasons });
      }}
    >
      <TextAreaField id="centre-reasons" label={t('returnToCentre.reasons')} rows={3} value={reasons} onChange={setReasons} />
      <FormFooter error={error} busy={busy} label={t('returnToCentre.submit')} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** The head gives a step and the term more time, with the reason; the history keeps it. */
export function ExtendAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const offset = useOffset();
  const [open, setOpen] = useState(false);
  const [stepDueOn, setStepDueOn] = useState(() => (state.stepDueAt ? localDateOf(state.stepDueAt, offset) : ''));
  const [termDueOn, setTermDueOn] = useState(() => localDateOf(state.termDueAt, offset));
  const [reason, setReason] = useState('');
  const { run, error, busy } = useCommand(service);
  if (!open) {
    return (
      <div className="side-action">
        <button onClick={() => setOpen(true)}>{t('extend.open')}</button>
      </div>
    );
  }
  return (
    <form
      className="side-action"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run({ type: 'extend', caseId: state.id, reason, stepDueOn, termDueOn })) setOpen(false);
      }}
    >
      <div className="row">
        <div className="field">
          <label htmlFor="extend-step">{t('extend.stepDueOn')}</label>
          <DateField id="extend-step" value={stepDueOn} onChange={setStepDueOn} />
        </div>
        <div className="field">
          <label htmlFor="extend-term">{t('extend.termDueOn')}</label>
          <DateField id="extend-term" value={termDueOn} onChange={setTermDueOn} />
        </div>
      </div>
      <TextAreaField id="extend-reason" label={t('extend.reason')} rows={2} value={reason} onChange={setReason} />
      <FormFooter error={error} busy={busy} label={t('extend.submit')} onCancel={() => setOpen(false)} />
    </form>
  );
}

/**
 * The quality survey (SERVICES.md): the two questions, three answers each, asked when the result
 * is handed over or later by phone, once. Shows the answers once given.
 */
export function SurveyAction({ state, service }: ActionProps) {
  const { t } = useTranslation();
  const offset = useOffset();
  const [answers, setAnswers] = useState<{ quality?: SurveyAnswer; information?: SurveyAnswer }>({});
  const [asked, setAsked] = useState<Survey['asked']>('handover');
  const { run, error, busy } = useCommand(service);
  if (state.survey) {
    const s = state.survey;
    return (
      <dl className="facts" data-testid="survey">
        {(['quality', 'information'] as const).map((q) => (
          <Fragment key={q}>
            <dt>{t(`survey.${q}`)}</dt>
            <dd>{t(`survey.answers.${s[q]}`)}</dd>
          </Fragment>
        ))}
        <dt>{t('survey.askedBy')}</dt>
        <dd>{t(`survey.asked.${s.asked}`, { name: s.by.name, date: formatDateTime(s.at, offset) })}</dd>
      </dl>
    );
  }
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await run({ type: 'survey', caseId: state.id, quality: answers.quality as SurveyAnswer, information: answers.information as SurveyAnswer, asked });
      }}
    >
      <p className="hint">{t('survey.hint')}</p>
      {(['quality', 'information'] as const).map((q) => (
        <fieldset key={q} role="radiogroup" aria-label={t(`survey.${q}`)}>
          <legend>{t(`survey.${q}`)}</legend>
          {SURVEY_ANSWERS.map((a) => (
            <label key={a} className="check">
              <input type="radio" name={`survey-${q}`} checked={answers[q] === a} onChange={() => setAnswers({ ...answers, [q]: a })} /> {t(`survey.answers.${a}`)}
            </label>
          ))}
        </fieldset>
      ))}
      <fieldset role="radiogroup" aria-label={t('survey.how')}>
        <legend>{t('survey.how')}</legend>
        {(['handover', 'phone'] as const).map((how) => (
          <label key={how} className="check">
            <input type="radio" name="survey-asked" checked={asked === how} onChange={() => setAsked(how)} /> {t(`survey.how_${how}`)}
          </label>
        ))}
      </fieldset>
      <FormFooter error={error} busy={busy} label={t('survey.submit')} />
    </form>
  );
}
