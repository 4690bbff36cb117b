import { z } from 'zod';
import type { Duration, Service } from './catalog';
import { addDays, addMonths, endOfLocalDay, isLocalDate, localDateOf, weekdayOf, type LocalDate } from './localDate';

const localDate = z.string().refine(isLocalDate, 'a date is YYYY-MM-DD');
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a yearly date is MM-DD');

/**
 * Kazakhstan's working-day calendar as data (resources/calendar/): the yearly public holidays,
 * whether a holiday on a weekend moves the day off to the next working day, and per year the
 * movable holidays (Kurban ait) and the government's transfers.
 */
export const calendarSchema = z.object({
  weekend: z.array(z.number().int().min(0).max(6)),
  holidays: z.array(z.object({ date: monthDay, carryOver: z.boolean(), name: z.string() })),
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({
      /** Where this year's data comes from: the government's order, the Muslim Board's calendar. */
      source: z.string().min(1),
      holidays: z.array(z.object({ date: localDate, carryOver: z.boolean(), name: z.string() })).default([]),
      /** Working days made days off: the government's transfers. */
      extraDaysOff: z.array(localDate).default([]),
      /** Days that are worked although the rules make them days off: the other half of a transfer. */
      extraWorkingDays: z.array(localDate).default([]),
    }),
  ),
});
export type CalendarData = z.infer<typeof calendarSchema>;

export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
}

/** An administrator's change to one day, made in the app's year view (a transfer announced after release). */
export interface CalendarEdit {
  date: LocalDate;
  dayOff: boolean;
  note: string;
}

/** The calendar with the office's edits over the shipped data; the latest edit of a day wins. */
export function withCalendarEdits(data: CalendarData, edits: readonly CalendarEdit[]): CalendarData {
  const years = structuredClone(data.years);
  for (const edit of edits) {
    const year = (years[edit.date.slice(0, 4)] ??= { source: edit.note, holidays: [], extraDaysOff: [], extraWorkingDays: [] });
    year.extraDaysOff = year.extraDaysOff.filter((d) => d !== edit.date);
    year.extraWorkingDays = year.extraWorkingDays.filter((d) => d !== edit.date);
    (edit.dayOff ? year.extraDaysOff : year.extraWorkingDays).push(edit.date);
  }
  return { ...data, years };
}

/** Builds the calendar; each year's days off are computed once, on first use. */
export function workingCalendar(data: CalendarData): WorkingCalendar {
  const weekend = new Set(data.weekend);
  const daysOffByYear = new Map<number, Set<LocalDate>>();

  function daysOff(year: number): Set<LocalDate> {
    let off = daysOffByYear.get(year);
    if (off) return off;
    const extra = data.years[String(year)];
    const holidays = [
      ...data.holidays.map((h) => ({ date: `${year}-${h.date}`, carryOver: h.carryOver })),
      ...(extra?.holidays ?? []),
    ]
      .filter((h) => isLocalDate(h.date))
      .sort((a, b) => a.date.localeCompare(b.date));
    off = new Set(holidays.map((h) => h.date));
    // A holiday on a weekend gives the next working day off, unless it is already a day off.
    for (const h of holidays) {
      if (!h.carryOver || !weekend.has(weekdayOf(h.date))) continue;
      let next = addDays(h.date, 1);
      while (weekend.has(weekdayOf(next)) || off.has(next)) next = addDays(next, 1);
      off.add(next);
    }
    for (const d of extra?.extraDaysOff ?? []) off.add(d);
    daysOffByYear.set(year, off);
    return off;
  }

  return {
    isWorkingDay(date) {
      const year = Number(date.slice(0, 4));
      if (data.years[String(year)]?.extraWorkingDays.includes(date)) return true;
      return !weekend.has(weekdayOf(date)) && !daysOff(year).has(date);
    },
  };
}

function nextWorkingDay(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * When a step or a term that starts at `start` is due. Minutes run on the clock. Days and
 * months end at the end of the office's day:
 * - unless the catalog says the acceptance day counts, counting starts the day after `start`
 *   (seed 001: "the day of acceptance is not counted");
 * - an application accepted on a day off (a mobile crew on Saturday) starts counting on the
 *   next working day;
 * - a term in calendar days or months that ends on a day off ends on the next working day
 *   (Civil Code art. 173).
 */
export function dueAt(
  start: string,
  duration: Duration,
  calendar: WorkingCalendar,
  offsetMinutes: number,
  acceptanceDayCounts = false,
): string {
  if (duration.unit === 'minutes') return new Date(Date.parse(start) + duration.amount * 60_000).toISOString();
  const startDay = localDateOf(start, offsetMinutes);
  // The day before the first counted day.
  const anchor = !calendar.isWorkingDay(startDay)
    ? addDays(nextWorkingDay(startDay, calendar), -1)
    : acceptanceDayCounts
      ? addDays(startDay, -1)
      : startDay;
  let last: LocalDate;
  switch (duration.unit) {
    case 'calendarDays':
      last = nextWorkingDay(addDays(anchor, duration.amount), calendar);
      break;
    case 'months':
      last = nextWorkingDay(addMonths(anchor, duration.amount), calendar);
      break;
    case 'workingDays': {
      let left = duration.amount;
      last = anchor;
      while (left > 0) {
        last = addDays(last, 1);
        if (calendar.isWorkingDay(last)) left -= 1;
      }
      break;
    }
  }
  return endOfLocalDay(last, offsetMinutes);
}

export interface PlannedStep {
  stepId: string;
  dueAt: string;
}

/**
 * The plan made at registration: each step due after the one before it, as if each took its
 * full time. Intake ends with the registration itself. Its last due time is the term when the
 * regulation states none ("otherwise the sum of the steps").
 */
export function planSteps(service: Service, registeredAt: string, calendar: WorkingCalendar, offsetMinutes: number): PlannedStep[] {
  let at = registeredAt;
  return service.steps.map((step, i) => {
    // Minutes after a step counted in days fit within that step's last day.
    const afterDays = at === endOfLocalDay(localDateOf(at, offsetMinutes), offsetMinutes);
    if (i > 0 && !(afterDays && step.duration.unit === 'minutes')) at = dueAt(at, step.duration, calendar, offsetMinutes);
    return { stepId: step.id, dueAt: at };
  });
}

/** The date promised to the applicant: the regulation's term, or the end of the plan. */
export function termDueAt(service: Service, registeredAt: string, plan: readonly PlannedStep[], calendar: WorkingCalendar, offsetMinutes: number): string {
  const term = service.term.duration;
  return term ? dueAt(registeredAt, term, calendar, offsetMinutes, service.term.acceptanceDayCounts) : plan.at(-1)!.dueAt;
}

export type Urgency = 'onTime' | 'atRisk' | 'overdue';

/** Overdue once the due time has passed; at risk when less than a quarter of the step's time is left. */
export function urgency(startedAt: string, due: string, now: string): Urgency {
  const left = Date.parse(due) - Date.parse(now);
  if (left < 0) return 'overdue';
  return left < (Date.parse(due) - Date.parse(startedAt)) / 4 ? 'atRisk' : 'onTime';
}
