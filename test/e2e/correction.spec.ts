import { expect, test } from '@playwright/test';
import { actAs, fillApplication, offline, people, receiptNumber, register, setUp, stage, t } from './flow';

test.use({ viewport: { width: 1366, height: 768 } });

test('intake warns of an open application of the same IIN for the service, and the clerk corrects a typo before signing', async ({ page, context }) => {
  await offline(context);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  const first = await register(page);

  // The same applicant and service again: a warning naming the open case, and no registration yet.
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await fillApplication(page, 'guardianship-certificate');
  await page.getByRole('button', { name: t.intake.submit, exact: true }).click();
  const warning = page.getByTestId('intake-duplicate');
  await expect(warning).toContainText(t.counts.duplicate_one);
  await expect(warning.getByRole('link', { name: `№ ${first}` })).toBeVisible();
  await page.screenshot({ path: 'test-results/duplicate-warning.png' });
  // Registering again without confirming still does not register.
  await page.getByRole('button', { name: t.intake.submit, exact: true }).click();
  await expect(warning).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Өтініш тіркелді/ })).toBeHidden();

  // The link opens the open case, where the clerk corrects the applicant's name.
  await warning.getByRole('link', { name: `№ ${first}` }).click();
  await expect(page.getByRole('heading', { name: `№ ${first}` })).toBeVisible();
  await page.getByRole('button', { name: t.correct.open }).click();
  const form = page.getByRole('form', { name: t.correct.open });
  await form.getByRole('group', { name: t.intake.applicantSection }).getByLabel('Аты-жөні', { exact: true }).fill('Сәуле Жұмабекқызы');
  await form.getByLabel(t.correct.reason, { exact: true }).fill('Жеке куәлікпен салыстырылды');
  await form.getByRole('button', { name: t.correct.submit }).click();
  await expect(form).toBeHidden();
  await expect(stage(page)).toHaveText(t.stages.visa);
  const last = page.getByRole('table').filter({ hasText: t.case.when }).locator('tbody tr').last();
  await expect(last).toContainText(t.events['case.corrected']);
  await expect(last).toContainText('Аты-жөні: «Сәуле Жұмабекова» → «Сәуле Жұмабекқызы»');
  await expect(last).toContainText('Жеке куәлікпен салыстырылды');
  await expect(page.getByText('Сәуле Жұмабекқызы', { exact: true }).first()).toBeVisible();
  await last.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/correction-history.png' });

  // Nothing changed: refused with the reason, the history as it was.
  await page.getByRole('button', { name: t.correct.open }).click();
  await form.getByLabel(t.correct.reason, { exact: true }).fill('Қайта тексерілді');
  await form.getByRole('button', { name: t.correct.submit }).click();
  await expect(form).toContainText(t.errors['correct.unchanged']);

  // Confirmed past the warning, a second application is registered.
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await fillApplication(page, 'guardianship-certificate');
  await page.getByRole('button', { name: t.intake.submit, exact: true }).click();
  await page.getByRole('button', { name: t.intake.duplicateConfirm }).click();
  const second = await receiptNumber(page);
  expect(second).not.toBe(first);

  // The applicant asks in writing to withdraw the second one: the case closes, with its notice to print.
  await page.getByRole('button', { name: t.intake.openCase }).click();
  await expect(page.getByRole('heading', { name: `№ ${second}` })).toBeVisible();
  await page.getByRole('button', { name: t.withdraw.open }).click();
  const withdrawal = page.getByRole('form', { name: t.withdraw.open });
  await withdrawal.getByLabel(t.withdraw.reason, { exact: true }).fill('Бір өтініш жеткілікті');
  await withdrawal.getByRole('button', { name: t.withdraw.submit }).click();
  await expect(stage(page)).toHaveText(t.outcomes.withdrawn);
  await expect(page.getByText('Бір өтініш жеткілікті').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: t.print.withdrawal })).toBeVisible();
  await page.getByRole('heading', { name: t.print.withdrawal }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/withdrawn.png' });
});
