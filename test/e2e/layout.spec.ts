import { expect, test, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { accessibilityProblems, actAs, addPerson, fillApplication, PASSWORD, people, receiptNumber, setUp, settled, t } from './flow';

/*
 * Issue 25, the screen that fits and the keyboard: every role's screens at 1280×720 without
 * sideways scrolling, focus on the heading after navigation and on the list of problems after a
 * failed submit, every text in the chosen language, set-up and sign-in. Screenshots at 1366×768
 * in /tmp/shots/layout/.
 */

const LANGUAGES = { kk: t, ru, en } as const;
const SHOTS = '/tmp/shots/layout';

/** The document's width beyond the window, and the elements that reach past it (to say which). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const past = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return { extra: document.documentElement.scrollWidth - width, past: past.slice(0, 3) };
  });

/** Whether a header button's words are on one line, in the header's one row (beside the name "Kense"). */
const inRow = (page: Page, name: string) =>
  page.getByRole('button', { name, exact: true }).evaluate((button) => {
    const range = document.createRange();
    range.selectNodeContents(button);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    const brand = document.querySelector('header .brand')!.getBoundingClientRect();
    const box = button.getBoundingClientRect();
    return lines === 1 && box.top < brand.bottom && box.bottom > brand.top;
  });

/** A screenshot in each language at 1366×768, of the whole page or, for a long one, of what `shown` is in the window. */
async function shots(page: Page, name: string, select: string, shown?: Locator) {
  await page.setViewportSize({ width: 1366, height: 768 });
  for (const language of ['ru', 'en', 'kk'] as const) {
    await page.locator(select).selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await shown?.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/${language}-${name}.png`, fullPage: !shown });
  }
}

test('every screen of every role fits 1280×720 and 1366×768 without sideways scrolling, and focus goes to its heading', async ({ page }) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await page.getByLabel(t.training.adminName, { exact: true }).fill(people.admin);
  await page.getByLabel(t.training.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.training.repeat, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.fields['training.cases'], { exact: true }).fill('300');
  expect(await overflow(page)).toEqual({ extra: 0, past: [] });
  await page.getByRole('button', { name: t.training.submit }).click();
  await expect(page.getByText(`${people.admin} — ${t.roles.admin}`)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('link', { name: t.nav.staff }).click();
  const operator = 'Самал Жұмабаева';
  await addPerson(page, operator, ['operator']);

  const problems: string[] = [];
  for (const [name, role] of [[people.admin, 'admin'], [people.clerk, 'clerk'], [people.head, 'head'], [people.specialist, 'specialist'], [operator, 'operator']] as const) {
    await actAs(page, name, role);
    const links = page.locator('nav a');
    for (const [language, l] of Object.entries(LANGUAGES)) {
      await page.locator('header .language select').selectOption(language);
      // The header's words stay whole, in one row: «Шығу» does not wrap.
      for (const size of [{ width: 1280, height: 720 }, { width: 1366, height: 768 }]) {
        await page.setViewportSize(size);
        for (const button of [l.app.signOut, l.app.lock]) if (!(await inRow(page, button))) problems.push(`${language} ${role} at ${size.width}: «${button}» wraps`);
      }
      await page.setViewportSize({ width: 1280, height: 720 });
      for (let i = 0; i < (await links.count()); i++) {
        await links.nth(i).click();
        await settled(page);
        const route = (await links.nth(i).getAttribute('href'))!.slice(2);
        for (const size of [{ width: 1280, height: 720 }, { width: 1366, height: 768 }]) {
          await page.setViewportSize(size);
          const { extra, past } = await overflow(page);
          if (extra > 0) problems.push(`${language} ${role} ${route} at ${size.width}: ${extra} px too wide (${past.join(', ')})`);
        }
        await page.setViewportSize({ width: 1280, height: 720 });
        // The crew's screens pass the accessibility check too (screens.spec checks the office's).
        if (role === 'operator' && language === 'kk') problems.push(...(await accessibilityProblems(page)).map((p) => `operator ${route}: ${p}`));
        // Navigation leaves focus on the new screen's heading, which takes it only from script.
        const heading = page.locator('main h1').first();
        await expect(heading).toBeFocused();
        await expect(heading).toHaveAttribute('tabindex', '-1');
      }
    }
    await page.locator('header .language select').selectOption('kk');
  }
  expect(problems).toEqual([]);

  // A long table scrolls inside its own box: the head's report of the year, month by month.
  await actAs(page, people.head, 'head');
  await page.getByRole('link', { name: t.nav.reports }).click();
  const applications = page.getByTestId('report-applications');
  await expect(applications).toBeVisible({ timeout: 30_000 });
  const box = page.locator('.table-scroll').filter({ has: applications });
  await expect(box).toHaveCSS('overflow-x', 'auto');
  expect(await box.evaluate((e) => e.getBoundingClientRect().right)).toBeLessThanOrEqual(1280);
  await shots(page, 'head-reports', 'header .language select', box);
  await shots(page, 'head-reports-steps', 'header .language select', page.getByTestId('report-steps'));
  // The operator's intake: the long service names do not widen it.
  await actAs(page, operator, 'operator');
  await page.getByRole('link', { name: t.nav.newPackage }).click();
  await settled(page);
  await shots(page, 'operator-intake', 'header .language select');
  expect(await overflow(page)).toEqual({ extra: 0, past: [] });
});

test('the skip link, the focus after navigation, and a failed submit that lists every problem, each a link to its field', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');

  // The skip link is the first Tab stop; it shows when focused and takes focus to the heading.
  const first = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].find((e) => e.tabIndex >= 0)?.textContent);
  expect(first).toBe(t.app.skipToMain);
  const skip = page.getByRole('link', { name: t.app.skipToMain });
  await skip.focus();
  expect((await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/kk-skip-link.png` });
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(page.locator('main h1')).toBeFocused();
  await expect(page).toHaveURL(/#\/$|#\/home$/);
  for (const [language, l] of Object.entries(LANGUAGES)) {
    await page.locator('header .language select').selectOption(language);
    await expect(page.locator('.skip-link')).toHaveText(l.app.skipToMain);
  }
  await page.locator('header .language select').selectOption('kk');

  // An empty application: the summary at the top names every problem and takes focus.
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await expect(page.getByRole('heading', { name: t.intake.title, level: 1 })).toBeFocused();
  await page.getByRole('button', { name: t.intake.submit, exact: true }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  const items = summary.getByRole('link');
  const texts = await items.allTextContents();
  expect(texts).toContain(t.errors['field.required'].replace('{{field}}', 'Аты-жөні'));
  expect(texts).toContain(t.errors['intake.consentRequired']);
  expect(texts.some((text) => text.startsWith(t.errors['intake.documentsMissing'].split('{{')[0]!))).toBe(true);
  // Every field marked wrong is in the list.
  const targets = await items.evaluateAll((links) => links.map((a) => a.getAttribute('href')!.slice(1)));
  const marked = await page.locator('form [aria-invalid="true"]').evaluateAll((fields) => fields.map((f) => f.id));
  expect(marked.length).toBeGreaterThan(3);
  expect(targets).toEqual(expect.arrayContaining(marked));
  expect(await accessibilityProblems(page)).toEqual([]);
  await shots(page, 'intake-summary', 'header .language select');
  // Each is a link to its field.
  await items.filter({ hasText: t.errors['intake.consentRequired'] }).click();
  await expect(page.getByRole('group', { name: t.intake.consentSection }).getByRole('checkbox')).toBeFocused();
  await items.first().click();
  await expect(page.getByRole('group', { name: t.intake.applicantSection }).getByLabel('Аты-жөні', { exact: true })).toBeFocused();
  // Nothing was registered, and the address did not change.
  await expect(page.getByRole('heading', { name: /№/ })).toHaveCount(0);
  await expect(page).toHaveURL(/#\/intake$/);

  // Filled in, it registers; focus goes to the receipt, not to the page's body.
  await fillApplication(page, 'guardianship-certificate');
  await expect(summary).toHaveCount(0);
  await page.getByRole('button', { name: t.intake.submit, exact: true }).click();
  await receiptNumber(page);
  await expect(page.locator('.receipt h1')).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/kk-receipt-focus.png` });

  // The staff form: every problem at once, at the top, and the roles' link goes to the first role.
  await actAs(page, people.admin, 'admin');
  await page.getByRole('link', { name: t.nav.staff }).click();
  const rows = await page.getByRole('row').count();
  await page.getByRole('button', { name: t.staff.add }).click();
  await page.getByLabel(t.staff.iin, { exact: true }).fill('123');
  await page.getByRole('button', { name: t.staff.save }).click();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText([
    t.errors['field.required'].replace('{{field}}', t.fields['staff.name']),
    /^«Қызметкердің ЖСН-і»: /,
    t.errors['staff.noRole'],
    t.errors['password.tooShort'].replace('{{min}}', '8'),
  ]);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shots(page, 'staff-summary', 'header .language select');
  await summary.getByRole('link').nth(2).click();
  await expect(page.getByRole('group', { name: t.staff.roles }).getByRole('checkbox').first()).toBeFocused();
  await page.getByRole('button', { name: t.staff.cancel }).click();
  await expect(page.getByRole('row')).toHaveCount(rows);
});

test('set-up speaks the chosen language and lists every problem, saying what a code may hold; sign-in names the office', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/');
  // A language switch before anything else.
  for (const [language, l] of Object.entries(LANGUAGES)) {
    await page.locator('.corner .language select').selectOption(language);
    await expect(page.getByRole('heading', { name: l.setup.title, level: 1 })).toBeVisible();
  }
  await page.locator('.corner .language select').selectOption('kk');
  await page.getByLabel(t.setup.officeCode, { exact: true }).fill('ПВЛ-1');
  await page.getByRole('button', { name: t.setup.submit }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  const format = t.errors['code.format'].replace('{{field}}', t.fields['setup.officeCode']);
  await expect(summary.getByRole('link')).toHaveText([
    t.errors['field.required'].replace('{{field}}', t.fields['setup.nameKk']),
    t.errors['field.required'].replace('{{field}}', t.fields['setup.nameRu']),
    t.errors['field.required'].replace('{{field}}', t.fields['setup.district']),
    format,
    t.errors['code.format'].replace('{{field}}', t.fields['setup.deviceCode']),
    t.errors['field.required'].replace('{{field}}', t.fields['setup.adminName']),
    t.errors['password.tooShort'].replace('{{min}}', '8'),
  ]);
  // The code's message says what is allowed, beside the field too.
  expect(format).toContain('A–Z');
  await expect(page.locator('[id="setup.officeCode-problem"]')).toHaveText(format);
  await summary.getByRole('link', { name: format }).click();
  await expect(page.getByLabel(t.setup.officeCode, { exact: true })).toBeFocused();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shots(page, 'setup-summary', '.corner .language select');
  await expect(page.locator('[id="setup.officeCode-problem"]')).toHaveText(format);
  // Nothing was set up: a reload shows set-up again.
  await page.reload();
  await expect(page.getByRole('heading', { name: t.setup.title, level: 1 })).toBeVisible();

  // Set up, then signed out: sign-in names the office and waits for a person before the password.
  await setUp(page);
  await page.getByRole('button', { name: t.app.signOut }).click();
  await expect(page.getByRole('heading', { name: t.signIn.title, level: 1 })).toBeVisible();
  await expect(page.getByText('Павлодар қаласының білім беру бөлімі')).toBeVisible();
  await expect(page.getByLabel(t.signIn.person, { exact: true })).toBeFocused();
  await expect(page.getByLabel(t.signIn.password, { exact: true })).not.toBeFocused();
  await page.locator('.corner .language select').selectOption('ru');
  await expect(page.getByText('Отдел образования города Павлодара')).toBeVisible();
  await page.locator('.corner .language select').selectOption('kk');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shots(page, 'sign-in', '.corner .language select');
});

test('no developer text or English on Kazakh and Russian screens: the calendar, the services, the XLSX sheets', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await setUp(page);
  for (const l of [t, ru]) {
    await page.locator('header .language select').selectOption(l === t ? 'kk' : 'ru');
    // This year's calendar (the tests run in 2026, the shipped data's last complete year).
    await page.getByRole('link', { name: l.nav.calendar }).click();
    const source = page.locator('main p.hint').filter({ hasText: l.calendar.source });
    await expect(source).toContainText(l === t ? 'Еңбек кодексінің 84–85-баптары' : 'Трудовой кодекс, ст. 84–85');
    await expect(page.locator('main')).not.toContainText('KAZAKHSTAN.md');
    await expect(page.locator('main')).not.toContainText('Labour Code');
    await page.screenshot({ path: `${SHOTS}/${l === t ? 'kk' : 'ru'}-calendar.png` });
    await page.getByRole('link', { name: l.nav.services }).click();
    await settled(page);
    await expect(page.locator('main')).not.toContainText('docs/catalog.md');
    await expect(page.locator('main')).not.toContainText('guardianship-certificate');
    await page.screenshot({ path: `${SHOTS}/${l === t ? 'kk' : 'ru'}-services.png` });
  }
  await page.locator('header .language select').selectOption('en');
  await page.getByRole('link', { name: en.nav.calendar }).click();
  await expect(page.locator('main p.hint').filter({ hasText: en.calendar.source })).toContainText('Labour Code art. 84–85');
  await page.screenshot({ path: `${SHOTS}/en-calendar.png` });
  await page.locator('header .language select').selectOption('kk');

  // The head's XLSX: its sheets are named in Kazakh.
  await actAs(page, people.head, 'head');
  await page.getByRole('link', { name: t.nav.reports }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: t.reports.xlsx }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await (await download).path())!);
  expect(book.worksheets.map((s) => s.name)).toEqual(Object.values(t.reports.sheets));
});
