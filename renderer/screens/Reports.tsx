import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  applicationsPerPeriod,
  applicationsReport,
  compareKazakh,
  formatDateTime,
  formatNumber,
  localDateOf,
  monthName,
  outcomesReport,
  percent,
  satisfiedPercent,
  stepsReport,
  surveyReport,
  SURVEY_ANSWERS,
  type CaseState,
  type Language,
  type Service,
  type WorkingCalendar,
} from '../../shared';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { db, platform } from '../app/runtime';
import { csvOf, xlsxOf, type ReportTable } from '../app/exports';
import { handedOverBetween, journalCases, overdueCases } from '../store/queries';
import { BarChart } from './BarChart';
import { PeriodFields } from './parts';

/**
 * The head's reports: on the applications registered in a period, the quality survey of the
 * results handed over in it, and what is overdue today. The screen, the CSV and the XLSX are the
 * same tables.
 */
export function Reports() {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const { catalog, calendar } = useOfficeData();
  const today = localDateOf(new Date().toISOString(), offset);
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const data = useLiveQuery(async () => {
    const [registered, handedOver, overdue] = await Promise.all([journalCases(db, 'incoming', from, to, offset), handedOverBetween(db, from, to), overdueCases(db, new Date().toISOString())]);
    return { from, to, registered, handedOver, overdue };
  }, [from, to, offset]);
  // The tables of the period asked for only: a slower answer for an earlier period is not shown as this one's.
  const current = data && data.from === from && data.to === to ? data : undefined;
  const report = useMemo(() => current && reportTables(current, { t, language, catalog, calendar, offset }), [current, t, language, catalog, calendar, offset]);
  const save = (name: string, bytes: Uint8Array) => void platform.saveFile(name, bytes);
  return (
    <section className="reports">
      <h1>{t('nav.reports')}</h1>
      <PeriodFields id="report" from={from} to={to} onFrom={setFrom} onTo={setTo} />
      {report && (
        <>
          <p>{t('reports.intro', { count: current!.registered.length })}</p>
          <div className="actions">
            <button onClick={async () => save(`kense-${from}-${to}.xlsx`, await xlsxOf(report.tables))}>{t('reports.xlsx')}</button>
            <button onClick={() => window.print()}>{t('reports.print')}</button>
          </div>
          {current!.registered.length === 0 && <p className="empty">{t('reports.none')}</p>}
          {report.tables.map((table) => (
            <section key={table.name} aria-labelledby={`report-${table.name}`}>
              <h2 id={`report-${table.name}`}>{table.title}</h2>
              {table.name === 'applications' && report.perPeriod.values.some(Boolean) && <BarChart language={language} {...report.perPeriod} />}
              {table.name === 'steps' && report.onTime.values.length > 0 && <BarChart language={language} title={t('reports.onTimeChart')} horizontal max={100} {...report.onTime} />}
              <TableView table={table} language={language} shown={table.name === 'overdue' ? OVERDUE_ON_SCREEN : undefined} empty={table.name === 'overdue' ? t('reports.noneOverdue') : table.name === 'survey' ? t('survey.none') : undefined} />
              {table.name === 'steps' && table.rows.length > 0 && <p className="hint">{t('reports.stepsNote')}</p>}
              {table.name === 'overdue' && table.rows.length > OVERDUE_ON_SCREEN && <p className="hint">{t('reports.overdueShown', { shown: OVERDUE_ON_SCREEN, count: table.rows.length })}</p>}
              {table.rows.length > 0 && (
                <button className="link" onClick={() => save(`${table.name}-${from}-${to}.csv`, new TextEncoder().encode(csvOf(table.rows, table.header, (row) => row.map(String))))}>
                  {t('reports.csv')}
                </button>
              )}
            </section>
          ))}
        </>
      )}
    </section>
  );
}

/** The overdue list on screen is the longest overdue; the files carry every one. */
const OVERDUE_ON_SCREEN = 25;

