import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { applyLastPreferences, usePreferences } from '../app/preferences';
import { kk } from './kk';
import { ru } from './ru';
import { en } from './en';


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
