import { expect, test } from '@playwright/test';
import { APPLICANT_FIELDS } from '../../shared';
import { SAMPLES } from '../../shared/samples';
import { actAs, catalog, chooseSpecialist, documentName, enrolHead, fillDate, fillForm, offline, openFromWorklist, openWorklist, people, PINS, register, setUp, stage, t, unlock } from './flow';

const applicantLabel = (id: string) => APPLICANT_FIELDS.find((f) => f.id === id)!.label.kk;

test('a guardianship certificate goes through all five stages and stays closed after a reload', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await enrolHead(page);

  await actAs(page, people.clerk, 'clerk');
  const number = await register(page);
  // The year is the office's (UTC+5), not the test machine's.
  expect(number).toBe(`PVL-${new Date(Date.now() + 5 * 3600_000).getUTCFullYear()}-K1-00001`);
  await expect(stage(page)).toHaveText(t.stages.visa);

  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toVisa, number);
  await page.getByLabel(t.visa.resolution, { exact: true }).fill('Қарап, заңға сәйкес анықтама дайындалсын');
  await chooseSpecialist(page, people.specialist);
  await page.getByRole('button', { name: t.visa.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.review);

  // Another specialist does not see it in their list.
  await actAs(page, people.specialist2, 'specialist');
  await openWorklist(page, t.nav.toReview);
  await expect(page.getByText(t.worklist.empty)).toBeVisible();

  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  for (const document of ['application', 'identity', 'childBirthCertificate']) {
    await page.getByLabel(documentName('guardianship-certificate', document), { exact: true }).check();
  }
  // The result starts from the application's facts; the specialist adds what only the file tells.
  const ward = page.getByLabel('Қамқорлыққа алынушының аты-жөні', { exact: true });
  await expect(ward).toHaveValue('Әлихан Жұмабеков');
  // An edit of the draft is undone a field at a time: the typing in one field is one step.
  await ward.fill('Әлихан Жұмабеко');
  await ward.fill('Әлихан');
  await page.getByLabel('Мүлкі', { exact: true }).selectOption({ label: 'Мүлкі жоқ' });
  await page.getByRole('button', { name: t.review.undo }).click();
  await expect(page.getByLabel('Мүлкі', { exact: true })).not.toHaveValue('noProperty');
  await expect(ward).toHaveValue('Әлихан');
  await page.getByRole('button', { name: t.review.undo }).click();
  await expect(ward).toHaveValue('Әлихан Жұмабеков');
  await expect(page.getByRole('button', { name: t.review.undo })).toBeHidden();
  // Where the holder lives is printed on the certificate (seed 000 app. 4); the akim comes from the application.
  const certificate = catalog.get('guardianship-certificate')!.results[0]!;
  await fillForm(page.getByRole('group', { name: certificate.names.kk, exact: true }), certificate.fields.filter((f) => f.id === 'holderAddress'), SAMPLES['guardianship-certificate']!.draft);
  await page.getByLabel('Мүлкі', { exact: true }).selectOption({ label: 'Мүлкі жоқ' });
  await page.getByRole('button', { name: t.review.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.signing);

  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toSign, number);
  await page.getByRole('button', { name: t.signing.sign, exact: true }).click();
  await page.getByLabel(t.signing.pin, { exact: true }).fill(PINS.head);
  await page.getByRole('button', { name: t.signing.confirm }).click();
  await expect(stage(page)).toHaveText(t.stages.handover);

  await actAs(page, people.clerk, 'clerk');
  await openFromWorklist(page, t.nav.toHandOver, number);
  await page.getByLabel(t.handover.courier, { exact: true }).check();
  await page.getByLabel(t.handover.recipientName, { exact: true }).fill('Ерлан Мұқанов');
  await page.getByRole('button', { name: t.handover.submit }).click();
  await page.getByRole('button', { name: t.handover.confirm }).click();
  await expect(stage(page)).toHaveText(t.outcomes.result);

  await page.reload();
  await unlock(page);
  await expect(page.getByRole('heading', { name: `№ ${number}` })).toBeVisible();
  await expect(stage(page)).toHaveText(t.outcomes.result);
  const history = page.getByRole('table').filter({ hasText: t.case.when }).locator('tbody tr');
  await expect(history).toHaveCount(5);
  await expect(history.nth(0)).toContainText(`${t.events['case.registered']}`);
  await expect(history.nth(0)).toContainText(people.clerk);
  await expect(history.nth(1)).toContainText('Қарап, заңға сәйкес анықтама дайындалсын');
  await expect(history.nth(2)).toContainText(people.specialist);
  await expect(history.nth(3)).toContainText(t.events['case.resultSigned']);
  await expect(history.nth(4)).toContainText(t.events['case.handedOver']);
  await expect(page.getByText(`${t.handover.courier}: Ерлан Мұқанов`)).toBeVisible();
  await page.screenshot({ path: 'test-results/closed-case.png', fullPage: true });

  // Closed: off every worklist.
  await openWorklist(page, t.nav.toHandOver);
  await expect(page.getByText(t.worklist.empty)).toBeVisible();
  expect(blocked).toEqual([]);
});

