import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { applyLastPreferences, usePreferences } from '../app/preferences';
import { kk } from './kk';

/**
 * Kazakh, the default, ships with the start; Russian and English load when chosen (or at start,
 * if they were the last used), before i18next switches to them, so no screen shows bare keys.
 */
const laterTexts: BackendModule = {
  type: 'backend',
  callbackApi: true,
  init: () => undefined,
  read(language, _namespace, callback) {
    const load = language === 'ru' ? import('./ru').then((m) => m.ru) : language === 'en' ? import('./en').then((m) => m.en) : null;
    if (!load) return callback(new Error(`No texts in ${language}`), false);
    load.then((texts) => callback(null, texts), (error: Error) => callback(error, false));
  },
};

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).use(laterTexts).init({
    resources: { kk: { translation: kk } },
    partialBundledLanguages: true,
    lng: usePreferences.getState().language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await applyLastPreferences();
}
