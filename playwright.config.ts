import { defineConfig } from '@playwright/test';

/** The UI suite runs in Debian's Chromium against the built app; Playwright downloads no browser. */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4317',
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
    command: 'npx vite preview --config renderer/vite.config.ts --host 127.0.0.1',
    url: 'http://127.0.0.1:4317',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
