import { expect, test } from '@playwright/test';
import { ru } from '../../renderer/i18n/ru';
import { accessibilityProblems, actAs, openWorklist, PASSWORD, settled, t } from './flow';

const STAFF = [
  ['Бауыржан Төлеуов', 'admin'],
  ['Әйгерім Сәрсенова', 'clerk'],
  ['Нұрлан Қасымов', 'head'],
  ['Гүлнар Өмірбекова', 'specialist'],
] as const;

/**
 * Every screen of every role's menu, in a training office with cases at every stage: no serious
 * or critical axe violation in Kazakh, and a screenshot in each language to look at
 * (test-results/screens/). The look settings and the handover's confirmation are checked too.
 */
test('every main screen passes the accessibility check, and is shown in Kazakh, Russian and English', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await page.getByLabel(t.training.adminName, { exact: true }).fill(STAFF[0][0]);
  await page.getByLabel(t.training.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.training.repeat, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.fields['training.cases'], { exact: true }).fill('400');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/kk-setup.png', fullPage: true });
  await page.getByRole('button', { name: t.training.submit }).click();
  await expect(page.getByText(`${STAFF[0][0]} — ${t.roles.admin}`)).toBeVisible({ timeout: 120_000 });

  const problems: string[] = [];
  for (const [name, role] of STAFF) {
    await actAs(page, name, role);
    const links = page.locator('nav a');
    const count = await links.count();
    for (const language of ['kk', 'ru', 'en'] as const) {
      await page.locator('header .language select').selectOption(language);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      for (let i = 0; i < count; i++) {
        await links.nth(i).click();
        await settled(page);
        const route = (await links.nth(i).getAttribute('href'))!.slice(2).replace('/', '-');
        if (language === 'kk') problems.push(...(await accessibilityProblems(page)).map((p) => `${role} ${route}: ${p}`));
        await page.screenshot({ path: `test-results/screens/${language}-${role}-${route}.png` });
      }
    }
    await page.locator('header .language select').selectOption('kk');
  }
  expect(problems).toEqual([]);

  // A case page at its stage, with its actions: the clerk's handover asks before it closes the case.
  await actAs(page, 'Әйгерім Сәрсенова', 'clerk');
  await openWorklist(page, t.nav.toHandOver);
  await page.locator('table.list tbody tr a').first().click();
  await settled(page);
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: t.handover.submit }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText(t.handover.confirmText.split('{{')[0]!.trim());
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/kk-clerk-handover-confirm.png', fullPage: true });
  // Escape (or "back") leaves the case as it was.
  await page.getByRole('button', { name: t.handover.confirm }).press('Escape');
  await expect(confirm).toBeHidden();
  await expect(page.locator('.stage').first()).toHaveText(t.stages.handover);

  // Large text and high contrast, remembered for this person and not for the next.
  await page.keyboard.press('Alt+9');
  await page.getByRole('link', { name: t.nav.settings }).click();
  await page.getByLabel(t.settings.textSizeOptions.large, { exact: true }).check();
  await page.getByLabel(t.settings.contrastOptions.high, { exact: true }).check();
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high');
  await page.getByRole('link', { name: t.nav.home }).click();
  await settled(page);
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/kk-clerk-home-large-contrast.png' });
  await actAs(page, 'Нұрлан Қасымов', 'head');
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'normal');
  await page.locator('header .language select').selectOption('ru');
  await page.getByRole('button', { name: ru.app.signOut }).click();
  // The sign-in screen keeps the last language used here; the clerk's own comes back with her.
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.locator('#sign-in-person').selectOption({ label: 'Әйгерім Сәрсенова' });
  await page.locator('#sign-in-password').fill(PASSWORD);
  await page.locator('#sign-in-password').press('Enter');
  await expect(page.getByText(`Әйгерім Сәрсенова — ${t.roles.clerk}`)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  // Alt+2 opens the second item of the menu; «/» goes to the search box.
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: t.nav.toRegister })).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: t.search.label })).toBeFocused();
});
