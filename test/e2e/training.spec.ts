import ExcelJS from 'exceljs';
import { expect as expectSoon, test } from '@playwright/test';
import { actAs, fillDate, openWorklist, PASSWORD, t } from './flow';

// Thousands of cases on a machine other work shares: every wait is on what the screen shows, none is short.
const expect = expectSoon.configure({ timeout: 30_000 });

/** A training office from the set-up screen: progress, a stop, then the office works, and search finds its cases. */
test('a training office is made with progress, stops when asked, and its cases are found by name and number', async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto('/');
  await page.getByLabel(t.training.adminName, { exact: true }).fill('Бауыржан Төлеуов');
  await page.getByLabel(t.training.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.training.repeat, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.fields['training.cases'], { exact: true }).fill('50000');
  await page.getByRole('button', { name: t.training.submit }).click();
  const bar = page.getByRole('progressbar', { name: t.training.progress });
  await expect(bar).toBeVisible();
  // Enough cases for a journal that takes a moment to print.
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 240_000 }).toBeGreaterThan(3000);
  await page.screenshot({ path: 'test-results/training-progress.png' });
  await page.getByRole('button', { name: t.training.stop }).click();
  await expect(page.getByText(`Бауыржан Төлеуов — ${t.roles.admin}`)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(t.training.banner)).toBeVisible();

  await actAs(page, 'Әйгерім Сәрсенова', 'clerk');
  await openWorklist(page, t.nav.allCases);
  const first = page.locator('table.list tbody tr').first();
  await expect(first).toBeVisible();
  const regNumber = (await first.locator('td').nth(0).innerText()).trim();
  const surname = (await first.locator('td').nth(1).innerText()).trim().split(' ').at(-1)!;

  const search = page.getByRole('searchbox', { name: t.search.label });
  await search.fill(surname.slice(0, 4).toLowerCase());
  await search.press('Enter');
  await expect(page.getByRole('heading', { name: t.search.title.replace('{{text}}', surname.slice(0, 4).toLowerCase()) })).toBeVisible();
  const found = page.locator('table.list tbody tr');
  await expect(found.first()).toBeVisible();
  // Each is found by its applicant's name or, as the third column says, by a child's (the training cases' children share a few surnames).
  for (const row of await found.all()) {
    const [, name, matched] = await row.locator('td').allInnerTexts();
    expect(matched!.split(', ').includes(t.search.matched.child) || name!.toLowerCase().includes(surname.slice(0, 4).toLowerCase())).toBe(true);
  }
  await page.screenshot({ path: 'test-results/training-search.png', fullPage: true });

  await search.fill(regNumber);
  await search.press('Enter');
  await expect(found).toHaveCount(1);
  await expect(found.first()).toContainText(regNumber);
  await search.fill('ж');
  await search.press('Enter');
  await expect(page.getByText(t.search.tooShort)).toBeVisible();

  // The incoming journal of five years: its PDF shows the rows drawn, and stops when asked.
  await page.getByRole('link', { name: t.nav.journals }).click();
  await fillDate(page.getByLabel(t.journals.from, { exact: true }), '2021-01-01');
  const journal = page.getByRole('region', { name: t.journals.incoming });
  await journal.getByRole('button', { name: t.print.preview }).click();
  const making = journal.getByRole('progressbar', { name: t.print.making });
  await expect(making).toBeVisible();
  await page.screenshot({ path: 'test-results/journal-progress.png' });
  await journal.getByRole('button', { name: t.print.stop }).click();
  await expect(making).toBeHidden();
  await expect(journal.getByRole('alert')).toHaveCount(0);
  await expect(journal.locator('iframe')).toHaveCount(0);

  // The head's reports on five years: the XLSX read back shows the numbers the screen does.
  await actAs(page, 'Нұрлан Қасымов', 'head');
  await page.getByRole('link', { name: t.nav.reports }).click();
  await fillDate(page.getByLabel(t.journals.from, { exact: true }), '2021-01-01');
  const outcomes = page.getByTestId('report-outcomes');
  await expect(outcomes).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('img', { name: t.reports.perYear })).toBeVisible();
  await page.screenshot({ path: 'test-results/reports.png', fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: t.reports.xlsx }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await (await download).path())!);
  // Each sheet is named in the head's language.
  for (const name of ['outcomes', 'steps', 'specialists'] as const) {
    const sheet = t.reports.sheets[name];
    const shown = await page.getByTestId(`report-${name}`).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!)));
    const rows = book.getWorksheet(sheet)!.getSheetValues().slice(4).map((row) => (row as unknown[]).slice(1).map((v) => (typeof v === 'number' ? v : String(v))));
    expect(shown.length).toBeGreaterThan(0);
    // The screen writes 1 234,5 where the sheet holds 1234.5.
    expect(shown).toEqual(rows.map((row) => row.map((v) => (typeof v === 'number' ? String(v).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') : v))));
  }

  // The audit's check of years of events: its progress, a stop that claims nothing, then a check to the end.
  await page.getByRole('link', { name: t.nav.audit }).click();
  // Every text the progress line shows, from the click on: before the events are counted it says it is checking, never «0 of 0».
  await page.evaluate(() => {
    const shown: string[] = ((window as unknown as { progressShown: string[] }).progressShown = []);
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('main p progress')) shown.push(bar.parentElement!.textContent!);
    }).observe(document.querySelector('main')!, { childList: true, subtree: true, characterData: true });
  });
  await page.getByRole('button', { name: t.audit.verify }).click();
  const checking = page.getByRole('progressbar', { name: t.audit.checking });
  await expect(checking).toBeVisible();
  await expect(page.getByText(new RegExp(t.audit.checked.replace('{{total}}', '[1-9][\\d\\s]*').replace('{{checked}}', '\\d[\\d\\s]*')))).toBeVisible();
  const shown = await page.evaluate(() => (window as unknown as { progressShown: string[] }).progressShown);
  expect(shown[0]).toContain(t.audit.checking);
  expect(shown.filter((text) => text.includes(t.audit.checked.replace('{{total}}', '0').replace('{{checked}}', '0')))).toEqual([]);
  await page.screenshot({ path: 'test-results/audit-progress.png' });
  await page.getByRole('button', { name: t.audit.stop }).click();
  await expect(checking).toBeHidden({ timeout: 60_000 });
  await expect(page.getByText(t.audit.stopped.split(':')[1]!.trim())).toBeVisible();
  await expect(page.getByTestId('audit-chains').locator('li.ok')).toHaveCount(0);
  await page.getByRole('button', { name: t.audit.verify }).click();
  await expect(page.getByTestId('audit-chains').locator('li.ok')).toHaveCount(1, { timeout: 150_000 });
  await expect(page.getByTestId('audit-chains').locator('li.error')).toHaveCount(0);
  await expect(checking).toBeHidden();
});
