import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { localDateOf, satisfiedPercent, surveyReport, SURVEY_ANSWERS } from '../../shared';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { db, platform } from '../app/runtime';
import { csvOf } from '../store/audit';
import { handedOverBetween } from '../store/queries';
import { PeriodFields } from './parts';

/** The head's reports: the quality survey per service, for the results handed over in a period; as CSV for a spreadsheet. */
export function Reports() {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const { catalog } = useOfficeData();
  const today = localDateOf(new Date().toISOString(), offset);
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const rows = useLiveQuery(async () => surveyReport(await handedOverBetween(db, from, to)), [from, to]);
  const name = (serviceId: string) => catalog.get(serviceId)?.names[language] ?? serviceId;
  const answers = SURVEY_ANSWERS.map((a) => t(`survey.answers.${a}`));
  const header = [t('worklist.service'), t('survey.answered'), ...answers.map((a) => `${t('fields.quality')}: ${a}`), ...answers.map((a) => `${t('fields.information')}: ${a}`), t('survey.satisfied')];
  const cells = (r: NonNullable<typeof rows>[number]) => [name(r.serviceId), String(r.answered), ...r.quality.map(String), ...r.information.map(String), String(satisfiedPercent(r.quality) ?? '—')];
  return (
    <section>
      <h1>{t('survey.report')}</h1>
      <PeriodFields id="report" from={from} to={to} onFrom={setFrom} onTo={setTo} />
      {rows?.length === 0 && <p className="empty">{t('survey.none')}</p>}
      {rows && rows.length > 0 && (
        <>
          <div className="table-scroll">
          <table className="list" data-testid="survey-report">
            <thead>
              <tr>
                {header.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.serviceId}>
                  {cells(r).map((c, i) => (
                    <td key={i}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <button onClick={() => void platform.saveFile(`survey-${from}-${to}.csv`, new TextEncoder().encode(csvOf(rows, header, cells)))}>{t('reports.csv')}</button>
        </>
      )}
    </section>
  );
}
