import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseService } from '../../shared';
import { newServiceFile, NEW_SERVICE_ID } from '../newService';
import { SAMPLES } from '../../shared/samples';
import { actAs, catalog, draftResult, enrolHead, fillDate, fillForm, giveVisa, handOver, offline, openFromWorklist, openWorklist, people, register, savePdf, setUp, sign, stage, t } from './flow';

const pdftext = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

for (const serviceId of Object.keys(SAMPLES)) {
  test(`${serviceId} goes through all five stages with the form filled as a clerk would`, async ({ page, context }) => {
    const blocked = await offline(context);
    await setUp(page);
    await enrolHead(page);
    await actAs(page, people.clerk, 'clerk');
    // S4 comes by the portal: the specialist gives the address its notice names (seed 004).
    const portal = serviceId === 'foster-care-placement';
    const number = await register(page, serviceId, portal ? 'portal' : undefined);
    await expect(stage(page)).toHaveText(t.stages.visa);
    await giveVisa(page, number);
    await draftResult(page, number, serviceId, undefined, portal ? 'portal' : undefined);
    await sign(page, number);
    await handOver(page, number);
    if (portal) {
      const notice = pdftext(await savePdf(page, t.print.portalNotice, t.print.languages.both));
      expect(notice).toContain('шарт жасау туралы хабарлама');
      expect(notice).toContain('Шарт жасау үшін мына мекенжай бойынша хабарласыңыз: Павлодар қаласы, Академик Сәтбаев көшесі');
      expect(notice).toContain('Для заключения договора обратитесь по адресу: г. Павлодар, ул. Академика Сатпаева');
    }
    // The timeline shows every step planned and done.
    const timeline = page.getByRole('table').filter({ hasText: t.case.planned }).locator('tbody tr');
    await expect(timeline).toHaveCount(catalog.get(serviceId)!.steps.length);
    if (catalog.get(serviceId)!.validity) await expect(page.getByText(t.case.validUntil)).toBeVisible();
    await page.screenshot({ path: `test-results/service-${serviceId}.png`, fullPage: true });
    expect(blocked).toEqual([]);
  });
}

test('a defective package from the service centre goes back with written reasons, and the head can extend a deadline', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  const number = await register(page, 'minors-deposits-certificate', 'service-centre');
  await giveVisa(page, number);

  // The head gives the review more time, with the reason; the history keeps it.
  await page.getByRole('button', { name: t.extend.open }).click();
  const today = await page.evaluate(() => new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10));
  await fillDate(page.getByLabel(t.extend.stepDueOn, { exact: true }), today);
  await page.getByLabel(t.extend.reason, { exact: true }).fill('Нотариустан сұрау салынды');
  await page.getByRole('button', { name: t.extend.submit }).click();
  await expect(page.getByRole('alert')).toHaveText(t.errors['extend.earlier']);
  await fillDate(page.getByLabel(t.extend.stepDueOn, { exact: true }), '2099-01-01');
  await fillDate(page.getByLabel(t.extend.termDueOn, { exact: true }), '2099-01-02');
  await page.getByRole('button', { name: t.extend.submit }).click();
  const history = page.getByRole('table').filter({ hasText: t.case.when }).locator('tbody tr');
  await expect(history.last()).toContainText(t.events['case.extended']);
  await expect(history.last()).toContainText('Нотариустан сұрау салынды');

  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  await page.getByRole('button', { name: t.returnToCentre.open }).click();
  await page.getByRole('button', { name: t.returnToCentre.submit }).click();
  await expect(page.getByRole('alert')).toHaveText(t.errors['field.required'].replace('{{field}}', t.fields.reasons));
  await expect(stage(page)).toHaveText(t.stages.review);
  await page.getByLabel(t.returnToCentre.reasons, { exact: true }).fill('Мұраға құқық туралы куәліктің көшірмесі оқылмайды');
  await page.getByRole('button', { name: t.returnToCentre.submit }).click();
  await expect(stage(page)).toHaveText(t.outcomes.returnedToCentre);
  await expect(page.getByText('Мұраға құқық туралы куәліктің көшірмесі оқылмайды').first()).toBeVisible();
  // Off the worklists.
  await openWorklist(page, t.nav.toReview);
  await expect(page.getByText(t.worklist.empty)).toBeVisible();
  expect(blocked).toEqual([]);
});

test('an IIN that contradicts the birth date or a missing consent is shown beside its field', async ({ page, context }) => {
  await offline(context);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await page.getByLabel(t.intake.service, { exact: true }).selectOption('minors-property-certificate');
  const application = page.getByRole('group', { name: t.intake.applicationSection, exact: true });
  const children = SAMPLES['minors-property-certificate']!.application.children as Record<string, unknown>[];
  await fillForm(application, catalog.get('minors-property-certificate')!.form, {
    children: [{ ...children[0], birthDate: '2012-05-15', consent: false }],
  });
  await page.getByRole('button', { name: t.intake.submit }).click();
  // Each beside its field, and in the list of problems at the top.
  for (const text of ['ЖСН-дағы туған күн (14.05.2012) формадағы туған күнмен сәйкес келмейді', '«келісемін» деген жазбасы қажет']) {
    await expect(page.locator('.field-problem').getByText(text)).toBeVisible();
    await expect(page.locator('.error-summary').getByRole('link', { name: text })).toBeVisible();
  }
  await page.screenshot({ path: 'test-results/intake-problems.png', fullPage: true });
  await openWorklist(page, t.nav.allCases);
  await expect(page.getByText(t.worklist.empty)).toBeVisible();
});

