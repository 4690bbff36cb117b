import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { kense } from '../../server/cli';
import { openProfile } from '../../bench/browser';
import { demoStore } from '../../bench/demoStore';
import { actAs, openWorklist, PASSWORD, t } from './flow';
import { E2E_URL } from './url';

async function demo(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await kense(['demo', ...args, '--url', E2E_URL], (line) => lines.push(line), demoStore);
  return { code, lines };
}

/** `kense demo --cases N --profile DIR`: the app opens the profile on a training office of N cases. */
test('kense demo loads a training office into a browser profile, which the app then opens', async () => {
  test.setTimeout(120_000);
  const profile = join(mkdtempSync(join(tmpdir(), 'kense-demo-')), 'profile');
  const made = await demo('--cases', '400', '--profile', profile, '--password', PASSWORD);
  expect(made).toEqual({ code: 0, lines: expect.arrayContaining([`A training office of 400 cases is in the profile ${profile}.`]) as string[] });

  // Into a profile already used it goes no further, and changes nothing there.
  const files = readdirSync(profile);
  expect(await demo('--cases', '400', '--profile', profile)).toEqual({ code: 1, lines: [`kense: ${profile} is not empty; a training office goes into a new profile directory`] });
  expect(readdirSync(profile)).toEqual(files);

  const browser = await openProfile(profile);
  try {
    const page = await browser.newPage();
    await page.goto(E2E_URL);
    await actAs(page, 'Нұрлан Қасымов', 'head');
    await expect(page.getByText(t.training.banner)).toBeVisible();
    await openWorklist(page, t.nav.allCases);
    await expect(page.locator('table.list tbody tr')).toHaveCount(100);
    await page.screenshot({ path: 'test-results/demo-profile.png' });
  } finally {
    await browser.close();
  }
});

test('kense demo says why it makes no office: a short password, a wrong count', async () => {
  const profile = join(mkdtempSync(join(tmpdir(), 'kense-demo-')), 'profile');
  expect(await demo('--cases', '10', '--profile', profile, '--password', 'қысқа')).toEqual({ code: 1, lines: [`kense: the app refused: ${t.errors['password.tooShort'].replace('{{min}}', '8')}`] });
  // The app's store holds no office: it opens on its set-up screen.
  const browser = await openProfile(profile);
  try {
    const page = await browser.newPage();
    await page.goto(E2E_URL);
    await expect(page.getByRole('button', { name: t.training.submit })).toBeVisible();
  } finally {
    await browser.close();
  }
  expect((await demo('--cases', '0', '--profile', profile)).code).toBe(2);
});
