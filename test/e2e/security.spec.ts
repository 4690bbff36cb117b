import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { SAMPLES } from '../../shared/samples';
import config from '../../playwright.config';
import { actAs, ADMIN_GIVEN, draftResult, giveVisa, offline, openFromWorklist, PASSWORD, people, register, setUp, stage, t, unlock } from './flow';

const sample = SAMPLES['guardianship-certificate']!;
const personal = [sample.applicant.name as string, sample.applicant.iin as string, sample.application.childName as string];

test('a specialist cannot sign; a case read shows in the audit trail; a disabled person cannot sign in', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  const number = await register(page);
  await giveVisa(page, number);
  await draftResult(page, number, 'guardianship-certificate');

  // The draft waits for the head's signature: the specialist sees the case, not the sign action.
  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.allCases, number);
  await expect(stage(page)).toHaveText(t.stages.signing);
  await expect(page.getByRole('button', { name: t.signing.sign, exact: true })).toHaveCount(0);
  await expect(page.getByLabel(t.signing.pin, { exact: true })).toHaveCount(0);

  // The head reads the case; the audit trail names who read which case.
  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toSign, number);
  await page.getByRole('link', { name: t.nav.audit }).click();
  const views = page.getByTestId('audit-trail').getByRole('row').filter({ hasText: t.events['office.caseViewed'] }).filter({ hasText: number });
  await expect(views.filter({ hasText: people.head })).toHaveCount(2); // at the visa, and now
  await expect(views.filter({ hasText: people.specialist })).toHaveCount(2);
  await page.getByRole('button', { name: t.audit.verify }).click();
  await expect(page.getByTestId('audit-chains')).toContainText(t.audit.chainIntact.replace('{{device}}', 'K1').split(':')[0]!);
  await page.screenshot({ path: 'test-results/audit-trail.png', fullPage: true });

  // The administrator disables the second specialist: they are no longer offered at sign-in.
  await actAs(page, people.admin, 'admin');
  await page.getByRole('link', { name: t.nav.staff }).click();
  await page.getByRole('button', { name: t.staff.editOf.replace('{{name}}', people.specialist2) }).click();
  await page.getByLabel(t.staff.enabled).uncheck();
  await page.getByRole('button', { name: t.staff.save }).click();
  await expect(page.getByRole('row').filter({ hasText: people.specialist2 })).toContainText(t.staff.disabled);
  await page.screenshot({ path: 'test-results/staff.png', fullPage: true });
  await page.getByRole('button', { name: t.app.signOut }).click();
  const person = page.getByLabel(t.signIn.person, { exact: true });
  await expect(person.getByRole('option', { name: people.specialist })).toHaveCount(1);
  await expect(person.getByRole('option', { name: people.specialist2 })).toHaveCount(0);
  expect(blocked).toEqual([]);
});

test('three wrong passwords make the next try wait; an idle session locks and the same person unlocks it', async ({ page }) => {
  await page.clock.install();
  await setUp(page);
  await page.getByRole('button', { name: t.app.signOut }).click();
  await page.getByLabel(t.signIn.person, { exact: true }).selectOption({ label: people.clerk });
  const password = page.getByLabel(t.signIn.password, { exact: true });
  for (let i = 0; i < 3; i++) {
    await password.fill('бұл қате құпиясөз');
    await page.getByRole('button', { name: t.signIn.submit }).click();
    await expect(page.getByRole('button', { name: t.signIn.submit })).toBeEnabled();
  }
  await expect(page.getByText(t.errors['auth.wrongPasswordWait'].replace('{{seconds}}', '30'))).toBeVisible();
  // Even the right password waits its turn.
  await password.fill(ADMIN_GIVEN);
  await page.getByRole('button', { name: t.signIn.submit }).click();
  await expect(page.getByText(new RegExp(t.errors['auth.wait'].replace('{{seconds}}', '\\d+')))).toBeVisible();
  await expect(page.getByRole('heading', { name: t.signIn.title })).toBeVisible();
  await page.screenshot({ path: 'test-results/sign-in-wait.png', fullPage: true });

  await page.clock.fastForward('00:31');
  await password.fill(ADMIN_GIVEN);
  await page.getByRole('button', { name: t.signIn.submit }).click();
  // The administrator gave this password: the clerk chooses their own now.
  await page.getByLabel(t.signIn.newPassword, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.signIn.repeatPassword, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: t.signIn.setPassword }).click();
  await expect(page.getByText(`${people.clerk} — ${t.roles.clerk}`)).toBeVisible();
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await page.clock.fastForward('15:10');
  await expect(page.getByRole('heading', { name: t.signIn.lockedTitle })).toBeVisible();
  await expect(page.getByText(t.signIn.lockedAs.replace('{{name}}', people.clerk))).toBeVisible();
  await page.screenshot({ path: 'test-results/locked.png', fullPage: true });
  await unlock(page);
  // Back where the clerk was, in the same role.
  await expect(page.getByText(`${people.clerk} — ${t.roles.clerk}`)).toBeVisible();
  await expect(page.getByLabel(t.intake.service, { exact: true })).toBeVisible();
});

/** Every value of every object store, as raw as IndexedDB keeps it; sealed bytes as latin-1 text. */
async function rawStore(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('kense');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const out: unknown[] = [];
    for (const name of Array.from(db.objectStoreNames)) {
      out.push(
        name,
        await new Promise((resolve) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
        }),
      );
    }
    db.close();
    return JSON.stringify(out, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v, (b) => String.fromCharCode(b)).join('') : v));
  });
}

test('a copy of the profile, opened without a password, shows no personal data', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'kense-profile-'));
  const copy = mkdtempSync(join(tmpdir(), 'kense-copy-'));
  const { baseURL, locale, timezoneId, launchOptions } = config.use!;
  const launch = (dir: string) => chromium.launchPersistentContext(dir, { ...launchOptions, baseURL, locale, timezoneId });
  try {
    const office = await launch(profile);
    const page = office.pages()[0] ?? (await office.newPage());
    await setUp(page);
    await actAs(page, people.clerk, 'clerk');
    const number = await register(page);
    await expect(page.getByText(sample.applicant.name as string).first()).toBeVisible();
    await office.close();

    // Someone copies the browser profile off the machine and opens it.
    cpSync(profile, copy, { recursive: true });
    const thief = await launch(copy);
    const stolen = thief.pages()[0] ?? (await thief.newPage());
    await stolen.goto('/');
    await expect(stolen.getByRole('heading', { name: t.signIn.title })).toBeVisible();
    const raw = await rawStore(stolen);
    expect(raw).toContain(number);
    for (const value of personal) {
      expect(raw).not.toContain(value);
      await expect(stolen.getByText(value)).toHaveCount(0);
    }
    await stolen.goto(`/#/cases`);
    await expect(stolen.getByRole('heading', { name: t.signIn.title })).toBeVisible();
    await thief.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
});

test('after a reload the session comes back locked, and the password opens it', async ({ page }) => {
  await setUp(page);
  await page.reload();
  await expect(page.getByLabel(t.signIn.password, { exact: true })).toBeVisible();
  await page.getByLabel(t.signIn.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: t.signIn.unlock }).click();
  await expect(page.getByText(`${people.admin} — ${t.roles.admin}`)).toBeVisible();
});
