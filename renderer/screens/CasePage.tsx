import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { STAGE_ROLE, formatDate, formatDateTime, type CaseState, type Language, type Service } from '../../shared';
import { useDevice, useLanguage, useOfficeData } from '../app/hooks';
import { db, platform } from '../app/runtime';
import { useUi } from '../app/session';
import { Due } from './parts';
import { StageAction } from './StageActions';

/** One application: what was asked, what each stage did, its status history, and the next step for whoever may take it. */
export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const row = useLiveQuery(() => db.cases.get(caseId), [caseId]);
  const device = useDevice();
  if (row === undefined || !device) return <p>{t('app.loading')}</p>;
  if (row === null) return <p>{t('case.notFound')}</p>;
  const state = row.state;
  const service = catalog.get(state.serviceId);
  const offset = device.office.offsetMinutes;

  return (
    <article className="case">
      <header>
        <div className="title">
          <h1>№ {state.regNumber}</h1>
          <button onClick={() => void platform.print()}>{t('app.print')}</button>
        </div>
        <p className="service">{service?.names[language] ?? state.serviceId}</p>
        <p>
          <span className={`stage stage-${state.stage}`} data-testid="case-stage">
            {t(`stages.${state.stage}`)}
          </span>
        </p>
        <dl className="facts">
          <dt>{t('case.registeredAt')}</dt>
          <dd>{formatDateTime(state.registeredAt, offset)}</dd>
          <dt>{t('case.channel')}</dt>
          <dd>{t(`channels.${state.channel}`)}</dd>
          {state.termDueAt && (
            <>
              <dt>{t('case.termDue')}</dt>
              <dd>
                <Due at={state.termDueAt} offsetMinutes={offset} />
              </dd>
            </>
          )}
          {state.stage !== 'closed' && (
            <>
              <dt>{t('case.stepDue')}</dt>
              <dd>
                <Due at={state.stepDueAt} offsetMinutes={offset} />
              </dd>
            </>
          )}
        </dl>
      </header>

      {state.stage !== 'closed' && service && (
        <section className="action">
          <h2>{t('case.action')}</h2>
          {actor.role === STAGE_ROLE[state.stage] ? (
            <StageAction state={state} service={service} />
          ) : (
            <p>{t('case.waitingFor', { role: t(`roles.${STAGE_ROLE[state.stage]}`) })}</p>
          )}
        </section>
      )}

      <CaseFacts state={state} service={service} language={language} offset={offset} />

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

function CaseFacts({ state, service, language, offset }: { state: CaseState; service: Service | undefined; language: Language; offset: number }) {
  const { t } = useTranslation();
  const choiceLabel = (fields: Service['form'] | undefined, id: string, value: string) =>
    fields?.find((f) => f.id === id)?.options?.find((o) => o.id === value)?.label[language] ?? value;
  const fieldValue = (fields: Service['form'] | undefined, id: string, value: string) => {
    const field = fields?.find((f) => f.id === id);
    if (field?.type === 'date') return formatDate(value, language, 'long');
    return field?.type === 'choice' ? choiceLabel(fields, id, value) : value;
  };
  return (
    <>
      <section className="columns">
        <div>
          <h2>{t('intake.applicantSection')}</h2>
          <dl>
            {(['name', 'iin', 'address', 'phone'] as const).map((k) => (
              <div key={k}>
                <dt>{t(`applicant.${k}`)}</dt>
                <dd>{state.applicant[k]}</dd>
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
                <dd>{fieldValue(service?.form, id, value)}</dd>
              </div>
            ))}
          </dl>
        </div>
      </section>
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
      {state.draft && (
        <section className="draft">
          <h2>{state.draft.outcome === 'result' ? t('case.result', { kind: service?.result.names[language] ?? '' }) : t('case.refusal')}</h2>
          {state.draft.outcome === 'result' ? (
            <dl>
              {Object.entries(state.draft.fields).map(([id, value]) => (
                <div key={id}>
                  <dt>{service?.result.fields.find((f) => f.id === id)?.label[language] ?? id}</dt>
                  <dd>{fieldValue(service?.result.fields, id, value)}</dd>
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
          {state.seal.algorithm === 'approval-only' && <p className="hint">{t('case.approvalOnly')}</p>}
        </section>
      )}
      {state.handover && (
        <section>
          <h2>{t('case.handedOver')}</h2>
          <p>
            {t(`handover.${state.handover.recipient.kind}`)}: {state.handover.recipient.name}, {formatDate(state.handover.handedOverOn, language, 'long')}
          </p>
        </section>
      )}
    </>
  );
}
