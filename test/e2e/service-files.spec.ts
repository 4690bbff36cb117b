import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { newServiceFile, NEW_SERVICE_ID } from '../newService';
import { accessibilityProblems, actAs, catalog, documentName, fillApplication, offline, people, receiptNumber, settled, setUp, stage, t } from './flow';

const SHOTS = '/tmp/shots/services';
const LANGUAGES = { kk: t, ru, en } as const;
type LanguageCode = keyof typeof LANGUAGES;
const file = newServiceFile();
const camp = file.names;

/** Each language in turn, with a screenshot of the screen as the person then sees it. */
async function inEachLanguage(page: Page, name: string, check: (texts: (typeof LANGUAGES)[LanguageCode], language: LanguageCode) => Promise<void>) {
  for (const language of ['kk', 'ru', 'en'] as const) {
    await page.locator('header .language select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await check(LANGUAGES[language], language);
    await page.screenshot({ path: `${SHOTS}/${language}-${name}.png`, fullPage: true });
  }
  await page.locator('header .language select').selectOption('kk');
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('the administrator reads a service file before it is added, then withdraws the service from new intake', async ({ page, context }) => {
  const blocked = await offline(context);
  await page.setViewportSize({ width: 1366, height: 768 });
  const dir = mkdtempSync(join(tmpdir(), 'kense-service-'));
  const good = join(dir, `${NEW_SERVICE_ID}.json`);
  writeFileSync(good, JSON.stringify(file, null, 2));
  const wrong = join(dir, 'wrong.json');
  const noTime = file.steps.map((s, i) => (i === 1 ? { ...s, duration: { amount: 0, unit: 'workingDays' } } : s));
  writeFileSync(wrong, JSON.stringify({ ...file, channels: ['fax'], steps: noTime }));
  await setUp(page);
  await actAs(page, people.admin, 'admin');
  await page.getByRole('link', { name: t.nav.services }).click();
  await settled(page);
  const card = (language: LanguageCode) => page.getByRole('article', { name: camp[language] });

  // A wrong file: each problem where it is and what, in the person's language; nothing is added.
  await inEachLanguage(page, 'service-file-problems', async (texts, language) => {
    await page.getByLabel(texts.services.import, { exact: true }).setInputFiles(wrong);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`${{ kk: 'Қабылдау арналары', ru: 'Каналы приёма', en: 'Channels' }[language]} № 1: ${texts.catalogProblems.notAllowed.split(';')[0]}`);
    const step = `${{ kk: 'Кезеңдер', ru: 'Этапы', en: 'Steps' }[language]} № 2 «${file.steps[1]!.names[language]}», ${texts.catalogPlaces.duration}, ${texts.catalogPlaces.amount}`;
    await expect(alert).toContainText(`${step}: ${texts.catalogProblems.tooSmall.replace('{{minimum}}', '1')}`);
    await expect(alert).not.toContainText('Invalid');
    await expect(card(language)).toHaveCount(0);
  });

  // The right file: its name, steps with their terms, form and documents, before anything applies.
  await page.getByLabel(t.services.import, { exact: true }).setInputFiles(good);
  const preview = page.getByRole('region', { name: t.services.previewTitle.replace('{{name}}', camp.kk) });
  await expect(preview).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await inEachLanguage(page, 'service-file-preview', async (texts, language) => {
    const shown = page.getByRole('region', { name: texts.services.previewTitle.replace('{{name}}', camp[language]) });
    const rows = shown.getByRole('table').locator('tbody tr');
    await expect(rows).toHaveCount(file.steps.length);
    await expect(rows.nth(1)).toHaveText(`${file.steps[1]!.names[language]}${texts.roles.head}${texts.units.workingDays_one.replace('{{count}}', '1')}`);
    await expect(shown.getByRole('listitem')).toHaveText([
      `${file.form[0]!.label[language]} — ${texts.services.required}`,
      `${file.form[1]!.label[language]} — ${texts.services.required}`,
      `${file.documents[0]!.names[language]} — ${texts.services.required}`,
    ]);
    await expect(card(language)).toHaveCount(0);
  });
  // Put aside, nothing is added; chosen again and confirmed, the service joins the catalog.
  await page.getByRole('button', { name: t.services.cancelImport }).click();
  await expect(preview).toBeHidden();
  await expect(card('kk')).toHaveCount(0);
  await page.getByLabel(t.services.import, { exact: true }).setInputFiles(good);
  await page.getByRole('button', { name: t.services.confirmImport }).click();
  await expect(page.getByRole('status').filter({ hasText: t.services.imported.replace('{{name}}', camp.kk) })).toBeVisible();
  await expect(card('kk')).toBeVisible();

  // The regulation's services have no withdrawal; the added one is withdrawn with its reason.
  await expect(page.getByRole('article', { name: catalog.get('guardianship-certificate')!.names.kk }).getByRole('button', { name: t.services.withdraw })).toHaveCount(0);
  await card('kk').getByRole('button', { name: t.services.withdraw }).click();
  await card('kk').getByRole('button', { name: t.services.withdrawConfirm }).click();
  await expect(card('kk').getByRole('alert')).toHaveText(t.errors['field.required'].replace('{{field}}', t.fields['withdrawal.reason']));
  await card('kk').getByLabel(t.services.withdrawReason, { exact: true }).fill('Бөлімнің 2026 ж. 1 желтоқсандағы № 45 бұйрығы');
  await card('kk').getByRole('button', { name: t.services.withdrawConfirm }).click();
  await expect(card('kk').getByRole('status')).toContainText('Бөлімнің 2026 ж. 1 желтоқсандағы № 45 бұйрығы');
  await expect(card('kk').getByRole('button', { name: t.services.withdraw })).toHaveCount(0);
  await card('kk').scrollIntoViewIfNeeded();
  expect(await accessibilityProblems(page)).toEqual([]);
  await inEachLanguage(page, 'service-withdrawn', async (texts, language) => {
    await expect(card(language).getByRole('status')).toContainText(texts.services.withdrawn.split('(')[0]!.trim());
  });

  // The clerk is not offered it for a new application; the regulation's services are.
  await actAs(page, people.clerk, 'clerk');
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  const services = page.getByLabel(t.intake.service, { exact: true }).locator('option');
  await expect(services).toHaveCount(7);
  await expect(services.filter({ hasText: camp.kk })).toHaveCount(0);
  expect(blocked).toEqual([]);
});

/** A scanned page: white paper with lines of dark "text", as a scanner's PNG. */
function scannedPage(path: string) {
  const png = new PNG({ width: 420, height: 560 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (png.width * y + x) << 2;
      png.data.fill(y > 60 && y % 24 < 8 && x > 40 && x < 380 ? 40 : 250, i, i + 3);
      png.data[i + 3] = 255;
    }
  }
  writeFileSync(path, PNG.sync.write(png));
  return path;
}

test('the clerk scans the documents at the window, and the case page keeps them, with a help panel for the step', async ({ page, context }) => {
  const blocked = await offline(context);
  await page.setViewportSize({ width: 1366, height: 768 });
  const scan = scannedPage(join(mkdtempSync(join(tmpdir(), 'kense-scan-')), 'identity.png'));
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await fillApplication(page, 'guardianship-certificate');
  const identity = documentName('guardianship-certificate', 'identity');
  const scans = page.getByRole('group', { name: t.scans.title });
  await scans.getByLabel(t.scans.addFor.replace('{{document}}', identity), { exact: true }).setInputFiles(scan);
  await expect(scans.getByTestId('scans-identity').getByRole('img')).toHaveCount(1);
  expect(await accessibilityProblems(page)).toEqual([]);
  await inEachLanguage(page, 'intake-scans', async (texts) => {
    const shown = page.getByRole('group', { name: texts.scans.title });
    await expect(shown.getByTestId('scans-identity').getByRole('img')).toHaveCount(1);
    await shown.scrollIntoViewIfNeeded();
  });
  await page.getByRole('button', { name: t.intake.submit, exact: true }).click();
  await receiptNumber(page);
  await page.getByRole('button', { name: t.intake.openCase }).click();
  await expect(stage(page)).toHaveText(t.stages.visa);

  // The case keeps the scan as a package keeps its own: it opens full size.
  const gallery = page.getByRole('heading', { name: t.scans.title }).locator('..');
  await expect(gallery.getByRole('img', { name: t.scans.page.replace('{{document}}', identity).replace('{{n}}', '1') })).toBeVisible();
  await gallery.getByRole('button').first().click();
  await expect(page.getByRole('dialog', { name: t.scans.fullSize }).getByRole('img')).toBeVisible();
  await page.getByRole('button', { name: t.scans.closeFull }).click();

  // The step's help is folded until asked for: what to check, what the regulation says, the term.
  const help = page.locator('details.step-help');
  await expect(help.getByText(t.help.visa.check)).toBeHidden();
  await help.getByText(t.help.title).click();
  await expect(help.getByText(t.help.visa.check)).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await inEachLanguage(page, 'case-step-help', async (texts, language) => {
    await expect(help.getByText(texts.help.visa.rule)).toBeVisible();
    const visa = catalog.get('guardianship-certificate')!.steps[1]!;
    const minutes = (texts.units as Record<string, string>)[`minutes_${new Intl.PluralRules(language).select(20)}`]!.replace('{{count}}', '20');
    await expect(help).toContainText(texts.help.stepTerm.replace('{{step}}', visa.names[language]).replace('{{duration}}', minutes).replace('{{role}}', texts.roles.head));
    await help.scrollIntoViewIfNeeded();
  });
  expect(blocked).toEqual([]);
});
