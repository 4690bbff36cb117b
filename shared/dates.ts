import type { Language } from './roles';
import { localDateOf } from './localDate';

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
