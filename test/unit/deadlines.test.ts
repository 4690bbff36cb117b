import { describe, expect, it } from 'vitest';
import { addDays, addMonths, calendarSchema, dueAt, workingCalendar, type Duration } from '../../shared';
import { calendar } from './fixtures';

const KZ = 300;
/** Non-working weekdays per KAZAKHSTAN.md, for a 5-day week. */
const OFFICIAL_DAYS_OFF: Record<number, string[]> = {
  2025: ['01-01', '01-02', '01-03', '01-07', '03-10', '03-21', '03-24', '03-25', '05-01', '05-07', '05-09', '06-06', '07-07', '09-01', '10-27', '12-16'],
  2026: ['01-01', '01-02', '01-07', '03-09', '03-23', '03-24', '03-25', '05-01', '05-07', '05-11', '05-27', '07-06', '08-31', '10-26', '12-16'],
};

function weekdaysOff(year: number): string[] {
  const off: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !calendar.isWorkingDay(d)) off.push(d.slice(5));
  }
  return off;
}

describe('working-day calendar', () => {
  it.each([2025, 2026])('gives the official non-working weekdays of %i', (year) => {
    expect(weekdaysOff(year)).toEqual(OFFICIAL_DAYS_OFF[year]);
  });

  it('keeps a transferred working Sunday (5 January 2025)', () => {
    expect(calendar.isWorkingDay('2025-01-05')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-04')).toBe(false);
  });

  it('does not carry 7 January over when it falls on a weekend', () => {
    // 7 January 2024 was a Sunday; 8 January 2024 was a working Monday.
    expect(calendar.isWorkingDay('2024-01-08')).toBe(true);
  });

  it('carries a weekend holiday to the next free working day in a year it has no data for', () => {
    // 2028: 8 March is a Wednesday; 16 December is a Saturday → Monday 18 December off.
    expect(calendar.isWorkingDay('2028-03-08')).toBe(false);
    expect(calendar.isWorkingDay('2028-12-18')).toBe(false);
    expect(calendar.isWorkingDay('2028-12-19')).toBe(true);
  });

  it('refuses calendar data with a wrong date', () => {
    const result = calendarSchema.safeParse({ weekend: [0, 6], holidays: [{ date: '13-01', carryOver: true, name: 'x' }], years: {} });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['holidays', 0, 'date']);
  });
});

describe('due times', () => {
  const due = (start: string, amount: number, unit: Duration['unit'], counts = false) => dueAt(start, { amount, unit }, calendar, KZ, counts);

  it('adds minutes on the clock', () => {
    expect(due('2026-11-24T05:00:00.000Z', 20, 'minutes')).toBe('2026-11-24T05:20:00.000Z');
  });

  it('counts working days from the day after acceptance, to the end of the office day', () => {
    // Accepted Friday 27 Nov 2026 → Mon, Tue, Wed → end of Wed 2 Dec (Kazakhstan time).
    expect(due('2026-11-27T10:00:00.000Z', 3, 'workingDays')).toBe('2026-12-02T18:59:59.999Z');
  });

  it('uses the office’s date, not UTC’s', () => {
    // 19:30 UTC on Thursday 26 Nov is 00:30 on Friday 27 Nov in Kazakhstan: one working day → Monday 30 Nov.
    expect(due('2026-11-26T19:30:00.000Z', 1, 'workingDays')).toBe('2026-11-30T18:59:59.999Z');
  });

  it('skips holidays and their carried-over days: Nauryz 2026', () => {
    // Accepted Friday 20 March 2026; 23–25 March are off → Thu 26, Fri 27, Mon 30.
    expect(due('2026-03-20T06:00:00.000Z', 3, 'workingDays')).toBe('2026-03-30T18:59:59.999Z');
  });

  it('counts the acceptance day where the catalog says so', () => {
    expect(due('2026-11-24T05:00:00.000Z', 3, 'workingDays', true)).toBe('2026-11-26T18:59:59.999Z');
    expect(due('2026-11-24T05:00:00.000Z', 30, 'calendarDays', true)).toBe('2026-12-23T18:59:59.999Z');
  });

  it('counts calendar days through weekends and holidays', () => {
    expect(due('2026-12-10T05:00:00.000Z', 10, 'calendarDays')).toBe('2026-12-20T18:59:59.999Z');
  });

  it('counts months, clamping to the month’s end', () => {
    expect(due('2026-01-31T05:00:00.000Z', 1, 'months')).toBe('2026-02-28T18:59:59.999Z');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('works with any calendar given as data', () => {
    const sixDayWeek = workingCalendar(calendarSchema.parse({ weekend: [0], holidays: [], years: {} }));
    // Friday → Saturday is a working day in a six-day week.
    expect(dueAt('2026-11-27T05:00:00.000Z', { amount: 1, unit: 'workingDays' }, sixDayWeek, KZ)).toBe('2026-11-28T18:59:59.999Z');
  });
});