test('a reasoned refusal, sent back once for rework, is signed and handed to the applicant', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await enrolHead(page);
  await actAs(page, people.clerk, 'clerk');
  const number = await register(page);

  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toVisa, number);
  await page.getByLabel(t.visa.resolution, { exact: true }).fill('Тексерілсін');
  await chooseSpecialist(page, people.specialist);
  await page.getByRole('button', { name: t.visa.submit }).click();

  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  await page.getByLabel(t.review.refusal, { exact: true }).check();
  // Before a refusal the applicant is told and heard (APC art. 73).
  await expect(page.getByText(t.review.hearingFirst)).toBeVisible();
  // No ground chosen: refused with the reason, and the case stays where it was.
  await page.getByLabel(t.review.reasons, { exact: true }).fill('Әкімдік қаулысы табылмады');
  const today = await page.evaluate(() => new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10));
  await fillDate(page.getByLabel(t.review.hearingOn, { exact: true }), today);
  await page.getByRole('button', { name: t.review.submitNotice }).click();
  await expect(page.getByRole('alert')).toHaveText(t.errors['review.refusalGroundsRequired']);
  await expect(stage(page)).toHaveText(t.stages.review);
  await page.getByLabel('Өтініш берушіні қорғаншы (қамқоршы) етіп тағайындау туралы шешім табылмады').check();
  await page.getByRole('button', { name: t.review.submitNotice }).click();
  await page.getByLabel(t.review.statement, { exact: true }).fill('Қаулы шығарылды деп есептеймін, көшірмесін әкелемін');
  await page.getByRole('button', { name: t.review.submitHearing }).click();
  // Heard: the refusal itself, its grounds and reasons carried over from the notice.
  await expect(page.getByLabel(t.review.reasons, { exact: true })).toHaveValue('Әкімдік қаулысы табылмады');
  await page.getByRole('button', { name: t.review.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.signing);

  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toSign, number);
  await page.getByRole('button', { name: t.signing.returnForRework }).click();
  await page.getByLabel(t.signing.returnReason, { exact: true }).fill('Қаулының нөмірін әкімдіктен сұратыңыз');
  await page.getByRole('button', { name: t.signing.submitReturn }).click();
  await expect(stage(page)).toHaveText(t.stages.review);

  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  // The returned draft comes back as it was, to be corrected.
  await expect(page.getByLabel(t.review.reasons, { exact: true })).toHaveValue('Әкімдік қаулысы табылмады');
  await page.getByLabel(t.review.reasons, { exact: true }).fill('Әкімдіктің 1234/5 қаулысы табылмады: әкімдік мұндай қаулы шығармағанын хатпен растады');
  await page.getByRole('button', { name: t.review.submit }).click();

  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toSign, number);
  await expect(page.getByRole('heading', { name: t.case.refusal, exact: true })).toBeVisible();
  await page.getByRole('button', { name: t.signing.sign, exact: true }).click();
  await page.getByLabel(t.signing.pin, { exact: true }).fill(PINS.head);
  await page.getByRole('button', { name: t.signing.confirm }).click();
  await expect(stage(page)).toHaveText(t.stages.handover);

  await actAs(page, people.clerk, 'clerk');
  await openFromWorklist(page, t.nav.toHandOver, number);
  // A handover date in the future is refused, and nothing changes.
  await fillDate(page.getByLabel(t.handover.date, { exact: true }), '2099-01-01');
  await page.getByRole('button', { name: t.handover.submit }).click();
  await page.getByRole('button', { name: t.handover.confirm }).click();
  await expect(page.getByRole('alert')).toHaveText(t.errors['handover.dateInFuture']);
  await expect(stage(page)).toHaveText(t.stages.handover);
  await fillDate(page.getByLabel(t.handover.date, { exact: true }), await page.evaluate(() => new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10)));
  await expect(page.getByLabel(t.handover.recipientName, { exact: true })).toHaveValue('Сәуле Жұмабекова');
  await page.getByRole('button', { name: t.handover.submit }).click();
  await page.getByRole('button', { name: t.handover.confirm }).click();
  await expect(stage(page)).toHaveText(t.outcomes.refusal);

  await page.reload();
  await unlock(page);
  const history = page.getByRole('table').filter({ hasText: t.case.when }).locator('tbody tr');
  await expect(history).toHaveCount(9);
  await expect(history.nth(2)).toContainText(t.events['case.refusalNoticed']);
  await expect(history.nth(3)).toContainText('көшірмесін әкелемін');
  await expect(history.nth(5)).toContainText(t.events['case.returned']);
  await expect(history.nth(5)).toContainText('Қаулының нөмірін әкімдіктен сұратыңыз');
  await expect(page.getByText('әкімдік мұндай қаулы шығармағанын хатпен растады')).toBeVisible();
  expect(blocked).toEqual([]);
});

test('a wrong IIN at intake is refused in Kazakh, and nothing is registered', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await page.getByLabel(applicantLabel('name'), { exact: true }).fill('Сәуле Жұмабекова');
  await page.getByLabel(applicantLabel('iin'), { exact: true }).fill('871008401428');
  await page.getByRole('button', { name: t.intake.submit }).click();
  // The summary at the top lists it with the form's other problems.
  await expect(page.getByRole('alert')).toContainText('«ЖСН»: ЖСН дұрыс емес — бақылау саны сәйкес келмейді.');
  // What was typed stays in the form.
  await expect(page.getByLabel(applicantLabel('name'), { exact: true })).toHaveValue('Сәуле Жұмабекова');
  await openWorklist(page, t.nav.allCases);
  await expect(page.getByText(t.worklist.empty)).toBeVisible();
  expect(blocked).toEqual([]);
});
