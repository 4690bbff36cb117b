import type { CaseState } from './case';
import { SURVEY_ANSWERS } from './event';
import { percent } from './reports';

/** One service's answers to the quality survey: how many answered, and how many gave each answer to each question. */
export interface SurveyReportRow {
  serviceId: string;
  answered: number;
  /** Counts of answers 1 (not satisfied), 2 (partly), 3 (satisfied). */
  quality: [number, number, number];
  information: [number, number, number];
}

/** The survey per service (SERVICES.md "Quality survey"), over the cases given; services in the order first met. */
export function surveyReport(cases: readonly CaseState[]): SurveyReportRow[] {
  const rows = new Map<string, SurveyReportRow>();
  for (const { serviceId, survey } of cases) {
    if (!survey) continue;
    let row = rows.get(serviceId);
    if (!row) rows.set(serviceId, (row = { serviceId, answered: 0, quality: [0, 0, 0], information: [0, 0, 0] }));
    row.answered++;
    row.quality[SURVEY_ANSWERS.indexOf(survey.quality)]!++;
    row.information[SURVEY_ANSWERS.indexOf(survey.information)]!++;
  }
  return [...rows.values()];
}

/** The share of "satisfied" answers, in whole percent; null with no answers. */
export const satisfiedPercent = (counts: readonly [number, number, number]): number | null => percent(counts[2], counts[0] + counts[1] + counts[2]);
