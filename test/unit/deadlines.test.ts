import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDays,
  addMonths,
  calendarSchema,
  dueAt,
  officeHoursSchema,
  openMinutesBetween,
  planSteps,
  termDueAt,
  urgency,
  withCalendarEdits,
  withOfficeTerms,
  workingCalendar,
  type Duration,
} from '../../shared';
import { calendar, catalog } from './fixtures';

const KZ = 300;
/** Non-working weekdays per KAZAKHSTAN.md, for a 5-day week. */
const OFFICIAL_DAYS_OFF: Record<number, string[]> = {
  // 4 May 2024 (Saturday) worked for Wednesday 8 May; Kurban ait 17 June; 23 March and 6 July fell on Saturdays.
  2024: ['01-01', '01-02', '03-08', '03-21', '03-22', '03-25', '05-01', '05-07', '05-08', '05-09', '06-17', '07-08', '08-30', '10-25', '12-16'],
  2025: ['01-01', '01-02', '01-03', '01-07', '03-10', '03-21', '03-24', '03-25', '05-01', '05-07', '05-09', '06-06', '07-07', '09-01', '10-27', '12-16'],
  2026: ['01-01', '01-02', '01-07', '03-09', '03-23', '03-24', '03-25', '05-01', '05-07', '05-11', '05-27', '07-06', '08-31', '10-26', '12-16'],
  // Carry-over only: 2 Jan, 21 Mar, 1 and 9 May fall on weekends; Kurban ait (16 May, provisional) is a Sunday and carries nothing.
  2027: ['01-01', '01-04', '01-07', '03-08', '03-22', '03-23', '03-24', '05-03', '05-07', '05-10', '07-06', '08-30', '10-25', '12-16'],
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
  it.each([2024, 2025, 2026, 2027])('gives the official non-working weekdays of %i', (year) => {
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

  it('adds minutes while the office is open', () => {
    // Tuesday 24 Nov 2026, 10:00 in Kazakhstan.
    expect(due('2026-11-24T05:00:00.000Z', 20, 'minutes')).toBe('2026-11-24T05:20:00.000Z');
  });

  it('carries minutes past closing to the next working morning: 17:55 + 20 min is 09:15', () => {
    expect(due('2026-11-24T12:55:00.000Z', 20, 'minutes')).toBe('2026-11-25T04:15:00.000Z');
  });

  it('starts minutes at opening for an application registered in the night', () => {
    // 00:52 on Wednesday 25 Nov: the 20-minute visa is due 09:20, not 01:12.
    expect(due('2026-11-24T19:52:00.000Z', 20, 'minutes')).toBe('2026-11-25T04:20:00.000Z');
  });

  it('skips the lunch break, the weekend and holidays for minutes', () => {
    // 12:50 + 15 min → 10 before lunch, 5 after: 14:05.
    expect(due('2026-11-24T07:50:00.000Z', 15, 'minutes')).toBe('2026-11-24T09:05:00.000Z');
    // Friday 27 Nov 17:50 + 20 → Monday 30 Nov 09:10.
    expect(due('2026-11-27T12:50:00.000Z', 20, 'minutes')).toBe('2026-11-30T04:10:00.000Z');
    // Friday 20 Mar 2026 17:50, before Nauryz: 09:10 on the first working day after the holidays.
    const next = due('2026-03-20T12:50:00.000Z', 20, 'minutes');
    const day = new Date(Date.parse(next) + KZ * 60_000).toISOString().slice(0, 10);
    expect(calendar.isWorkingDay(day)).toBe(true);
    for (let d = '2026-03-21'; d < day; d = addDays(d, 1)) expect(calendar.isWorkingDay(d)).toBe(false);
    expect(next.slice(11, 16)).toBe('04:10');
  });

  it('counts in the office’s own hours, and with no lunch break when it has none', () => {
    const late = workingCalendar(calendarSchema.parse({ weekend: [0, 6], holidays: [], years: {} }), { opens: '10:00', closes: '19:00', lunch: null });
    // 18:50 + 20 → 10 min today, then 10:10 tomorrow.
    expect(dueAt('2026-11-24T13:50:00.000Z', { amount: 20, unit: 'minutes' }, late, KZ)).toBe('2026-11-25T05:10:00.000Z');
    // 13:00 with no break: 13:20.
    expect(dueAt('2026-11-24T08:00:00.000Z', { amount: 20, unit: 'minutes' }, late, KZ)).toBe('2026-11-24T08:20:00.000Z');
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
    expect(due('2026-12-01T05:00:00.000Z', 10, 'calendarDays')).toBe('2026-12-11T18:59:59.999Z');
  });

  it('ends a calendar-day term that falls on a day off on the next working day (Civil Code)', () => {
    // 10 December + 10 days = Sunday 20 December → Monday 21.
    expect(due('2026-12-10T05:00:00.000Z', 10, 'calendarDays')).toBe('2026-12-21T18:59:59.999Z');
    // 6 February + 30 days = Sunday 8 March, a holiday carried to Monday 9 → Tuesday 10 March.
    expect(due('2026-02-06T05:00:00.000Z', 30, 'calendarDays')).toBe('2026-03-10T18:59:59.999Z');
  });

  it('ends a month term that falls on a day off on the next working day', () => {
    // 31 January + 1 month = Saturday 28 February → Monday 2 March.
    expect(due('2026-01-31T05:00:00.000Z', 1, 'months')).toBe('2026-03-02T18:59:59.999Z');
    expect(due('2026-11-24T05:00:00.000Z', 1, 'months')).toBe('2026-12-24T18:59:59.999Z');
  });

  it('counts months, clamping to the month’s end', () => {
    expect(due('2027-01-29T05:00:00.000Z', 1, 'months')).toBe('2027-03-01T18:59:59.999Z');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('crosses the year end and its carried-over days', () => {
    // Wed 30 Dec 2026: Thu 31 (1); 1–3 Jan off, Mon 4 Jan 2027 off for Saturday 2 Jan; Tue 5 (2), Wed 6 (3).
    expect(due('2026-12-30T05:00:00.000Z', 3, 'workingDays')).toBe('2027-01-06T18:59:59.999Z');
    // 2025: 3 January was a transferred day off, Sunday 5 January worked.
    expect(due('2024-12-31T05:00:00.000Z', 1, 'workingDays')).toBe('2025-01-05T18:59:59.999Z');
  });

  it('skips the May 2026 holidays: 1, 7, 9 (carried to 11) May', () => {
    // Thu 30 April: Mon 4 (1), Tue 5 (2), Wed 6 (3), Fri 8 (4), Tue 12 (5).
    expect(due('2026-04-30T05:00:00.000Z', 5, 'workingDays')).toBe('2026-05-12T18:59:59.999Z');
    // Kurban ait, Wednesday 27 May 2026: Tue 26 → Thu 28.
    expect(due('2026-05-26T05:00:00.000Z', 1, 'workingDays')).toBe('2026-05-28T18:59:59.999Z');
  });

  it('starts counting on the next working day for an application accepted on a day off', () => {
    // A mobile crew on Saturday 28 November 2026: Monday 30 November is day 1.
    expect(due('2026-11-28T05:00:00.000Z', 3, 'workingDays')).toBe('2026-12-02T18:59:59.999Z');
    expect(due('2026-11-28T05:00:00.000Z', 3, 'workingDays', true)).toBe('2026-12-02T18:59:59.999Z');
    expect(due('2026-11-28T05:00:00.000Z', 30, 'calendarDays')).toBe('2026-12-29T18:59:59.999Z');
    // The same on Friday: Saturday is day 1, and the 30th day, Sunday 27 December, moves to Monday.
    expect(due('2026-11-27T05:00:00.000Z', 30, 'calendarDays')).toBe('2026-12-28T18:59:59.999Z');
    // Saturday 21 March 2026, in the middle of Nauryz: Thursday 26 March is day 1.
    expect(due('2026-03-21T05:00:00.000Z', 1, 'workingDays')).toBe('2026-03-26T18:59:59.999Z');
  });

  it('works with any calendar given as data', () => {
    const sixDayWeek = workingCalendar(calendarSchema.parse({ weekend: [0], holidays: [], years: {} }));
    // Friday → Saturday is a working day in a six-day week.
    expect(dueAt('2026-11-27T05:00:00.000Z', { amount: 1, unit: 'workingDays' }, sixDayWeek, KZ)).toBe('2026-11-28T18:59:59.999Z');
  });
});

describe('plans and terms', () => {
  const registeredAt = '2026-11-24T05:00:00.000Z';
  const plan = (id: string, at = registeredAt) => planSteps(catalog.get(id)!, at, calendar, KZ);

  it('plans each step after the one before it, intake ending at registration', () => {
    expect(plan('foster-care-placement')).toEqual([
      { stepId: 'intake', dueAt: registeredAt },
      { stepId: 'visa', dueAt: '2026-11-24T05:20:00.000Z' },
      // 25 calendar days from 24 November: Saturday 19 December → Monday 21 December.
      { stepId: 'review', dueAt: '2026-12-21T18:59:59.999Z' },
      // Minutes after a step counted in days fit within its last day.
      { stepId: 'signing', dueAt: '2026-12-21T18:59:59.999Z' },
      { stepId: 'handover', dueAt: '2026-12-22T18:59:59.999Z' },
    ]);
  });

  it('promises the regulation’s term where it states one', () => {
    const s4 = catalog.get('foster-care-placement')!;
    // 30 calendar days: 24 December, a Thursday.
    expect(termDueAt(s4, registeredAt, plan(s4.id), calendar, KZ)).toBe('2026-12-24T18:59:59.999Z');
  });

  it('promises the sum of the steps where the regulation states no term', () => {
    const s6 = catalog.get('tvet-dormitory-referral')!;
    expect(s6.term.duration).toBeUndefined();
    // Visa 1 working day (25 Nov), review 8 (7 Dec), signing 1 (8 Dec), handover within the day.
    expect(termDueAt(s6, registeredAt, plan(s6.id), calendar, KZ)).toBe('2026-12-08T18:59:59.999Z');
  });

  it('uses the office’s own term over the catalog’s', () => {
    const s1 = catalog.get('guardianship-certificate')!;
    const zhumabaev = withOfficeTerms(s1, { serviceId: s1.id, term: { amount: 5, unit: 'workingDays' }, steps: { review: { amount: 5, unit: 'workingDays' } }, reason: 'seed 003' });
    expect(termDueAt(s1, registeredAt, plan(s1.id), calendar, KZ)).toBe('2026-11-27T18:59:59.999Z');
    expect(termDueAt(zhumabaev, registeredAt, planSteps(zhumabaev, registeredAt, calendar, KZ), calendar, KZ)).toBe('2026-12-01T18:59:59.999Z');
    expect(zhumabaev.steps.find((s) => s.id === 'review')!.duration).toEqual({ amount: 5, unit: 'workingDays' });
    expect(s1.steps.find((s) => s.id === 'review')!.duration).toEqual({ amount: 3, unit: 'workingDays' });
  });
});

describe('office hours', () => {
  it.each([
    [{ opens: '18:00', closes: '09:00', lunch: null }, 'closes'],
    [{ opens: '09:00', closes: '18:00', lunch: { from: '12:00', to: '11:00' } }, 'lunch'],
    [{ opens: '09:00', closes: '18:00', lunch: { from: '08:00', to: '09:30' } }, 'lunch'],
    [{ opens: '9:00', closes: '18:00', lunch: null }, 'opens'],
    [{ opens: '09:00', closes: '24:00', lunch: null }, 'closes'],
  ])('refuses %j', (hours, field) => {
    const result = officeHoursSchema.safeParse(hours);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path[0]).toBe(field);
  });

  it('counts the open minutes between two instants, as minute steps are counted', () => {
    // 17:50 Tuesday → 09:10 Wednesday: 10 + 10 minutes.
    expect(openMinutesBetween('2026-11-24T12:50:00.000Z', '2026-11-25T04:10:00.000Z', calendar, KZ)).toBe(20);
    expect(openMinutesBetween('2026-11-24T07:50:00.000Z', '2026-11-24T09:05:00.000Z', calendar, KZ)).toBe(15);
  });
});

describe('urgency', () => {
  const start = '2026-11-24T05:00:00.000Z';
  const due = '2026-11-24T09:00:00.000Z';
  it('is on time with more than a quarter of the step left', () => expect(urgency(start, due, '2026-11-24T07:59:00.000Z')).toBe('onTime'));
  it('is at risk with less than a quarter left', () => expect(urgency(start, due, '2026-11-24T08:01:00.000Z')).toBe('atRisk'));
  it('is overdue once the due time has passed', () => expect(urgency(start, due, '2026-11-24T09:00:00.001Z')).toBe('overdue'));
});

describe('calendar edits', () => {
  const data = calendarSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/calendar/kz.json'), 'utf8')));

  it('says where each year’s data comes from', () => {
    expect(Object.keys(data.years)).toEqual(['2024', '2025', '2026', '2027']);
    for (const year of Object.values(data.years)) for (const text of Object.values(year.source)) expect(text.length).toBeGreaterThan(20);
  });

  it('applies an administrator’s transfer over the shipped data, the latest edit of a day winning', () => {
    const edited = workingCalendar(
      withCalendarEdits(data, [
        { date: '2027-01-08', dayOff: true, note: 'order of 2026-12-01' },
        { date: '2027-01-09', dayOff: false, note: 'order of 2026-12-01' },
        { date: '2027-01-04', dayOff: false, note: 'mistake' },
        { date: '2027-01-04', dayOff: true, note: 'undone' },
      ]),
    );
    expect(edited.isWorkingDay('2027-01-08')).toBe(false);
    expect(edited.isWorkingDay('2027-01-09')).toBe(true);
    expect(edited.isWorkingDay('2027-01-04')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-08')).toBe(true);
    // The shipped data is not changed by an edit.
    expect(data.years['2027']!.extraDaysOff).toEqual([]);
  });

  it('accepts an edit in a year the file does not have', () => {
    const edited = workingCalendar(withCalendarEdits(data, [{ date: '2028-01-03', dayOff: true, note: 'transfer' }]));
    expect(edited.isWorkingDay('2028-01-03')).toBe(false);
  });
});
