import { z } from 'zod';
import type { Duration } from './catalog';
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
      holidays: z.array(z.object({ date: localDate, carryOver: z.boolean(), name: z.string() })).default([]),
      extraDaysOff: z.array(localDate).default([]),
      workingWeekendDays: z.array(localDate).default([]),
    }),
  ),
});
export type CalendarData = z.infer<typeof calendarSchema>;

export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
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
      if (data.years[String(year)]?.workingWeekendDays.includes(date)) return true;
      return !weekend.has(weekdayOf(date)) && !daysOff(year).has(date);
    },
  };
}

/**
 * When a step or a term that starts at `start` is due. Minutes run on the clock. Days and
 * months end at the end of the office's day. Unless the catalog says the acceptance day
 * counts, counting starts the day after `start` (seed 001: "the day of acceptance is not counted").
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
  const lead = acceptanceDayCounts ? 1 : 0;
  let last: LocalDate;
  switch (duration.unit) {
    case 'calendarDays':
      last = addDays(startDay, duration.amount - lead);
      break;
    case 'months':
      last = addDays(addMonths(startDay, duration.amount), -lead);
      break;
    case 'workingDays': {
      let left = duration.amount;
      last = startDay;
      if (acceptanceDayCounts && calendar.isWorkingDay(startDay)) left -= 1;
      while (left > 0) {
        last = addDays(last, 1);
        if (calendar.isWorkingDay(last)) left -= 1;
      }
      break;
    }
  }
  return endOfLocalDay(last, offsetMinutes);
}
