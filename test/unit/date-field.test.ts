import { describe, expect, it } from 'vitest';
import { monthWeeks, movedDate, readTypedDate, typingDate, weekdayNames } from '../../shared';

/** The date field's rules (renderer/screens/DateField.tsx): what a typed DD.MM.YYYY becomes, and the calendar's grid and keys. */
describe('a typed date', () => {
  it('takes the dots typed or not, and a pasted ISO date', () => {
    expect(typingDate('02122026')).toBe('02.12.2026');
    expect(typingDate('02.12.2026')).toBe('02.12.2026');
    expect(typingDate('021')).toBe('02.1');
    expect(typingDate('02.')).toBe('02.');
    expect(typingDate('2.12.2026')).toBe('2.12.2026');
    expect(typingDate('2/12/2026')).toBe('2.12.2026');
    expect(typingDate('2026-12-02')).toBe('02.12.2026');
    expect(typingDate('02.12.20261')).toBe('02.12.2026');
    expect(typingDate('ab..')).toBe('');
  });

  it('is read as the ISO date the form keeps: 02.12.2026 is 2 December', () => {
    expect(readTypedDate('02.12.2026')).toEqual({ kind: 'date', date: '2026-12-02' });
    expect(readTypedDate('2.3.2026')).toEqual({ kind: 'date', date: '2026-03-02' });
    expect(readTypedDate('29.02.2028')).toEqual({ kind: 'date', date: '2028-02-29' });
    expect(readTypedDate('')).toEqual({ kind: 'empty' });
  });

  it('refuses a date no calendar has, naming the month’s last day, and a half-typed one', () => {
    expect(readTypedDate('31.02.2026')).toEqual({ kind: 'impossible', lastDay: '2026-02-28' });
    expect(readTypedDate('29.02.2026')).toEqual({ kind: 'impossible', lastDay: '2026-02-28' });
    expect(readTypedDate('31.04.2026')).toEqual({ kind: 'impossible', lastDay: '2026-04-30' });
    expect(readTypedDate('12.13.2026')).toEqual({ kind: 'impossible' });
    expect(readTypedDate('00.12.2026')).toEqual({ kind: 'impossible' });
    expect(readTypedDate('02.12.26')).toEqual({ kind: 'incomplete' });
    expect(readTypedDate('02.12')).toEqual({ kind: 'incomplete' });
    expect(readTypedDate('02')).toEqual({ kind: 'incomplete' });
  });
});

describe('the calendar', () => {
  it('lays a month out in weeks from Monday: December 2026 starts on a Tuesday', () => {
    const weeks = monthWeeks(2026, 12);
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks.at(-1)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', null, null, null]);
    expect(monthWeeks(2027, 2).flat().filter(Boolean)).toHaveLength(28);
  });

  it('moves by keys as the WAI-ARIA date picker does, never past the bounds', () => {
    const bounds = { earliest: '1900-01-01', latest: '2026-12-03' };
    expect(movedDate('2026-12-02', 'ArrowRight', false, bounds)).toBe('2026-12-03');
    expect(movedDate('2026-12-03', 'ArrowRight', false, bounds)).toBe('2026-12-03');
    expect(movedDate('2026-12-02', 'ArrowUp', false, bounds)).toBe('2026-11-25');
    expect(movedDate('2026-12-02', 'Home', false, bounds)).toBe('2026-11-30');
    expect(movedDate('2026-12-02', 'End', false, bounds)).toBe('2026-12-03');
    expect(movedDate('2026-03-31', 'PageUp', false, bounds)).toBe('2026-02-28');
    expect(movedDate('2026-03-31', 'PageUp', true, bounds)).toBe('2025-03-31');
    expect(movedDate('2026-12-02', 'PageDown', false, bounds)).toBe('2026-12-03');
    expect(movedDate('1900-01-05', 'ArrowUp', false, bounds)).toBe('1900-01-01');
    expect(movedDate('2026-12-02', 'x', false, bounds)).toBeNull();
  });

  it('names the weekdays in each language whatever the browser’s', () => {
    expect(weekdayNames('kk')).toEqual(['Дс', 'Сс', 'Ср', 'Бс', 'Жм', 'Сб', 'Жс']);
    expect(weekdayNames('ru', 'full')[0]).toBe('понедельник');
    expect(weekdayNames('en', 'full')[6]).toBe('Sunday');
  });
});
