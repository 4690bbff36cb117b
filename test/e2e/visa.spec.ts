import { expect, test, type Page } from '@playwright/test';
import { ru } from '../../renderer/i18n/ru';
import { accessibilityProblems, actAs, chooseSpecialist, giveVisa, offline, openFromWorklist, openWorklist, people, register, setUp, shotsInEachLanguage, stage, t } from './flow';

/*
 * Issue 25, the head's visa: the office's resolution texts one click away, each specialist's
 * reviews and overdue beside their name, and a review given to another specialist with a reason,
 * which the specialist's notices tell them of.
 */

test.use({ viewport: { width: 1366, height: 768 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/visa-${name}.png`, fullPage: true });

test('the head picks a resolution text, sees who holds how much, and gives a review to another specialist with the reason', async ({ page, context }) => {
  test.setTimeout(240_000);
  const blocked = await offline(context);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  const first = await register(page);
  const second = await register(page);
  await giveVisa(page, first);

  // The office's own texts, kept by the head in Settings; too many is refused and nothing is kept.
  await page.getByRole('link', { name: t.nav.settings }).click();
  const texts = page.getByRole('form', { name: t.resolutions.title });
  const field = texts.getByLabel(t.resolutions.label, { exact: true });
  await field.fill(Array.from({ length: 13 }, (_, i) => `Мәтін ${i + 1}`).join('\n'));
  await texts.getByRole('button', { name: t.resolutions.save }).click();
  await expect(texts.getByRole('alert')).toHaveText(t.errors['resolutions.tooMany'].replace('{{max}}', '12'));
  await expect(texts.getByRole('status')).toHaveCount(0);
  await field.fill('Қарап, анықтама дайындалсын\nҚұжаттарды тізілімдермен салыстырып, баяндаңыз');
  await texts.getByRole('button', { name: t.resolutions.save }).click();
  await expect(texts.getByRole('status')).toHaveText(t.resolutions.saved);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shotsInEachLanguage(page, 'visa-settings');

  // On the visa form: one click puts a text in the field; each specialist says what they hold.
  await openFromWorklist(page, t.nav.toVisa, second);
  await page.getByRole('group', { name: t.resolutions.pick }).getByRole('button', { name: 'Қарап, анықтама дайындалсын' }).click();
  await expect(page.getByLabel(t.visa.resolution, { exact: true })).toHaveValue('Қарап, анықтама дайындалсын');
  const options = page.getByLabel(t.visa.specialist, { exact: true }).locator('option');
  const load = (name: string, open: number) => t.visa.load.replace('{{name}}', name).replace('{{open}}', String(open)).replace('{{overdue}}', '0');
  await expect(options).toHaveText([t.visa.choose, load(people.specialist, 1), load(people.specialist2, 0)]);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shotsInEachLanguage(page, 'visa-form');
  await chooseSpecialist(page, people.specialist);
  await page.getByRole('button', { name: t.visa.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.review);

  // Гүлнар is away: the head gives the first review to Дәурен. Without a reason nothing changes.
  await openWorklist(page, t.nav.allCases);
  await page.getByRole('link', { name: first }).click();
  await page.getByRole('button', { name: t.reassign.open }).click();
  // Found by its field, whatever the language.
  const reassign = page.locator('form.side-action:has(#reassign-reason)');
  await expect(reassign.getByLabel(t.visa.specialist, { exact: true }).locator('option')).toHaveText([t.visa.choose, load(people.specialist2, 0)]);
  await chooseSpecialist(page, people.specialist2);
  await reassign.getByRole('button', { name: t.reassign.submit }).click();
  await expect(reassign.getByRole('alert')).toHaveText(t.errors['field.required'].replace('{{field}}', t.fields.reassignReason));
  const history = page.getByRole('table').filter({ hasText: t.case.when }).locator('tbody tr');
  await expect(history).toHaveCount(2);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shotsInEachLanguage(page, 'visa-reassign');
  // The refusal is said again in the language chosen after it.
  await page.locator('header .language select').selectOption('ru');
  await expect(reassign.getByRole('alert')).toHaveText(ru.errors['field.required'].replace('{{field}}', ru.fields.reassignReason));
  await page.locator('header .language select').selectOption('kk');
  await reassign.getByLabel(t.reassign.reason, { exact: true }).fill('Гүлнар Өмірбекова демалыста');
  await reassign.getByRole('button', { name: t.reassign.submit }).click();
  await expect(history).toHaveCount(3);
  await expect(history.nth(2)).toContainText(t.events['case.reassigned']);
  await expect(history.nth(2)).toContainText('Гүлнар Өмірбекова демалыста');
  await expect(stage(page)).toHaveText(t.stages.review);
  await shot(page, 'reassigned');

  // The review is Дәурен's now, and no longer in Гүлнар's list.
  await actAs(page, people.specialist, 'specialist');
  await openWorklist(page, t.nav.toReview);
  await expect(page.getByRole('link', { name: second })).toBeVisible();
  await expect(page.getByRole('link', { name: first })).toHaveCount(0);
  // Дәурен's start screen tells him first, with the head's reason (the notices panel).
  await actAs(page, people.specialist2, 'specialist');
  const notices = page.getByRole('region', { name: t.notices.title });
  await expect(notices.locator('[data-notice="reassigned"]')).toContainText(t.notices.reassigned.replace('{{n}}', '1'));
  await expect(notices.locator('[data-notice="reassigned"]')).toContainText(`${first} — ${people.head}`);
  await expect(notices.locator('[data-notice="reassigned"]')).toContainText('Гүлнар Өмірбекова демалыста');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shotsInEachLanguage(page, 'visa-notices');
  await notices.getByRole('link', { name: first }).click();
  await expect(page.getByRole('heading', { name: `№ ${first}` })).toBeVisible();
  await openWorklist(page, t.nav.toReview);
  await expect(page.getByRole('link', { name: first })).toBeVisible();
  expect(blocked).toEqual([]);
});
