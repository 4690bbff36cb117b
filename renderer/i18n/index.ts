import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { applyLastPreferences, usePreferences } from '../app/preferences';
import { kk } from './kk';
import { ru } from './ru';
import { en } from './en';

/**
 * Every language has exactly Kazakh's keys: a missing or extra key is a type error. Plural
 * forms differ by language (kk: one, other; ru: one, few, many, other), so `units` and `counts`
 * are open, and test/unit/i18n.test.ts checks them and that every key is used.
 */
export type Messages = Omit<typeof kk, 'units' | 'counts'> & { units: Record<string, string>; counts: Record<string, string> };

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
    lng: usePreferences.getState().language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await applyLastPreferences();
}
