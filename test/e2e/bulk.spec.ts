import { expect, test, type Page } from '@playwright/test';
import { accessibilityProblems, actAs, chooseSpecialist, draftResult, enrolHead, offline, openWorklist, pdfText, people, register, savePdf, setUp, shotsInEachLanguage, sign, t } from './flow';

/*
 * Issue 25, work in batches: the head gives one visa to many applications, each checked on its
 * own; the clerk prints many results as one PDF and hands a batch to the courier, with its act.
 */

test.use({ viewport: { width: 1366, height: 768 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/bulk-${name}.png`, fullPage: true });
const n = (text: string, count: number) => text.replace('{{n}}', String(count));

test('one visa for many applications, many results in one PDF, and a batch handed to the courier with its act', async ({ page, context }) => {
  test.setTimeout(420_000);
  const blocked = await offline(context);
  await setUp(page);
  await enrolHead(page);
  await actAs(page, people.clerk, 'clerk');
  const numbers = [await register(page), await register(page), await register(page)];

  // The head ticks all three. Without a specialist each is refused with the reason, and all stay.
  await actAs(page, people.head, 'head');
  await openWorklist(page, t.nav.toVisa);
  await page.getByRole('checkbox', { name: t.bulk.selectAll }).check();
  const visa = page.getByRole('form', { name: n(t.bulk.visaTitle, 3) });
  await visa.getByRole('button', { name: 'Қарап, заңға сәйкес шешім дайындалсын' }).click();
  await visa.getByRole('button', { name: n(t.bulk.visaSubmit, 3) }).click();
  const refusals = page.getByRole('alert').filter({ hasText: n(t.bulk.refused, 3).split('.')[0]! });
  await expect(refusals.getByRole('listitem')).toHaveCount(3);
  for (const number of numbers) await expect(refusals.getByRole('listitem').filter({ hasText: number })).toContainText(t.errors['specialist.unknown']);
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(3);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shotsInEachLanguage(page, 'bulk-visa-refused');

  // Then with the specialist: the two ticked go to her; the third waits.
  await page.getByRole('checkbox', { name: t.bulk.select.replace('{{regNumber}}', numbers[2]!) }).uncheck();
  const two = page.getByRole('form', { name: n(t.bulk.visaTitle, 2) });
  await two.getByRole('button', { name: 'Қарап, заңға сәйкес шешім дайындалсын' }).click();
  await chooseSpecialist(page, people.specialist);
  await two.getByRole('button', { name: n(t.bulk.visaSubmit, 2) }).click();
  await expect(page.getByRole('status').filter({ hasText: n(t.bulk.visaDone, 2) })).toBeVisible();
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('table')).toContainText(numbers[2]!);

  for (const number of numbers.slice(0, 2)) await draftResult(page, number, 'guardianship-certificate');
  for (const number of numbers.slice(0, 2)) await sign(page, number);

  // The clerk ticks both results: one PDF with both, then the courier takes them today.
  await actAs(page, people.clerk, 'clerk');
  await openWorklist(page, t.nav.toHandOver);
  await page.getByRole('checkbox', { name: t.bulk.selectAll }).check();
  const results = pdfText(await savePdf(page, n(t.bulk.results, 2)));
  for (const number of numbers.slice(0, 2)) expect(results).toContain(number);
  const batch = page.getByRole('region', { name: n(t.bulk.handoverTitle, 2) });
  await batch.getByRole('button', { name: n(t.bulk.handoverSubmit, 2) }).click();
  await expect(batch.getByRole('alert')).toHaveText(t.errors['field.required'].replace('{{field}}', t.bulk.courier));
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(2);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shotsInEachLanguage(page, 'bulk-handover');
  await batch.getByLabel(t.bulk.courier, { exact: true }).fill('Ержан Сапаров');
  await batch.getByRole('button', { name: n(t.bulk.handoverSubmit, 2) }).click();
  await expect(batch.getByRole('alert')).toContainText('Ержан Сапаров');
  await batch.getByRole('button', { name: t.bulk.confirmSubmit }).click();
  await expect(page.getByRole('status').filter({ hasText: n(t.bulk.handoverDone, 2).split('.')[0]! })).toBeVisible();
  await expect(page.getByText(t.worklist.empty)).toBeVisible();
  const act = pdfText(await savePdf(page, t.journals.actFor.replace('{{courier}}', 'Ержан Сапаров').replace('{{count}}', '2')));
  expect(act).toContain('Ержан Сапаров');
  for (const number of numbers.slice(0, 2)) expect(act).toContain(number);
  await shot(page, 'handed');
  expect(blocked).toEqual([]);
});
