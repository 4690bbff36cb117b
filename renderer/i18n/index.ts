import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared';
import { kk } from './kk';
import { ru } from './ru';
import { en } from './en';

/**
 * Every language has exactly Kazakh's keys: a missing or extra key is a type error. Plural
 * forms differ by language (kk: one, other; ru: one, few, many, other), so `units` and `counts` are open.
 */
export type Messages = Omit<typeof kk, 'units' | 'counts'> & { units: Record<string, string>; counts: Record<string, string> };

const LANGUAGE_KEY = 'kense.language';

export function savedLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return saved === 'ru' || saved === 'en' ? saved : 'kk';
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

export async function initI18n(): Promise<void> {
  const language = savedLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
