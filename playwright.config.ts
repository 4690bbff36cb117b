import { defineConfig } from '@playwright/test';
import { E2E_URL } from './test/e2e/url';

/** The UI suite runs in Debian's Chromium against the built app; Playwright downloads no browser. */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: E2E_URL,
    locale: 'kk-KZ',
    timezoneId: 'Asia/Almaty',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    // The test hubs serve HTTPS with their own certificates, which the browser is told to take, as
    // an office's browser that trusts its hub's certificate would: the app's pin is what is tested.
    ignoreHTTPSErrors: true,
  },
  webServer: {
    command: `npx vite preview --config renderer/vite.config.ts --host 127.0.0.1 --port ${new URL(E2E_URL).port}`,
    url: E2E_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