test('an eighth service, a file written from docs/catalog.md, works once the administrator adds it', async ({ page, context }) => {
  const blocked = await offline(context);
  const dir = mkdtempSync(join(tmpdir(), 'kense-service-'));
  const file = join(dir, `${NEW_SERVICE_ID}.json`);
  writeFileSync(file, JSON.stringify(newServiceFile(), null, 2));
  const service = parseService('new', newServiceFile());

  await setUp(page);
  await enrolHead(page);
  await actAs(page, people.admin, 'admin');
  await page.getByRole('link', { name: t.nav.services }).click();
  // A wrong file is refused with the place and the problem in words, and adds nothing.
  const wrong = join(dir, 'wrong.json');
  writeFileSync(wrong, JSON.stringify({ ...newServiceFile(), channels: ['fax'] }));
  await page.getByLabel(t.services.import, { exact: true }).setInputFiles(wrong);
  await expect(page.getByRole('alert')).toContainText(`Қабылдау арналары № 1: ${t.catalogProblems.notAllowed.split(';')[0]}`);
  // The right file is shown first, and added once the administrator confirms it.
  await page.getByLabel(t.services.import, { exact: true }).setInputFiles(file);
  await expect(page.getByRole('region', { name: t.services.previewTitle.replace('{{name}}', service.names.kk) })).toBeVisible();
  await expect(page.getByRole('article', { name: service.names.kk })).toHaveCount(0);
  await page.getByRole('button', { name: t.services.confirmImport }).click();
  await expect(page.getByRole('status')).toHaveText(t.services.imported.replace('{{name}}', service.names.kk));
  await expect(page.getByRole('article', { name: service.names.kk })).toBeVisible();

  await actAs(page, people.clerk, 'clerk');
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await page.getByLabel(t.intake.service, { exact: true }).selectOption(NEW_SERVICE_ID);
  await fillForm(page.getByRole('group', { name: t.intake.applicantSection }), (await import('../../shared')).APPLICANT_FIELDS, SAMPLES['guardianship-certificate']!.applicant);
  await fillForm(page.getByRole('group', { name: t.intake.applicationSection, exact: true }), service.form, { child: { name: 'Айару Серікова', birthDate: '2016-02-02' }, shift: 'july' });
  await page.getByLabel('Өтініш', { exact: true }).check();
  await page.getByRole('group', { name: t.intake.consentSection }).getByRole('checkbox').check();
  await page.getByRole('button', { name: t.intake.submit }).click();
  const heading = page.getByRole('heading', { name: /Өтініш тіркелді: №/ });
  const number = (await heading.textContent())!.replace(/^.*№ /, '');
  await page.getByRole('button', { name: t.intake.openCase }).click();

  await giveVisa(page, number);
  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  await page.getByLabel('Өтініш', { exact: true }).check();
  await page.getByLabel('Лагерь', { exact: true }).fill('«Балдәурен» лагері');
  await page.getByRole('button', { name: t.review.submit }).click();
  await sign(page, number);
  await actAs(page, people.clerk, 'clerk');
  await openFromWorklist(page, t.nav.toHandOver, number);
  await page.getByRole('button', { name: t.handover.submit }).click();
  await page.getByRole('button', { name: t.handover.confirm }).click();
  await expect(stage(page)).toHaveText(t.outcomes.result);
  await expect(page.getByText('«Балдәурен» лагері')).toBeVisible();
  expect(blocked).toEqual([]);
});

test('the administrator makes a day a day off in the year view, with the order that says so', async ({ page, context }) => {
  await offline(context);
  await setUp(page);
  await actAs(page, people.admin, 'admin');
  await page.getByRole('link', { name: t.nav.calendar }).click();
  await page.getByRole('button', { name: '2027 →' }).click();
  await expect(page.getByRole('heading', { name: t.calendar.title.replace('{{year}}', '2027') })).toBeVisible();
  const day = (label: string) => page.getByRole('button', { name: new RegExp(`^${label}:`) });
  await expect(day('2027 ж. 8 қаңтар')).toHaveAccessibleName(`2027 ж. 8 қаңтар: ${t.calendar.working}`);
  await day('2027 ж. 8 қаңтар').click();
  await page.getByRole('button', { name: t.services.save, exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(t.errors['field.required'].replace('{{field}}', t.fields['calendar.note']));
  await page.getByLabel(t.calendar.note, { exact: true }).fill('ЕХӘҚМ бұйрығы, 2026 ж. 1 желтоқсан');
  await page.getByRole('button', { name: t.services.save, exact: true }).click();
  await expect(day('2027 ж. 8 қаңтар')).toHaveAccessibleName(`2027 ж. 8 қаңтар: ${t.calendar.dayOff}`);
  await expect(page.getByText('ЕХӘҚМ бұйрығы, 2026 ж. 1 желтоқсан')).toBeVisible();
  await page.screenshot({ path: 'test-results/calendar-2027.png', fullPage: true });
});
