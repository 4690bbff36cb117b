/**
 * Calendar dates as 'YYYY-MM-DD' in the office's time zone. Instants are ISO strings in UTC;
 * the office's offset (Kazakhstan: UTC+5 everywhere since 2024) turns one into the other.
 * Fixed offsets, not the machine's zone, so every device and test computes the same dates.
 */
export type LocalDate = string;

const DAY_MS = 86_400_000;

export function isLocalDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function localDateOf(instant: string, offsetMinutes: number): LocalDate {
  return new Date(Date.parse(instant) + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The last millisecond of a local date, as a UTC instant. */
export function endOfLocalDay(date: LocalDate, offsetMinutes: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - 1 - offsetMinutes * 60_000).toISOString();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Months forward; a day past the target month's end becomes its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
