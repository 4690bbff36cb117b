import i18next from 'i18next';
import { create } from 'zustand';
import { LANGUAGES, type Language } from '../../shared';
import { defaultView, parseListView, type ListName, type ListView } from '../store/caseList';

/**
 * Each person's language, text size and contrast, kept on this PC: the sign-in screen shows the
 * last person's, and signing in brings back one's own. They are not office data and never sync.
 */
export interface Preferences {
  language: Language;
  textSize: 'normal' | 'large';
  contrast: 'normal' | 'high';
}

const DEFAULTS: Preferences = { language: 'kk', textSize: 'normal', contrast: 'normal' };
const LAST = 'kense.preferences';
const personal = (userId: string) => `kense.preferences.${userId}`;

function stored(key: string): Partial<Preferences> {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<Preferences>;
    return {
      ...(LANGUAGES.includes(saved.language!) ? { language: saved.language } : {}),
      ...(saved.textSize === 'normal' || saved.textSize === 'large' ? { textSize: saved.textSize } : {}),
      ...(saved.contrast === 'normal' || saved.contrast === 'high' ? { contrast: saved.contrast } : {}),
    };
  } catch {
    return {};
  }
}

export const usePreferences = create<Preferences>(() => ({ ...DEFAULTS, ...stored(LAST) }));

/** Shows the preferences at once: the language on every screen, the text size and contrast through the page's root. */
async function apply(preferences: Preferences): Promise<void> {
  const root = document.documentElement;
  root.lang = preferences.language;
  root.dataset.textSize = preferences.textSize;
  root.dataset.contrast = preferences.contrast;
  usePreferences.setState(preferences);
  if (i18next.isInitialized && i18next.language !== preferences.language) await i18next.changeLanguage(preferences.language);
}

/** Changes a preference now, for this person (null before anyone signs in) and as the last one used here. */
export async function setPreference(userId: string | null, change: Partial<Preferences>): Promise<void> {
  const next = { ...usePreferences.getState(), ...change };
  localStorage.setItem(LAST, JSON.stringify(next));
  if (userId) localStorage.setItem(personal(userId), JSON.stringify(next));
  await apply(next);
}

/** At sign-in: the person's own preferences, if they ever set any; otherwise the ones on screen become theirs. */
export async function preferencesOnSignIn(userId: string): Promise<void> {
  await setPreference(userId, stored(personal(userId)));
}

/** At start: the last preferences used on this PC. */
export const applyLastPreferences = () => apply(usePreferences.getState());

const listKey = (userId: string, list: ListName) => `kense.list.${userId}.${list}`;

/** The filters and sorting a person chose on a list, kept on this PC like their language; the list's default until they choose. */
export function keptListView(userId: string, list: ListName): ListView {
  try {
    return parseListView(list, JSON.parse(localStorage.getItem(listKey(userId, list)) ?? 'null'));
  } catch {
    return defaultView(list);
  }
}

export function keepListView(userId: string, list: ListName, view: ListView): void {
  localStorage.setItem(listKey(userId, list), JSON.stringify(view));
}
