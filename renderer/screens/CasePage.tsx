import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { recordAudit } from '../store/accounts';
import { caseNotifications } from '../store/queries';

import type { TFunction } from 'i18next';
import {
  APPLICANT_FIELDS,
  CENTRE_CHANNELS,
  STAGE_ROLE,
  formatDate,
  formatDateTime,
  localDateOf,
  mayRead,
  outcomeOf,
  addressText,
  applicationPaperFor,
  applicationPapers,
  caseApplication,
  receiptPapers,
  portalNoticePapers,
  resultPapers,
  refusalNoticePapers,
  hearingProtocolPapers,
  returnLetterPapers,
  withdrawalPapers,
  timeline,
  type Address,
  type Bilingual,
  type CaseState,
  type Child,
  type Correction,
  type FieldValue,
  type FormField,
  type Language,
  type Person,
  type RegisterCheck,
  type Service,
  type Stage,
  type CaseCommand,
  type StepStage,
  commandsFor,
  stepFor,
} from '../../shared';
import { useDevice, useLanguage, useOfficeData, usePaperLanguage } from '../app/hooks';
import { db } from '../app/runtime';
import { usePaperContext } from '../app/papers';
import { PrintPanel } from './Print';
import { useUi } from '../app/session';
import { Due } from './parts';
import { mayNcaSign, NcaSignAction, NcaSignatureFacts } from './NcaSignature';
import { CheckRegisterAction, ExtendAction, ReassignAction, ReturnToCentreAction, StageAction, SurveyAction } from './StageActions';
import { ScanGallery } from './Scans';
import { CorrectAction, WithdrawAction } from './CorrectAction';
import type { CaseRow } from '../store/rows';

/**
 * What to check at this step, what the regulation says of it, and its term, folded away until
 * asked for: the stage's own short texts, and the step's term and note from the service file.
 */
function StepHelp({ service, stage }: { service: Service; stage: StepStage }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const step = stepFor(service, stage);
  // A note in one plain text is the file's author's, in English: shown on the English screen only.
  const note = typeof step.note === 'string' ? (language === 'en' ? step.note : undefined) : step.note?.[language];
  return (
    <details className="step-help">
      <summary>{t('help.title')}</summary>
      <dl>
        <dt>{t('help.check')}</dt>
        <dd>{t(`help.${stage}.check`)}</dd>
        <dt>{t('help.rule')}</dt>
        <dd>{t(`help.${stage}.rule`)}</dd>
        <dt>{t('help.term')}</dt>
        <dd>
          {t('help.stepTerm', { step: step.names[language], duration: t(`units.${step.duration.unit}`, { count: step.duration.amount }), role: t(`roles.${step.role}`) })}
          {note && <div className="hint">{note}</div>}
        </dd>
      </dl>
    </details>
  );
}

/** Records once per opening that this person saw the case's personal data (the audit trail). */
function useCaseViewAudit(row: CaseRow | null) {
  const actor = useUi((s) => s.actor)!;
  const recorded = useRef<string | null>(null);
  useEffect(() => {
    if (!row || recorded.current === row.id) return;
    recorded.current = row.id;
    void recordAudit(db, actor, { type: 'office.caseViewed', payload: { caseId: row.id, regNumber: row.regNumber, what: 'case' } });
  }, [row, actor]);
}

