import { expect, test } from '@playwright/test';
import { REPRESENTATIVE_FIELDS } from '../../shared';
import {
  actAs,
  draftResult,
  enrolHead,
  fillApplication,
  fillForm,
  giveVisa,
  offline,
  openFromWorklist,
  openWorklist,
  pdfText,
  people,
  receiptNumber,
  register,
  savePdf,
  setUp,
  shotsInEachLanguage,
  sign,
  stage,
  t,
  unlock,
} from './flow';

/*
 * Issue 24: an office's day without false alarms or dead ends — office hours, a result ready
 * rather than late, the draft kept and previewed, the head's reason in front, the representative
 * named, and what a person did still said after its form has gone.
 */


test.use({ viewport: { width: 1366, height: 768 } });

test('the specialist’s draft keeps, both see the paper before it is signed, a sent-back reason leads, and a signed result is ready, not late', async ({ page, context }) => {
  test.setTimeout(180_000);
  const blocked = await offline(context);
  await setUp(page);
  await enrolHead(page);
  await actAs(page, people.clerk, 'clerk');
  const number = await register(page);
  await giveVisa(page, number);

  // The draft keeps: a tick and a typed word survive leaving the page, and nothing asks.
  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  const ward = page.getByLabel('Қамқорлыққа алынушының аты-жөні', { exact: true });
  await ward.fill('Әлихан Жұмабеков (тексеру)');
  await page.getByRole('group', { name: t.review.documentsCheck }).getByRole('checkbox').first().check();
  await expect(page.getByRole('status').filter({ hasText: t.review.kept.split(' (')[0]! })).toBeVisible();
  await openWorklist(page, t.nav.toReview);
  await page.getByRole('link', { name: number }).click();
  await expect(ward).toHaveValue('Әлихан Жұмабеков (тексеру)');
  await expect(page.getByRole('group', { name: t.review.documentsCheck }).getByRole('checkbox').first()).toBeChecked();
  await ward.fill('Әлихан Жұмабеков');

  // The specialist sends it: before that, the paper as it will print, marked as a draft.
  await draftResult(page, number, 'guardianship-certificate', async () => {
    const preview = pdfText(await savePdf(page, t.review.preview, t.print.languages.both));
    expect(preview).toContain('ЖОБА — ҚОЛ ҚОЙЫЛМАҒАН');
    expect(preview).toContain('ПРОЕКТ — НЕ ПОДПИСАН');
    expect(preview).toContain('Әлихан Жұмабековқа');
    await shotsInEachLanguage(page, 'office-day-review-preview');
  });

  // The head reads the same paper before signing, and sends it back with a reason.
  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toSign, number);
  expect(pdfText(await savePdf(page, t.review.preview))).toContain('ЖОБА — ҚОЛ ҚОЙЫЛМАҒАН');
  await page.getByRole('button', { name: t.signing.returnForRework }).click();
  await page.getByLabel(t.signing.returnReason, { exact: true }).fill('Шешімнің күнін түпнұсқамен салыстырыңыз');
  await page.getByRole('button', { name: t.signing.submitReturn }).click();
  await expect(stage(page)).toHaveText(t.stages.review);
  // What the head did stays said on the page once the form has gone.
  await expect(page.getByRole('status').filter({ hasText: t.events['case.returned'] })).toBeVisible();

  // The list marks it as returned, and the reason heads the specialist's panel.
  await actAs(page, people.specialist, 'specialist');
  await openWorklist(page, t.nav.toReview);
  await expect(page.getByRole('row', { name: new RegExp(number) })).toContainText(t.worklist.sentBack);
  await page.getByRole('link', { name: number }).click();
  const reason = page.getByRole('note');
  await expect(reason).toContainText('Шешімнің күнін түпнұсқамен салыстырыңыз');
  await expect(reason).toContainText(people.head);
  await shotsInEachLanguage(page, 'office-day-sent-back');
  // The draft the head returned is the one the specialist starts from.
  await expect(page.getByLabel('Қамқорлыққа алынушының аты-жөні', { exact: true })).toHaveValue('Әлихан Жұмабеков');
  await page.getByRole('button', { name: t.review.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.signing);

  await sign(page, number);
  await expect(page.getByRole('status').filter({ hasText: t.events['case.resultSigned'] })).toBeVisible();
  await expect(page.getByRole('button', { name: t.signing.sign, exact: true })).toHaveCount(0);

  // Signed and waiting for the applicant: ready, not overdue, though the handover's 15 minutes ran from the signature.
  await actAs(page, people.clerk, 'clerk');
  await openWorklist(page, t.nav.toHandOver);
  const row = page.getByRole('row', { name: new RegExp(number) });
  await expect(row).toContainText(t.worklist.ready);
  await expect(row).not.toContainText(t.worklist.overdue);
  await shotsInEachLanguage(page, 'office-day-handover-ready');
  expect(blocked).toEqual([]);
});