/** A report table on screen, its first `shown` rows: numbers in the language's own writing, right-aligned. */
function TableView({ table, language, empty, shown }: { table: ReportTable; language: Language; empty?: string; shown?: number }) {
  if (table.rows.length === 0) return empty ? <p className="empty">{empty}</p> : null;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="list report" data-testid={`report-${table.name}`}>
        <thead>
          <tr>
            {table.header.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.slice(0, shown).map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className={typeof cell === 'number' ? 'number' : undefined}>
                  {typeof cell === 'number' ? formatNumber(cell, language, Number.isInteger(cell) ? 0 : 1) : cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Labels {
  t: TFunction;
  language: Language;
  catalog: ReadonlyMap<string, Service>;
  calendar: WorkingCalendar;
  offset: number;
}

/** Every table of the report, and what the two charts draw. A share of nothing is '—'. */
function reportTables(data: { from: string; to: string; registered: CaseState[]; handedOver: CaseState[]; overdue: CaseState[] }, { t, language, catalog, calendar, offset }: Labels) {
  const service = (id: string) => catalog.get(id)?.names[language] ?? id;
  const share = (part: number, whole: number) => percent(part, whole) ?? '—';
  const byService = <T extends { serviceId: string }>(rows: T[]) => rows.sort((a, b) => compareKazakh(service(a.serviceId), service(b.serviceId)));
  const periodLabel = (period: string) => (period.length === 4 ? period : `${monthName(Number(period.slice(5)), language)} ${period.slice(0, 4)}`);

  const applications = applicationsReport(data.registered, offset);
  const periods = applicationsPerPeriod(applications, data.from, data.to);
  const pivot = new Map<string, { serviceId: string; channel: string; counts: number[] }>();
  for (const row of applications) {
    const key = `${row.serviceId} ${row.channel}`;
    const line = pivot.get(key) ?? { serviceId: row.serviceId, channel: row.channel, counts: periods.totals.map(() => 0) };
    line.counts[periods.totals.findIndex((p) => p.period === periods.of(row.month))]! += row.count;
    pivot.set(key, line);
  }
  const { rows: outcomes, grounds } = outcomesReport(data.registered);
  const { steps, specialists } = stepsReport(data.registered, catalog, calendar, offset);
  const stepName = (serviceId: string, stepId: string) => catalog.get(serviceId)?.steps.find((s) => s.id === stepId)?.names[language] ?? stepId;
  const groundName = (serviceId: string, groundId: string) => catalog.get(serviceId)?.refusalGrounds.find((g) => g.id === groundId)?.names[language] ?? groundId;
  const survey = byService(surveyReport(data.handedOver));
  const answers = SURVEY_ANSWERS.map((a) => t(`survey.answers.${a}`));
  const now = Date.now();

  const tables: ReportTable[] = [
    {
      name: 'applications',
      sheet: t('reports.sheets.applications'),
      title: t('reports.applications'),
      header: [t('worklist.service'), t('reports.channel'), ...periods.totals.map((p) => periodLabel(p.period)), t('reports.total')],
      rows: byService([...pivot.values()]).map((line) => [service(line.serviceId), t(`channels.${line.channel}`), ...line.counts, line.counts.reduce((a, b) => a + b, 0)]),
    },
    {
      name: 'outcomes',
      sheet: t('reports.sheets.outcomes'),
      title: t('reports.outcomes'),
      header: [t('worklist.service'), t('reports.registered'), t('reports.results'), t('reports.refusals'), t('reports.returnedToCentre'), t('reports.withdrawn'), t('reports.open')],
      rows: byService(outcomes).map((r) => [service(r.serviceId), r.registered, r.results, r.refusals, r.returnedToCentre, r.withdrawn, r.open]),
    },
    {
      name: 'grounds',
      sheet: t('reports.sheets.grounds'),
      title: t('reports.grounds'),
      header: [t('worklist.service'), t('reports.ground'), t('reports.count')],
      rows: grounds.map((g) => [service(g.serviceId), groundName(g.serviceId, g.groundId), g.count]),
    },
    {
      name: 'steps',
      sheet: t('reports.sheets.steps'),
      title: t('reports.steps'),
      header: [t('worklist.service'), t('reports.step'), t('reports.finished'), t('reports.onTime'), t('reports.onTimePercent'), t('reports.average'), t('reports.unit'), t('reports.regulation')],
      rows: byService(steps).map((r) => {
        const unit = r.duration.unit === 'months' ? 'calendarDays' : r.duration.unit;
        return [service(r.serviceId), stepName(r.serviceId, r.stepId), r.finished, r.onTime, share(r.onTime, r.finished), Math.round(r.averageSpent * 10) / 10, t(`unitNames.${unit}`), t(`units.${r.duration.unit}`, { count: r.duration.amount })];
      }),
    },
    {
      name: 'specialists',
      sheet: t('reports.sheets.specialists'),
      title: t('reports.specialists'),
      header: [t('reports.specialist'), t('reports.finished'), t('reports.onTime'), t('reports.onTimePercent')],
      rows: specialists.sort((a, b) => compareKazakh(a.name, b.name)).map((r) => [r.name, r.finished, r.onTime, share(r.onTime, r.finished)]),
    },
    {
      name: 'overdue',
      sheet: t('reports.sheets.overdue'),
      title: t('reports.overdue'),
      header: [t('worklist.regNumber'), t('worklist.applicant'), t('worklist.service'), t('worklist.stage'), t('reports.dueAt'), t('reports.daysLate'), t('reports.specialist')],
      rows: data.overdue.map((c) => [
        c.regNumber,
        c.applicant.name,
        service(c.serviceId),
        t(`stages.${c.stage}`),
        formatDateTime(c.stepDueAt!, offset),
        Math.floor((now - Date.parse(c.stepDueAt!)) / 86_400_000),
        c.specialist?.name ?? '',
      ]),
    },
    {
      name: 'survey',
      sheet: t('reports.sheets.survey'),
      title: t('survey.report'),
      header: [t('worklist.service'), t('survey.answered'), ...answers.map((a) => `${t('fields.quality')}: ${a}`), ...answers.map((a) => `${t('fields.information')}: ${a}`), t('survey.satisfied')],
      rows: survey.map((r) => [service(r.serviceId), r.answered, ...r.quality, ...r.information, satisfiedPercent(r.quality) ?? '—']),
    },
  ];
  // A bar's label in two short lines, the step over its service: a service's full name is longer than the chart is wide.
  const short = (text: string) => (text.length > 45 ? `${text.slice(0, 44)}…` : text);
  const stepLabel = (r: (typeof steps)[number]) => [short(stepName(r.serviceId, r.stepId)), short(service(r.serviceId))];
  return {
    tables,
    perPeriod: { title: t(periods.unit === 'month' ? 'reports.perMonth' : 'reports.perYear'), labels: periods.totals.map((p) => periodLabel(p.period)), values: periods.totals.map((p) => p.count) },
    onTime: { labels: steps.map(stepLabel), values: steps.map((r) => percent(r.onTime, r.finished) ?? 0) },
  };
}
