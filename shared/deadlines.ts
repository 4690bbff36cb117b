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
      /** Where this year's data comes from (the government's order, the Muslim Board's calendar), in each language the screens speak. */
      source: z.object({ kk: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) }),
      holidays: z.array(z.object({ date: localDate, carryOver: z.boolean(), name: z.string() })).default([]),
      /** Working days made days off: the government's transfers. */
      extraDaysOff: z.array(localDate).default([]),
      /** Days that are worked although the rules make them days off: the other half of a transfer. */
      extraWorkingDays: z.array(localDate).default([]),
    }),
  ),
});
export type CalendarData = z.infer<typeof calendarSchema>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM');
const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/**
 * When the office is open on a working day: the hours its minute steps run in (a 20-minute visa
 * on a case registered at 17:55 is due 09:15 the next working day). An office record.
 */
export const officeHoursSchema = z
  .object({ opens: clock, closes: clock, lunch: z.object({ from: clock, to: clock }).nullable() })
  .refine((h) => minuteOf(h.opens) < minuteOf(h.closes), { message: 'the office opens before it closes', path: ['closes'] })
  .refine((h) => !h.lunch || (minuteOf(h.opens) < minuteOf(h.lunch.from) && minuteOf(h.lunch.from) < minuteOf(h.lunch.to) && minuteOf(h.lunch.to) < minuteOf(h.closes)), {
    message: 'lunch falls within the open hours',
    path: ['lunch'],
  });
export type OfficeHours = z.infer<typeof officeHoursSchema>;

/** A state body's usual day (Labour Code art. 68: a 40-hour week), until the office sets its own. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = { opens: '09:00', closes: '18:00', lunch: { from: '13:00', to: '14:00' } };

export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
  hours: OfficeHours;
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
    const year = (years[edit.date.slice(0, 4)] ??= { source: { kk: edit.note, ru: edit.note, en: edit.note }, holidays: [], extraDaysOff: [], extraWorkingDays: [] });
    year.extraDaysOff = year.extraDaysOff.filter((d) => d !== edit.date);
    year.extraWorkingDays = year.extraWorkingDays.filter((d) => d !== edit.date);
    (edit.dayOff ? year.extraDaysOff : year.extraWorkingDays).push(edit.date);
  }
  return { ...data, years };
}

/** Builds the calendar; each year's days off are computed once, on first use. */
export function workingCalendar(data: CalendarData, hours: OfficeHours = DEFAULT_OFFICE_HOURS): WorkingCalendar {
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
    hours,
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

/** The office's open times from `start` on, as [from, to) in epoch milliseconds, working day by working day. */
function* openTimes(start: string, calendar: WorkingCalendar, offsetMinutes: number): Generator<readonly [number, number]> {
  const { opens, closes, lunch } = calendar.hours;
  const spans = lunch ? [[opens, lunch.from], [lunch.to, closes]] : [[opens, closes]];
  const begin = Date.parse(start);
  let day = localDateOf(start, offsetMinutes);
  // A calendar with no working day in ten years is broken data; stop rather than loop.
  for (let guard = 0; guard < 3660; guard += 1, day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    const midnight = Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000;
    for (const [a, b] of spans) {
      const from = Math.max(begin, midnight + minuteOf(a!) * 60_000);
      const to = midnight + minuteOf(b!) * 60_000;
      if (from < to) yield [from, to];
    }
  }
  throw new Error('the calendar has no working day');
}

/** Minutes of open time from `start`: they run only while the office is open on a working day. */
function addOpenMinutes(start: string, minutes: number, calendar: WorkingCalendar, offsetMinutes: number): string {
  let left = minutes * 60_000;
  for (const [from, to] of openTimes(start, calendar, offsetMinutes)) {
    if (from + left <= to) return new Date(from + left).toISOString();
    left -= to - from;
  }
  throw new Error('unreachable');
}

/** How many minutes the office was open between two instants: a minute step's time, counted as `dueAt` counts it. */
export function openMinutesBetween(start: string, end: string, calendar: WorkingCalendar, offsetMinutes: number): number {
  const stop = Date.parse(end);
  let open = 0;
  for (const [from, to] of openTimes(start, calendar, offsetMinutes)) {
    if (from >= stop) break;
    open += Math.min(to, stop) - from;
  }
  return open / 60_000;
}

/**
 * When a step or a term that starts at `start` is due. Minutes run in office hours. Days and
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
  if (duration.unit === 'minutes') return addOpenMinutes(start, duration.amount, calendar, offsetMinutes);
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
