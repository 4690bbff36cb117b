import { lazy } from 'react';
import { useTranslation } from 'react-i18next';

const laterScreens = () => import('./laterScreens');
type LaterScreens = Awaited<ReturnType<typeof laterScreens>>;

/** A screen or form loaded when first shown (under a Suspense showing `Loading`), so the start carries sign-in and the worklists only. */
export function later<K extends keyof LaterScreens>(name: K) {
  return lazy(async () => ({ default: (await laterScreens())[name] }));
}

/** What a screen shows while its code loads: the app's loading text, never a blank. */
export function Loading() {
  const { t } = useTranslation();
  return <p>{t('app.loading')}</p>;
}
