/**
 * `kense demo --cases N --profile DIR`: a training office of N cases loaded into a store the app
 * reads. The store is IndexedDB inside a browser profile, which only a browser can write, so the
 * app's own training screen makes it, in Debian's Chromium, with the profile on disk. Needs the
 * built renderer and the development packages (Playwright, Vite): a tool of a checkout.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { preview } from 'vite';
import { kk as t } from '../renderer/i18n/kk';
import { TRAINING_PIN } from '../renderer/store/training';
import { openProfile } from './browser';
import type { Out } from '../server/verify';


const DEMO_ADMIN = 'Бауыржан Төлеуов';
const ROOT = resolve(import.meta.dirname, '..');

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

export async function demoStore(o: { cases: number; profile: string; url: string; password: string }, out: Out): Promise<number> {
  if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) {
    out('kense: the app is not built; run npm run build:renderer first');
    return 1;
  }
  if (existsSync(o.profile) && readdirSync(o.profile).length) {
    out(`kense: ${o.profile} is not empty; a training office goes into a new profile directory`);
    return 1;
  }
  const url = new URL(o.url);
  // The app may be served already (npm start); else it is served here for as long as it takes.
  const served = (await answers(o.url))
    ? null
    : await preview({ configFile: join(ROOT, 'renderer/vite.config.ts'), logLevel: 'warn', preview: { host: url.hostname, port: Number(url.port), strictPort: true } });
  const browser = await openProfile(o.profile);
  try {
    const page = await browser.newPage();
    await page.goto(o.url);
    await page.getByLabel(t.training.adminName, { exact: true }).fill(DEMO_ADMIN);
    await page.getByLabel(t.training.password, { exact: true }).fill(o.password);
    await page.getByLabel(t.training.repeat, { exact: true }).fill(o.password);
    await page.getByLabel(t.fields['training.cases'], { exact: true }).fill(String(o.cases));
    const submit = page.getByRole('button', { name: t.training.submit });
    await submit.click();
    const signedIn = page.getByText(`${DEMO_ADMIN} — ${t.roles.admin}`);
    const refused = page.getByRole('alert');
    const bar = page.getByRole('progressbar', { name: t.training.progress });
    await bar.or(refused).or(signedIn).first().waitFor();
    let told = 0;
    while (!(await signedIn.isVisible())) {
      if (await refused.isVisible()) {
        out(`kense: the app refused: ${await refused.innerText()}`);
        return 1;
      }
      if (await submit.isVisible()) {
        out('kense: the app came back to its set-up screen without an office, and said nothing');
        return 1;
      }
      const done = Number((await bar.getAttribute('value', { timeout: 1000 }).catch(() => null)) ?? 0);
      // A line at each tenth, so a long load shows it is moving.
      if (done >= told + o.cases / 10) out(`  ${(told = done)} of ${o.cases} cases`);
      await page.waitForTimeout(500);
    }
  } finally {
    await browser.close();
    await served?.close();
  }
  out(`A training office of ${o.cases} cases is in the profile ${o.profile}.`);
  out(`Sign in as anyone on its staff with the password ${o.password}; heads sign with the PIN ${TRAINING_PIN}.`);
  out(`Open it while the app is served at ${o.url} (npm start, where Electron is not installed): chromium --user-data-dir=${o.profile} ${o.url}`);
  return 0;
}
