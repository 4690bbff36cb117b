import type { Language } from './roles';
import { addDays, addMonths, localDateOf, weekdayOf, type LocalDate } from './localDate';

/**
 * Dates for people. Our own formatter, because Chromium's ICU has no Kazakh month names
 * (KAZAKHSTAN.md): kk «2026 ж. 24 қараша», ru «24 ноября 2026 г.», short «24.11.2026».
 */
const MONTHS: Record<Language, string[]> = {
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const RU_NOMINATIVE = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

/** A month's name standing alone, as a calendar's heading (Russian uses the nominative there). */
export function monthName(month: number, language: Language): string {
  return (language === 'ru' ? RU_NOMINATIVE : MONTHS[language])[month - 1]!;
}

/** A 'YYYY-MM-DD' date, long or short. */
export function formatDate(date: string, language: Language, style: 'long' | 'short' = 'short'): string {
  const [y, m, d] = date.split('-') as [string, string, string];
  if (style === 'short') return `${d}.${m}.${y}`;
  const day = String(Number(d));
  const month = MONTHS[language][Number(m) - 1];
  if (language === 'kk') return `${y} ж. ${day} ${month}`;
  if (language === 'ru') return `${day} ${month} ${y} г.`;
  return `${day} ${month} ${y}`;
}

/** An instant in the office's time zone: «24.11.2026 14:05». */
export function formatDateTime(instant: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(instant) + offsetMinutes * 60_000).toISOString();
  return `${formatDate(localDateOf(instant, offsetMinutes), 'kk')} ${local.slice(11, 16)}`;
}

/** Monday first, as Kazakhstan's calendars are: the short names a calendar's columns show, and the full ones read out. */
const WEEKDAYS: Record<Language, { short: string[]; full: string[] }> = {
  kk: { short: ['Дс', 'Сс', 'Ср', 'Бс', 'Жм', 'Сб', 'Жс'], full: ['дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі', 'жексенбі'] },
  ru: { short: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'], full: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'] },
  en: { short: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'], full: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] },
};

export function weekdayNames(language: Language, style: 'short' | 'full' = 'short'): string[] {
  return WEEKDAYS[language][style];
}

/**
 * What a person types into a date field, as DD.MM.YYYY while they type: digits fill the day, the
 * month and the year in turn and the dots come by themselves, or a typed dot (or / - space) ends a
 * part early (2.12.2026). A pasted ISO date (2026-12-02) is turned round.
 */
export function typingDate(text: string): string {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  if (iso) return `${iso[3]}.${iso[2]}.${iso[1]}`;
  const sizes = [2, 2, 4];
  const parts = [''];
  for (const ch of text) {
    const i = parts.length - 1;
    if (/\d/.test(ch)) {
      if (parts[i]!.length < sizes[i]!) parts[i] += ch;
      else if (i < 2) parts.push(ch);
    } else if (/[./\-, ]/.test(ch) && parts[i] && i < 2) parts.push('');
  }
  return parts.join('.');
}

export type TypedDate = { kind: 'empty' } | { kind: 'date'; date: LocalDate } | { kind: 'incomplete' } | { kind: 'impossible'; lastDay?: LocalDate };

/** What a typed date is: a real calendar date, nothing, half a date, or one no calendar has (31.02.2026; its month's last day given). */
export function readTypedDate(text: string): TypedDate {
  const typed = typingDate(text);
  if (!typed) return { kind: 'empty' };
  const [d = '', m = '', y = ''] = typed.split('.');
  if (!d || !m || y.length < 4) return { kind: 'incomplete' };
  const [day, month, year] = [Number(d), Number(m), Number(y)];
  if (month < 1 || month > 12 || day < 1 || year < 1) return { kind: 'impossible' };
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const iso = (n: number) => `${y}-${String(month).padStart(2, '0')}-${String(n).padStart(2, '0')}`;
  return day > lastDay ? { kind: 'impossible', lastDay: iso(lastDay) } : { kind: 'date', date: iso(day) };
}

/** A month's days as a calendar shows them: weeks from Monday, with no date before the 1st and after the last. */
export function monthWeeks(year: number, month: number): (LocalDate | null)[][] {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const days: (LocalDate | null)[] = Array<null>((weekdayOf(first) + 6) % 7).fill(null);
  for (let date = first; Number(date.slice(5, 7)) === month; date = addDays(date, 1)) days.push(date);
  while (days.length % 7) days.push(null);
  return Array.from({ length: days.length / 7 }, (_, w) => days.slice(w * 7, w * 7 + 7));
}

/**
 * Where a key moves a calendar's focused day, as the WAI-ARIA date picker does: arrows by a day or
 * a week, Home/End to the week's ends, PageUp/PageDown by a month (with Shift, a year); never past
 * the field's bounds. Null for any other key.
 */
export function movedDate(date: LocalDate, key: string, shift: boolean, bounds: { earliest: LocalDate; latest: LocalDate }): LocalDate | null {
  const monday = (weekdayOf(date) + 6) % 7;
  const moves: Record<string, () => LocalDate> = {
    ArrowLeft: () => addDays(date, -1),
    ArrowRight: () => addDays(date, 1),
    ArrowUp: () => addDays(date, -7),
    ArrowDown: () => addDays(date, 7),
    Home: () => addDays(date, -monday),
    End: () => addDays(date, 6 - monday),
    PageUp: () => addMonths(date, shift ? -12 : -1),
    PageDown: () => addMonths(date, shift ? 12 : 1),
  };
  const move = moves[key];
  if (!move) return null;
  const moved = move();
  return moved < bounds.earliest ? bounds.earliest : moved > bounds.latest ? bounds.latest : moved;
}