test('office hours: the administrator sets them, and an impossible day is refused with what is allowed', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await page.getByRole('link', { name: t.nav.calendar }).click();
  const hours = page.locator('form.office-hours');
  await hours.getByLabel(t.calendar.closes, { exact: true }).fill('08:00');
  await hours.getByRole('button', { name: t.calendar.saveHours }).click();
  // Refused with what is allowed, and nothing saved.
  await expect(hours.getByRole('alert')).toContainText(t.fields['hours.closes']);
  await page.reload();
  await unlock(page);
  await expect(page.locator('form.office-hours').getByLabel(t.calendar.closes, { exact: true })).toHaveValue('18:00');
  await page.locator('form.office-hours').getByLabel(t.calendar.closes, { exact: true }).fill('17:30');
  await page.locator('form.office-hours').getByRole('button', { name: t.calendar.saveHours }).click();
  await expect(page.locator('form.office-hours').getByRole('status')).toHaveText(t.calendar.hoursSaved);
  await page.reload();
  await unlock(page);
  await expect(page.locator('form.office-hours').getByLabel(t.calendar.closes, { exact: true })).toHaveValue('17:30');
  await shotsInEachLanguage(page, 'office-day-hours');
  expect(blocked).toEqual([]);
});

test('a representative is named on the receipt and can take the result', async ({ page, context }) => {
  test.setTimeout(180_000);
  const blocked = await offline(context);
  await setUp(page);
  await enrolHead(page);
  await actAs(page, people.clerk, 'clerk');
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await fillApplication(page, 'guardianship-certificate');
  await page.getByText(t.intake.byRepresentative).click();
  await fillForm(page.getByRole('group', { name: t.case.representative, exact: true }), REPRESENTATIVE_FIELDS, {
    name: 'Бауыржан Нұров',
    iin: '800416300257',
    poaNumber: '№ 2026-1187',
    poaDate: '2026-11-20',
    notary: 'Ә. Бекова',
  });
  await page.getByText(t.intake.notarised).click();
  await page.getByRole('button', { name: t.intake.submit }).click();
  const number = await receiptNumber(page);
  const receipt = pdfText(await savePdf(page, t.print.receipt, t.print.languages.both));
  expect(receipt).toContain('Сәуле Жұмабекованың атынан сенімхат бойынша әрекет ететін Бауыржан Нұров азаматтан (азаматшадан)');
  expect(receipt).toContain('действующего (действующей) по доверенности от имени Сәуле Жұмабековой');
  expect(receipt).toContain('Расписку получил Бауыржан Нұров');
  expect(receipt).toContain('№ 2026-1187');
  expect(receipt).not.toContain('№ №');
  await page.getByRole('button', { name: t.intake.openCase }).click();

  await giveVisa(page, number);
  await draftResult(page, number, 'guardianship-certificate');
  await sign(page, number);

  await actAs(page, people.clerk, 'clerk');
  await openFromWorklist(page, t.nav.toHandOver, number);
  await page.getByLabel(t.handover.representative, { exact: true }).check();
  await expect(page.getByLabel(t.handover.recipientName, { exact: true })).toHaveValue('Бауыржан Нұров');
  await shotsInEachLanguage(page, 'office-day-handover-representative');
  await page.getByRole('button', { name: t.handover.submit }).click();
  await page.getByRole('button', { name: t.handover.confirm }).click();
  await expect(stage(page)).toHaveText(t.outcomes.result);
  await expect(page.getByText(`${t.handover.representative}: Бауыржан Нұров`)).toBeVisible();
  expect(blocked).toEqual([]);
});
