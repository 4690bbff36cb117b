import { expect, test } from '@playwright/test';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { actAs, people, setUp, t } from './flow';

/**
 * Only the Kazakh texts load at start (the start budget in docs/performance.md); Russian and
 * English load when chosen — on set-up, at sign-in, in the menu — and at start when last used,
 * and no screen shows a bare key meanwhile.
 */
test('Russian and English texts load when chosen, and no screen shows a bare key meanwhile', async ({ page }) => {
  test.setTimeout(180_000);
  const loaded: string[] = [];
  page.on('request', (r) => {
    const texts = /assets\/(ru|en)-[\w-]+\.js$/.exec(r.url());
    if (texts) loaded.push(texts[1]!);
  });
  // Every text the page ever shows, to find a key such as "signIn.title" shown for a moment.
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { shown: string[] }).shown = []);
    new MutationObserver(() => seen.push(document.body?.innerText ?? '')).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const bareKeys = async () => (await page.evaluate(() => (window as unknown as { shown: string[] }).shown)).flatMap((text) => text.match(/\b(app|setup|signIn|nav|roles|languages)\.\w+/g) ?? []);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: t.setup.title })).toBeVisible();
  expect(loaded).toEqual([]);
  await page.locator('.language select').selectOption('ru');
  await expect(page.getByRole('heading', { name: ru.setup.title })).toBeVisible();
  expect(loaded.splice(0)).toEqual(['ru']);
  await page.locator('.language select').selectOption('kk');

  await setUp(page);
  expect(loaded).toEqual([]);
  await page.getByRole('button', { name: t.app.signOut }).click();
  await page.locator('.language select').selectOption('ru');
  await expect(page.getByRole('heading', { name: ru.signIn.title })).toBeVisible();
  expect(loaded.splice(0)).toEqual(['ru']);
  await page.screenshot({ path: 'test-results/languages/ru-sign-in.png', fullPage: true });

  expect(await bareKeys()).toEqual([]);
  // Russian was the last language used on this PC: it loads before the first screen shows.
  await page.reload();
  await expect(page.getByRole('heading', { name: ru.signIn.title })).toBeVisible();
  expect(loaded.splice(0)).toEqual(['ru']);
  await page.locator('.language select').selectOption('kk');
  await actAs(page, people.clerk, 'clerk');
  await page.locator('header .language select').selectOption('en');
  await expect(page.getByRole('button', { name: en.app.signOut })).toBeVisible();
  await expect(page.getByText(`${people.clerk} — ${en.roles.clerk}`)).toBeVisible();
  expect(loaded).toEqual(['en']);
  expect(await bareKeys()).toEqual([]);
});
