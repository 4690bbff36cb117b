import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { sealTextOfPdf } from '../../shared/paper/layout';
import { actAs, draftResult, enrolHead, fillApplication, giveVisa, offline, openFromWorklist, pdfText, people, receiptNumber, register, savePdf, setUp, sign, stage, t } from './flow';


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

test('a correction after signing supersedes the signed paper: a new one is drafted and signed, and the old seal verifies as superseded', async ({ page, context }) => {
  test.setTimeout(180_000);
  await offline(context);
  await setUp(page);
  await enrolHead(page);
  await actAs(page, people.clerk, 'clerk');
  const number = await register(page);
  await giveVisa(page, number);
  await draftResult(page, number, 'guardianship-certificate');
  await sign(page, number);
  const oldSeal = await sealTextOfPdf(new Uint8Array(readFileSync(await savePdf(page, t.print.result))));

  await actAs(page, people.clerk, 'clerk');
  await openFromWorklist(page, t.nav.toHandOver, number);
  await expect(page.getByText(t.correct.supersedes)).toBeVisible();
  await page.getByRole('button', { name: t.correct.open }).click();
  const form = page.getByRole('form', { name: t.correct.open });
  await form.getByRole('group', { name: t.intake.applicantSection }).getByLabel('Аты-жөні', { exact: true }).fill('Сәуле Жұмабекқызы');
  await form.getByLabel(t.correct.reason, { exact: true }).fill('Жеке куәлікпен салыстырылды');
  await form.getByRole('button', { name: t.correct.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.review);

  // The specialist sees why the signed paper no longer stands, and drafts it again.
  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  await expect(page.getByRole('note')).toContainText('Жеке куәлікпен салыстырылды');
  await page.screenshot({ path: 'test-results/superseded-review.png', fullPage: true });
  await page.getByRole('button', { name: t.review.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.signing);
  await sign(page, number);
  expect(pdfText(await savePdf(page, t.print.result))).toContain('Сәуле Жұмабекқызы');

  // The old paper's seal is genuine, and this office knows it was superseded.
  await page.getByRole('link', { name: t.nav.verify }).click();
  await page.getByLabel(t.verify.text, { exact: true }).fill(oldSeal!);
  await page.getByRole('button', { name: t.verify.check }).click();
  await expect(page.getByRole('alert')).toContainText(t.verify.superseded.replace('{{regNumber}}', number));
});