/** One application: what was asked, what each stage did, its status history, and the next step for whoever may take it. */
export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const row = useLiveQuery(async () => (await db.cases.get(caseId)) ?? null, [caseId]);
  const device = useDevice();
  const readable = row ? mayRead(actor, row.state) : false;
  useCaseViewAudit(readable ? row! : null);
  if (row === undefined || !device) return <p>{t('app.loading')}</p>;
  if (row === null) return <p>{t('case.notFound')}</p>;
  if (!readable) return <p className="error">{t('case.notYours')}</p>;
  const state = row.state;
  const may = commandsFor(actor, state);
  const service = catalog.get(state.serviceId);
  const offset = device.office.offsetMinutes;
  // What this person last did here stays said once its form has gone: a second look, or a second click elsewhere, finds it.
  const last = state.history.at(-1)!;
  const doneByYou = last.actor.userId === actor.userId && last.type !== 'case.registered' ? last : null;

  return (
    <article className="case">
      <header>
        <div className="title">
          <h1>№ {state.regNumber}</h1>
        </div>
        <p className="service">{service?.names[language] ?? state.serviceId}</p>
        <p>
          <span className={`stage stage-${state.stage}`} data-testid="case-stage">
            {state.stage === 'closed' ? t(`outcomes.${outcomeOf(state)}`) : t(`stages.${state.stage}`)}
          </span>
        </p>
        {state.otherSeals?.length ? (
          <p className="error" role="alert">
            {t('case.otherSeals', { count: state.otherSeals.length })} <a href="#/sync">{t('nav.sync')}</a>
          </p>
        ) : null}
        <dl className="facts">
          {state.stage !== 'intake' && (
            <>
              <dt>{t('case.registeredAt')}</dt>
              <dd>{formatDateTime(state.registeredAt, offset)}</dd>
            </>
          )}
          <dt>{t('case.channel')}</dt>
          <dd>{t(`channels.${state.channel}`)}</dd>
          <dt>{t('case.termDue')}</dt>
          <dd>{state.stage === 'closed' ? formatDate(localDateOf(state.termDueAt, offset), language, 'long') : <Due at={state.termDueAt} startedAt={state.registeredAt} offsetMinutes={offset} />}</dd>
          {state.stage !== 'closed' && (
            <>
              <dt>{t('case.stepDue')}</dt>
              <dd>
                <Due at={state.stepDueAt} startedAt={state.stepStartedAt} offsetMinutes={offset} ready={state.stage === 'handover'} />
              </dd>
            </>
          )}
          {state.validUntil && (
            <>
              <dt>{t('case.validUntil')}</dt>
              <dd>{formatDate(state.validUntil, language, 'long')}</dd>
            </>
          )}
        </dl>
      </header>

      {state.stage !== 'closed' && service && (
        <section className="action">
          <h2>{t('case.action')}</h2>
          <StepHelp service={service} stage={state.stage} />
          {doneByYou && (
            <p className="done" role="status">
              ✓ {t('case.doneByYou', { what: t(`events.${doneByYou.type}`), at: formatDateTime(doneByYou.at, offset) })}
            </p>
          )}
          {may.includes(STAGE_ACTION[state.stage]) ? (
            <StageAction key={`stage-${state.version}`} state={state} service={service} />
          ) : (
            <p>{t('case.waitingFor', { role: t(`roles.${STAGE_ROLE[state.stage]}`) })}</p>
          )}
          {may.includes('returnToCentre') && <ReturnToCentreAction state={state} service={service} />}
          {state.stage === 'handover' && CENTRE_CHANNELS.includes(state.channel) && actor.role === 'clerk' && <p className="hint">{t('handover.crewMayHandOver', { name: state.registeredBy.name })}</p>}
          {may.includes('ncaSign') && mayNcaSign(state, actor) && <NcaSignAction key={`nca-${state.version}`} state={state} service={service} />}
          {may.includes('reassign') && <ReassignAction key={`reassign-${state.version}`} state={state} service={service} />}
          {may.includes('extend') && <ExtendAction key={`extend-${state.version}`} state={state} service={service} />}
          {may.includes('correct') && <CorrectAction key={`correct-${state.version}`} state={state} service={service} />}
          {may.includes('withdraw') && <WithdrawAction state={state} service={service} />}
          {/* What the rules refuse after signing, said where the clerk would look for the correction. */}
          {state.stage === 'handover' && may.includes('correct') && <p className="hint">{t('correct.supersedes')}</p>}
        </section>
      )}

      <NcaSignatureFacts state={state} />

      <CasePapers state={state} service={service} />

      {service && <Timeline state={state} service={service} offset={offset} />}

      <CaseFacts state={state} service={service} language={language} offset={offset} />

      <PackageFacts state={state} offset={offset} />

      <ScanGallery state={state} service={service} />

      {state.handover && service?.survey && (may.includes('survey') || state.survey) && (
        <section>
          <h2>{t('survey.title')}</h2>
          <SurveyAction key={state.version} state={state} service={service} />
        </section>
      )}

      <Notifications state={state} offset={offset} />

      <section>
        <h2>{t('case.history')}</h2>
        <table className="history">
          <thead>
            <tr>
              <th>{t('case.when')}</th>
              <th>{t('case.who')}</th>
              <th>{t('case.what')}</th>
            </tr>
          </thead>
          <tbody>
            {state.history.map((h, i) => (
              <tr key={i}>
                <td>{formatDateTime(h.at, offset)}</td>
                <td>
                  {h.actor.name} ({t(`roles.${h.actor.role}`)})
                </td>
                <td>
                  {t(`events.${h.type}`)}
                  {h.changes && <Changes changes={h.changes} service={service} language={language} />}
                  {h.note && <div className="note">{h.note}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

/** The messages the applicant gets at each change of status, as the hub sends them; one not yet synced waits for the link. */
function Notifications({ state, offset }: { state: CaseState; offset: number }) {
  const { t } = useTranslation();
  const paper = usePaperLanguage();
  const found = useLiveQuery(() => caseNotifications(db, state.id, offset), [state.id, state.version, offset]);
  if (!found?.length) return null;
  return (
    <section>
      <h2>{t('notifications.ofCase', { phone: state.applicant.phone })}</h2>
      <ul className="notifications" data-testid="case-notifications">
        {found.map((n) => (
          <li key={n.eventId}>
            {formatDateTime(n.at, offset)} — {n.text[paper]} <span className="hint">({t(n.atHub ? 'notifications.atHub' : 'notifications.waiting')})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The command each stage's form gives: the case page shows the form to whoever may give it now (the rulebook). */
const STAGE_ACTION: Record<Exclude<Stage, 'closed'>, CaseCommand> = { intake: 'registerPackage', visa: 'visa', review: 'review', signing: 'sign', handover: 'handover' };

/** Each step: when the plan made at registration wanted it done, and when it started and finished. */
function Timeline({ state, service, offset }: { state: CaseState; service: Service; offset: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const time = (at: string | undefined) => (at ? formatDateTime(at, offset).replace(/ 23:59$/, '') : '—');
  return (
    <section>
      <h2>{t('case.timeline')}</h2>
      <table className="timeline">
        <thead>
          <tr>
            <th>{t('case.step')}</th>
            <th>{t('case.planned')}</th>
            <th>{t('case.started')}</th>
            <th>{t('case.finished')}</th>
          </tr>
        </thead>
        <tbody>
          {timeline(state, service).map((entry) => {
            const late = entry.finishedAt && entry.plannedDueAt && entry.finishedAt > entry.plannedDueAt;
            return (
              <tr key={entry.step.id}>
                <td>{entry.step.names[language]}</td>
                <td>{time(entry.plannedDueAt)}</td>
                <td>{time(entry.startedAt)}</td>
                <td className={late ? 'due overdue' : undefined}>{time(entry.finishedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** What a correction changed, field by field: old → new. */
function Changes({ changes, service, language }: { changes: Correction[]; service: Service | undefined; language: Language }) {
  const { t } = useTranslation();
  const fieldAt = (path: string) => {
    const [part, id] = [path.slice(0, path.indexOf('.')), path.slice(path.indexOf('.') + 1)];
    return (part === 'applicant' ? APPLICANT_FIELDS : (service?.form ?? [])).find((f) => f.id === id);
  };
  const shown = (field: FormField | undefined, value: FieldValue | null) => (value === null || value === '' ? t('correct.none') : showValue(field, value, t, language));
  return (
    <ul className="changes">
      {changes.map((c) => {
        const field = fieldAt(c.path);
        return (
          <li key={c.path}>
            {field?.label[language] ?? c.path}: «{shown(field, c.old)}» → «{shown(field, c.new)}»
          </li>
        );
      })}
    </ul>
  );
}

/** A form value as a person reads it: dates in words, choices by their label, addresses and people in one line, children as a list. */
export function showValue(field: FormField | undefined, value: FieldValue, t: TFunction, language: Language): ReactNode {
  if (typeof value === 'string') {
    if (field?.type === 'date') return formatDate(value, language, 'long');
    if (field?.type === 'choice') return field.options?.find((o) => o.id === value)?.label[language] ?? value;
    return value;
  }
  if (Array.isArray(value)) {
    return (
      <ol className="children-list">
        {value.map((child: Child, i) => (
          <li key={i}>
            {[child.name, formatDate(child.birthDate, language, 'short'), `${t('parts.birthCertificate')}: ${child.birthCertificate}`, child.iin && `${t('parts.iin')}: ${child.iin}`, child.consent && t('parts.consentGiven')]
              .filter(Boolean)
              .join(', ')}
          </li>
        ))}
      </ol>
    );
  }
  if (field?.type === 'bilingual') {
    const b = value as Bilingual;
    return b.kk === b.ru ? b.kk : `${b.kk} / ${b.ru}`;
  }
  if (field?.type === 'address') return addressText(value as Address, language === 'ru' ? 'ru' : 'kk');
  const p = value as Person;
  return [p.name, p.iin && `${t('parts.iin')}: ${p.iin}`, p.birthDate && formatDate(p.birthDate, language, 'short'), p.document].filter(Boolean).join(', ');
}

/**
 * The case's papers: the receipt from registration on; the notice of the intended refusal once
 * given, the hearing's protocol once held; the signed result or refusal once signed; the letter
 * that returns a package to its centre.
 */
function CasePapers({ state, service }: { state: CaseState; service: Service | undefined }) {
  const { t } = useTranslation();
  const ctx = usePaperContext();
  if (!ctx) return null;
  return (
    <section className="papers">
      <h2>{t('print.papers')}</h2>
      <PrintPanel title={t('print.receipt')} fileName={`receipt-${state.regNumber}`} papers={(langs) => receiptPapers(state, ctx, langs)} of={{ caseId: state.id, regNumber: state.regNumber }} />
      {service && applicationPaperFor(service, state.application) && (
        <PrintPanel title={t('print.application')} fileName={`application-${state.regNumber}`} papers={(langs) => applicationPapers(caseApplication(state, ctx.offsetMinutes), ctx, langs)} of={{ caseId: state.id, regNumber: state.regNumber }} />
      )}
      {state.refusalNotice && (
        <PrintPanel title={t('print.refusalNotice')} fileName={`hearing-notice-${state.regNumber}`} papers={() => refusalNoticePapers(state, ctx)} of={{ caseId: state.id, regNumber: state.regNumber }} />
      )}
      {state.hearing && (
        <PrintPanel title={t('print.hearingProtocol')} fileName={`hearing-protocol-${state.regNumber}`} papers={(langs) => hearingProtocolPapers(state, ctx, langs)} of={{ caseId: state.id, regNumber: state.regNumber }} />
      )}
      {state.seal && (
        <PrintPanel
          title={t(state.draft?.outcome === 'refusal' ? 'print.refusal' : 'print.result')}
          fileName={`${state.draft?.outcome === 'refusal' ? 'refusal' : 'result'}-${state.regNumber}`}
          papers={(langs) => resultPapers(state, ctx, langs)}
          of={{ caseId: state.id, regNumber: state.regNumber }}
        />
      )}
      {portalNoticePapers(state, ctx, ['kk']).length > 0 && (
        <PrintPanel title={t('print.portalNotice')} fileName={`notice-${state.regNumber}`} papers={(langs) => portalNoticePapers(state, ctx, langs)} of={{ caseId: state.id, regNumber: state.regNumber }} />
      )}
      {state.withdrawn && (
        <PrintPanel title={t('print.withdrawal')} fileName={`withdrawal-${state.regNumber}`} papers={(langs) => withdrawalPapers(state, ctx, langs)} of={{ caseId: state.id, regNumber: state.regNumber }} />
      )}
      {state.returnedToCentre && (
        <PrintPanel title={t('print.returnLetter')} fileName={`return-letter-${state.regNumber}`} papers={() => returnLetterPapers(state, ctx)} of={{ caseId: state.id, regNumber: state.regNumber }} />
      )}
    </section>
  );
}

function CaseFacts({ state, service, language, offset }: { state: CaseState; service: Service | undefined; language: Language; offset: number }) {
  const { t } = useTranslation();
  const variant = state.draft?.outcome === 'result' ? service?.results.find((r) => r.id === (state.draft as { variant: string }).variant) : undefined;
  return (
    <>
      <section className="columns">
        <div>
          <h2>{t('intake.applicantSection')}</h2>
          <dl>
            {APPLICANT_FIELDS.map((f) => (
              <div key={f.id}>
                <dt>{f.label[language]}</dt>
                <dd>{state.applicant[f.id as keyof CaseState['applicant']]}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div>
          <h2>{t('intake.applicationSection')}</h2>
          <dl>
            {Object.entries(state.application).map(([id, value]) => (
              <div key={id}>
                <dt>{service?.form.find((f) => f.id === id)?.label[language] ?? id}</dt>
                <dd>{showValue(service?.form.find((f) => f.id === id), value, t, language)}</dd>
              </div>
            ))}
          </dl>
        </div>
      </section>
      {state.representative && (
        <section>
          <h2>{t('case.representative')}</h2>
          <p>
            {state.representative.name} ({t('parts.iin')}: {state.representative.iin}). {t('case.poa', { number: state.representative.poaNumber, date: formatDate(state.representative.poaDate, language, 'long'), notary: state.representative.notary })}
          </p>
        </section>
      )}
      <section>
        <h2>{t('case.documentsReceived')}</h2>
        <ul>
          {state.documentsReceived.map((id) => (
            <li key={id}>{service?.documents.find((d) => d.id === id)?.names[language] ?? id}</li>
          ))}
        </ul>
      </section>
      {state.resolution && (
        <section>
          <h2>{t('case.visa')}</h2>
          <p className="quote">{state.resolution}</p>
          <p>
            {t('case.specialist')}: {state.specialist?.name}
          </p>
        </section>
      )}
      {state.refusalNotice && (
        <section>
          <h2>{t('case.refusalNotice')}</h2>
          <p className="quote">{state.refusalNotice.reasons}</p>
          <p>{t('review.noticeGiven', { date: formatDate(state.refusalNotice.hearingOn, language, 'long') })}</p>
          {state.hearing && (
            <p>
              {t('case.heard', { date: formatDate(state.hearing.heardOn, language, 'long') })}: {state.hearing.attended ? state.hearing.statement : t('case.didNotAttend')}
            </p>
          )}
        </section>
      )}
      {state.withdrawn && (
        <section>
          <h2>{t('outcomes.withdrawn')}</h2>
          <p>
            {t('withdraw.requestedOn')}: {formatDate(state.withdrawn.requestedOn, language, 'long')}
          </p>
          <p className="quote">{state.withdrawn.reason}</p>
          <p>{t('case.signedBy', { name: state.withdrawn.by.name, date: formatDateTime(state.withdrawn.at, offset) })}</p>
        </section>
      )}
      {state.returnedToCentre && (
        <section>
          <h2>{t('outcomes.returnedToCentre')}</h2>
          <p className="quote">{state.returnedToCentre.reasons}</p>
          <p>{t('case.signedBy', { name: state.returnedToCentre.by.name, date: formatDateTime(state.returnedToCentre.at, offset) })}</p>
        </section>
      )}
      {state.draft && (
        <section className="draft">
          <h2>{state.draft.outcome === 'result' ? t('case.result', { kind: variant?.names[language] ?? '' }) : t('case.refusal')}</h2>
          {state.draft.outcome === 'result' ? (
            <dl>
              {Object.entries(state.draft.fields).map(([id, value]) => (
                <div key={id}>
                  <dt>{variant?.fields.find((f) => f.id === id)?.label[language] ?? id}</dt>
                  <dd>{showValue(variant?.fields.find((f) => f.id === id), value, t, language)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <dl>
              <dt>{t('case.grounds')}</dt>
              <dd>
                <ul>
                  {state.draft.grounds.map((g) => (
                    <li key={g}>{service?.refusalGrounds.find((x) => x.id === g)?.names[language] ?? g}</li>
                  ))}
                </ul>
              </dd>
              <dt>{t('case.reasons')}</dt>
              <dd className="quote">{state.draft.reasons}</dd>
            </dl>
          )}
        </section>
      )}
      {state.seal && (
        <section>
          <h2>{t('case.signed')}</h2>
          <p>{t('case.signedBy', { name: state.seal.signedBy.name, date: formatDateTime(state.seal.signedAt, offset) })}</p>
          {state.seal.text ? <p className="hint">{t('case.sealKey', { keyId: state.seal.keyId })}</p> : <p className="hint">{t('case.approvalOnly')}</p>}
        </section>
      )}
      {state.handover && (
        <section>
          <h2>{t('case.handedOver')}</h2>
          <p>
            {t(`handover.${state.handover.recipient.kind}`)}: {state.handover.recipient.name}
            {state.handover.recipient.idDocument && `, ${t('handover.idDocumentShown', { document: state.handover.recipient.idDocument })}`}, {formatDate(state.handover.handedOverOn, language, 'long')}
          </p>
          <p className="hint">{t('handover.by', { name: state.handover.by.name, role: t(`roles.${state.handover.by.role}`) })}</p>
        </section>
      )}
    </>
  );
}

/**
 * Where and when a centre or crew took the application, and how each register check was done: to
 * check when online, by hand against the original, or online later. A pending check can be recorded here.
 */
function PackageFacts({ state, offset }: { state: CaseState; offset: number }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const mayCheck = commandsFor(actor, state).includes('checkRegister');
  const checks = Object.entries(state.registerChecks ?? {});
  if (!state.package && !checks.length) return null;
  return (
    <section>
      <h2>{t(state.package ? 'case.package' : 'checks.title')}</h2>
      <dl className="facts">
        {state.package && (
          <>
            <dt>{t('case.taken')}</dt>
            <dd>{t('case.takenBy', { name: state.registeredBy.name, place: state.package.place, date: formatDateTime(state.package.takenAt, offset) })}</dd>
          </>
        )}
        {checks.map(([check, done]) => (
          <Fragment key={check}>
            <dt>{t(`checks.${check}`)}</dt>
            <dd data-testid={`check-${check}`}>
              {done.status === 'pending' ? t('checks.pending') : t(`checks.${done.status}By`, { name: done.by.name, date: formatDateTime(done.at, offset) })}
              {done.note && <div className="note">{done.note}</div>}
              {done.status === 'pending' && mayCheck && <CheckRegisterAction state={state} check={check as RegisterCheck} />}
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
