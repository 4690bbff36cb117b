import { timeline, type CaseState } from './case';
import type { Duration, Service } from './catalog';
import { openMinutesBetween, type WorkingCalendar } from './deadlines';
import { addDays, localDateOf } from './localDate';
import type { Channel } from './roles';

/**
 * The head's reports on the applications registered in a period (one cohort, so every table adds
 * up to the same total), and the overdue list of today. Pure: the screen and its XLSX both print
 * these rows, so the spreadsheet shows the numbers the screen does.
 */

export interface ApplicationsRow {
  serviceId: string;
  channel: Channel;
  /** 'YYYY-MM' in the office's time. */
  month: string;
  count: number;
}

/** Applications by service, channel and month of registration. */
export function applicationsReport(cases: readonly CaseState[], offsetMinutes: number): ApplicationsRow[] {
  const rows = new Map<string, ApplicationsRow>();
  for (const c of cases) {
    const month = localDateOf(c.registeredAt, offsetMinutes).slice(0, 7);
    const key = `${month} ${c.serviceId} ${c.channel}`;
    const row = rows.get(key) ?? { serviceId: c.serviceId, channel: c.channel, month, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.serviceId.localeCompare(b.serviceId) || a.channel.localeCompare(b.channel));
}

/** Beyond two years a month a column is too many to read: longer periods count by year. */
const MONTHS_SHOWN = 24;

/**
 * The columns of the applications table and the bars of its chart: every month of the period (a
 * month with none shows 0), or every year when the period is longer than two years. `of` puts a
 * row's month in its column.
 */
export function applicationsPerPeriod(rows: readonly ApplicationsRow[], from: string, to: string): { unit: 'month' | 'year'; of(month: string): string; totals: { period: string; count: number }[] } {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addDays(`${month}-28`, 7).slice(0, 7)) months.push(month);
  const unit = months.length > MONTHS_SHOWN ? 'year' : 'month';
  const of = (month: string) => (unit === 'year' ? month.slice(0, 4) : month);
  const counts = new Map(months.map((month) => [of(month), 0]));
  for (const row of rows) counts.set(of(row.month), (counts.get(of(row.month)) ?? 0) + row.count);
  return { unit, of, totals: [...counts].map(([period, count]) => ({ period, count })) };
}

export interface OutcomesRow {
  serviceId: string;
  registered: number;
  results: number;
  refusals: number;
  returnedToCentre: number;
  /** Withdrawn at the applicant's request before signing: neither a result nor a refusal. */
  withdrawn: number;
  /** Not decided yet: no signed result or refusal, and not returned. */
  open: number;
}

export interface RefusalGroundRow {
  serviceId: string;
  groundId: string;
  count: number;
}

/** Results against refusals per service (signed, handed over or not), and how often each ground of refusal was given. */
export function outcomesReport(cases: readonly CaseState[]): { rows: OutcomesRow[]; grounds: RefusalGroundRow[] } {
  const rows = new Map<string, OutcomesRow>();
  const grounds = new Map<string, RefusalGroundRow>();
  for (const c of cases) {
    const row = rows.get(c.serviceId) ?? { serviceId: c.serviceId, registered: 0, results: 0, refusals: 0, returnedToCentre: 0, withdrawn: 0, open: 0 };
    rows.set(c.serviceId, row);
    row.registered++;
    // Decided once signed, whether handed over yet or not.
    const outcome = c.returnedToCentre ? 'returnedToCentre' : c.withdrawn ? 'withdrawn' : c.seal ? c.draft?.outcome : undefined;
    if (outcome === 'result') row.results++;
    else if (outcome === 'refusal') row.refusals++;
    else if (outcome === 'returnedToCentre') row.returnedToCentre++;
    else if (outcome === 'withdrawn') row.withdrawn++;
    else row.open++;
    if (outcome !== 'refusal' || c.draft?.outcome !== 'refusal') continue;
    for (const groundId of c.draft.grounds) {
      const key = `${c.serviceId} ${groundId}`;
      const ground = grounds.get(key) ?? { serviceId: c.serviceId, groundId, count: 0 };
      ground.count++;
      grounds.set(key, ground);
    }
  }
  return { rows: [...rows.values()], grounds: [...grounds.values()].sort((a, b) => b.count - a.count) };
}

export interface StepRow {
  serviceId: string;
  stepId: string;
  /** The regulation's time for the step (the office's own term where it set one). */
  duration: Duration;
  finished: number;
  /** Finished by the time the plan made at registration wanted. */
  onTime: number;
  /** The mean time the finished ones took, in the regulation's unit (months in calendar days). */
  averageSpent: number;
}

export interface SpecialistRow {
  userId: string;
  name: string;
  /** Reviews finished (the draft went to signing). */
  finished: number;
  onTime: number;
}

/** The time from start to finish in a duration's unit, counted as `dueAt` counts it: days after the day it started. */
export function timeSpent(startedAt: string, finishedAt: string, unit: Duration['unit'], calendar: WorkingCalendar, offsetMinutes: number): number {
  if (unit === 'minutes') return openMinutesBetween(startedAt, finishedAt, calendar, offsetMinutes);
  const last = localDateOf(finishedAt, offsetMinutes);
  let days = 0;
  for (let day = addDays(localDateOf(startedAt, offsetMinutes), 1); day <= last; day = addDays(day, 1)) {
    if (unit !== 'workingDays' || calendar.isWorkingDay(day)) days++;
  }
  return days;
}

/** Each step of each service: how many finished, how many by the plan, and the mean time against the regulation's; and the same per specialist for review. */
export function stepsReport(
  cases: readonly CaseState[],
  catalog: ReadonlyMap<string, Service>,
  calendar: WorkingCalendar,
  offsetMinutes: number,
): { steps: StepRow[]; specialists: SpecialistRow[] } {
  const steps = new Map<string, StepRow & { spent: number }>();
  const specialists = new Map<string, SpecialistRow>();
  for (const service of catalog.values()) {
    for (const step of service.steps) steps.set(`${service.id} ${step.id}`, { serviceId: service.id, stepId: step.id, duration: step.duration, finished: 0, onTime: 0, averageSpent: 0, spent: 0 });
  }
  for (const c of cases) {
    const service = catalog.get(c.serviceId);
    if (!service) continue;
    for (const entry of timeline(c, service)) {
      if (!entry.startedAt || !entry.finishedAt) continue;
      const row = steps.get(`${service.id} ${entry.step.id}`)!;
      const onTime = !entry.plannedDueAt || entry.finishedAt <= entry.plannedDueAt;
      row.finished++;
      if (onTime) row.onTime++;
      row.spent += timeSpent(entry.startedAt, entry.finishedAt, entry.step.duration.unit, calendar, offsetMinutes);
      if (!entry.step.stages.includes('review') || !c.specialist) continue;
      const specialist = specialists.get(c.specialist.userId) ?? { userId: c.specialist.userId, name: c.specialist.name, finished: 0, onTime: 0 };
      specialists.set(c.specialist.userId, specialist);
      specialist.finished++;
      if (onTime) specialist.onTime++;
    }
  }
  return {
    steps: [...steps.values()].filter((r) => r.finished > 0).map(({ spent, ...r }) => ({ ...r, averageSpent: spent / r.finished })),
    specialists: [...specialists.values()],
  };
}

/** A share in whole percent; null of nothing. */
export const percent = (part: number, whole: number): number | null => (whole ? Math.round((100 * part) / whole) : null);
