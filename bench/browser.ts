import { chromium } from '@playwright/test';

/**
 * Debian's Chromium on a profile on disk, as the desktop app keeps its store: a private context
 * would keep IndexedDB in memory, with a small quota. `features` turns on Chromium features, to
 * compare a storage engine (e.g. IdbSqliteBackingStore).
 */
export function openProfile(dir: string, features = '') {
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...(features ? [`--enable-features=${features}`] : [])],
    locale: 'kk-KZ',
    timezoneId: 'Asia/Almaty',
    // The bench hub's certificate is its own; the app checks its pin on every answer.
    ignoreHTTPSErrors: true,
  });
}
