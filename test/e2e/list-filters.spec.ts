import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { accessibilityProblems, actAs, giveVisa, openWorklist, PASSWORD, people, settled, t } from './flow';

const SHOTS = '/tmp/shots/lists';
const f = t.listFilters;

const rows = (page: Page) => page.locator('table.list tbody tr');
const column = (page: Page, n: number) => rows(page).locator(`td:nth-child(${n})`).allInnerTexts();
/** The different values a column shows, once the list has drawn what was chosen. */
const shownIn = (page: Page, n: number) => expect.poll(async () => [...new Set(await column(page, n))]);
const choice = (page: Page, name: string) => page.getByRole('combobox', { name, exact: true });
/** The menu's link to a list of work, with the count of what waits there: «Бұрыштамаға 12». */
const counted = (page: Page, label: string) => page.getByRole('navigation').getByRole('link', { name: new RegExp(`^${label} \\d+$`) });

/**
 * A head in a training office narrows «Барлық істер» by status, deadline, service and period,
 * sorts it, finds the choice kept after signing out, and each person has their own; the menu's
 * counts are what the lists hold.
 */
test('the lists filter and sort, keep each person’s choice, and the menu counts what waits', async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/');
  await page.getByLabel(t.training.adminName, { exact: true }).fill('Бауыржан Төлеуов');
  await page.getByLabel(t.training.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.training.repeat, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.fields['training.cases'], { exact: true }).fill('300');
  await page.getByRole('button', { name: t.training.submit }).click();
  await expect(page.getByText(`Бауыржан Төлеуов — ${t.roles.admin}`)).toBeVisible({ timeout: 120_000 });

  await actAs(page, 'Нұрлан Қасымов', 'head');
  // The menu's count is the visa list's length.
  const visaLink = counted(page, t.nav.toVisa);
  await expect(visaLink).toBeVisible();
  const atVisa = Number((await visaLink.innerText()).match(/\d+$/)![0]);
  expect(atVisa).toBeGreaterThan(0);
  await visaLink.click();
  await settled(page);
  await expect(rows(page)).toHaveCount(Math.min(atVisa, 100));
  // The head's visa list has a tick before the number: the number is the row's link.
  const first = (await rows(page).first().getByRole('link').innerText()).trim();
  // A worklist is one stage: no status filter there.
  await expect(choice(page, f.stage)).toHaveCount(0);
  await expect(choice(page, f.specialist)).toBeVisible();

  await openWorklist(page, t.nav.allCases);
  // A page of the latest: the office holds more than one.
  const all = 100;
  await expect(rows(page)).toHaveCount(all);
  expect(await accessibilityProblems(page)).toEqual([]);

  // By status: the cases at visa, as many as the menu says wait there.
  await choice(page, f.stage).selectOption({ label: t.stages.visa });
  await expect(rows(page)).toHaveCount(Math.min(atVisa, 100));
  await shownIn(page, 4).toEqual([t.stages.visa]);

  // Overdue: every step shown is past due, and the most urgent comes first when so sorted.
  await choice(page, f.stage).selectOption({ label: f.anyStage });
  await choice(page, f.due).selectOption({ label: f.overdue });
  await expect(page.getByRole('button', { name: f.clear })).toBeVisible();
  await expect.poll(async () => (await column(page, 5)).filter((due) => !due.includes(t.worklist.overdue))).toEqual([]);
  await expect(rows(page).first()).toBeVisible();
  await choice(page, f.due).selectOption({ label: f.anyDue });

  // By service: only that service's cases, by registration number.
  const service = (await choice(page, f.service).locator('option').nth(1).innerText()).trim();
  await choice(page, f.service).selectOption({ label: service });
  await choice(page, f.sort).selectOption({ label: f.sorts.number });
  await shownIn(page, 3).toEqual([service]);
  await expect.poll(async () => { const shown = await column(page, 1); return shown.join() === [...shown].sort().join(); }).toBe(true);
  const numbers = await column(page, 1);
  const shown = numbers.length;

  // A date that is no day is refused where it is typed, and the list stays as it was.
  const from = page.getByRole('textbox', { name: f.registeredFrom, exact: true });
  await from.fill('31.02.2026');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(from).toHaveAccessibleDescription(f.dateWrong);
  await expect(rows(page)).toHaveCount(shown);
  // A period after today holds nothing; one from long ago holds all of them.
  await from.fill('01.01.2030');
  await expect(page.getByText(f.none)).toBeVisible();
  await expect(rows(page)).toHaveCount(0);
  await from.fill('01.01.2000');
  await expect(rows(page)).toHaveCount(shown);
  await expect(from).not.toHaveAttribute('aria-invalid');
  // Typing a day filters the list and leaves the cursor where it was.
  await expect(from).toBeFocused();

  // The page fits 1366 px with the filters on it.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/kk-all-cases.png` });
  for (const [language, m] of [['ru', ru], ['en', en]] as const) {
    await page.locator('header .language select').selectOption(language);
    await expect(choice(page, m.listFilters.service)).toHaveValue(/.+/);
    await expect(choice(page, m.listFilters.sort)).toBeVisible();
    await expect(counted(page, m.nav.toVisa)).toBeVisible();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${language}-all-cases.png` });
  }
  await page.locator('header .language select').selectOption('kk');

  // Kept for this person: another person at the same PC sees the list as it comes, the head finds theirs again.
  await actAs(page, 'Әйгерім Сәрсенова', 'clerk');
  await openWorklist(page, t.nav.allCases);
  await expect(choice(page, f.service)).toHaveValue('');
  await expect(choice(page, f.sort)).toHaveValue('updated');
  await expect(rows(page)).toHaveCount(all);
  await actAs(page, 'Нұрлан Қасымов', 'head');
  await openWorklist(page, t.nav.allCases);
  await expect(choice(page, f.service).locator('option:checked')).toHaveText(service);
  await expect(choice(page, f.sort)).toHaveValue('number');
  await expect(page.getByRole('textbox', { name: f.registeredFrom, exact: true })).toHaveValue('01.01.2000');
  await expect(rows(page)).toHaveCount(shown);
  await page.getByRole('button', { name: f.clear }).click();
  await expect(rows(page)).toHaveCount(all);
  await expect(page.getByRole('textbox', { name: f.registeredFrom, exact: true })).toHaveValue('');
  await expect(choice(page, f.service)).toHaveValue('');
  await expect(choice(page, f.sort)).toHaveValue('number');

  // A visa moves a case from one count to the other.
  await giveVisa(page, first);
  await expect(page.getByRole('navigation').getByRole('link', { name: atVisa > 1 ? `${t.nav.toVisa} ${atVisa - 1}` : t.nav.toVisa, exact: true })).toBeVisible();

  // A specialist's review list is their own: no specialist or status to choose, and its count is its length.
  await actAs(page, people.specialist, 'specialist');
  const reviewLink = counted(page, t.nav.toReview);
  await expect(reviewLink).toBeVisible();
  const toReview = Number((await reviewLink.innerText()).match(/\d+$/)![0]);
  expect(toReview).toBeGreaterThan(0);
  await reviewLink.click();
  await settled(page);
  await expect(rows(page)).toHaveCount(Math.min(toReview, 100));
  await expect(choice(page, f.specialist)).toHaveCount(0);
  await expect(choice(page, f.stage)).toHaveCount(0);
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/kk-review.png` });
});
