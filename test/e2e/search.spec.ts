import { expect, test, type Page } from '@playwright/test';
import { SAMPLES } from '../../shared/samples';
import { en } from '../../renderer/i18n/en';
import type { Messages } from '../../renderer/i18n/kk';
import { ru } from '../../renderer/i18n/ru';
import { accessibilityProblems, actAs, draftResult, enrolHead, giveVisa, offline, people, register, settled, setUp, sign, t } from './flow';

/*
 * Issue 25: a case is found by anyone on it — the ward, a foster child, the applicant — and by
 * any part of its number, the results say who matched; the sync screen speaks of applications
 * and papers, not of the records they are made of.
 */

const texts: Record<'kk' | 'ru' | 'en', Messages> = { kk: t, ru, en };
/** A counted text in a language's plural form for `count`. */
const counted = (l: Messages, key: string, count: number) => l.counts[`${key}_${new Intl.PluralRules(l === t ? 'kk' : l === ru ? 'ru' : 'en').select(count)}`]!.replace('{{count}}', String(count));
const ward = SAMPLES['guardianship-certificate']!.application as { childName: string; childIin: string };
const fosterChild = (SAMPLES['foster-care-placement']!.application as { child: { name: string } }).child.name;

/** The screen as it is now in each language, checked by axe in each, then back in Kazakh. */
async function inEachLanguage(page: Page, name: string, check: (texts: Messages) => Promise<void>) {
  for (const language of ['ru', 'en', 'kk'] as const) {
    await page.locator('header .language select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await check(texts[language]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `/tmp/shots/search/${name}-${language}.png`, fullPage: true });
  }
}

async function search(page: Page, text: string) {
  await page.locator('#search').fill(text);
  await page.locator('#search').press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: t.search.title.replace('{{text}}', text) })).toBeVisible();
  await settled(page);
}

/** The found rows as their number, applicant and what matched read. */
const foundRows = (page: Page) => page.locator('main table.list tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));

test.use({ viewport: { width: 1366, height: 768 } });

test('the clerk finds a case by the ward’s name and IIN, by the tail of its number, and sees who matched; the sync screen names applications and papers', async ({ page, context }) => {
  test.setTimeout(240_000);
  const blocked = await offline(context);
  await setUp(page);
  await enrolHead(page);
  await actAs(page, people.clerk, 'clerk');
  const guardianship = await register(page);
  const foster = await register(page, 'foster-care-placement');
  expect([guardianship, foster]).toEqual(['PVL-2026-K1-00001', 'PVL-2026-K1-00002']);
  await giveVisa(page, guardianship);
  await draftResult(page, guardianship, 'guardianship-certificate');
  await sign(page, guardianship);
  await actAs(page, people.clerk, 'clerk');

  // The ward's first name: the guardianship alone, found by its child.
  const applicant = SAMPLES['guardianship-certificate']!.applicant.name;
  await search(page, ward.childName.split(' ')[0]!);
  await inEachLanguage(page, 'ward-name', async (l) => {
    await expect(page.getByRole('columnheader', { name: l.search.matchedBy })).toBeVisible();
    await expect.poll(() => foundRows(page)).toEqual([[guardianship, applicant, l.search.matched.child]]);
  });
  await search(page, ward.childIin);
  await expect.poll(() => foundRows(page)).toEqual([[guardianship, applicant, t.search.matched.child]]);
  await search(page, fosterChild.split(' ')[0]!);
  await expect.poll(() => foundRows(page)).toEqual([[foster, applicant, t.search.matched.child]]);

  // A part of the number: «00001» and «1» are the first case, «2» the second; the whole number still opens its case.
  await search(page, '00001');
  await expect.poll(() => foundRows(page)).toEqual([[guardianship, applicant, t.search.matched.regNumber]]);
  await search(page, '2');
  await inEachLanguage(page, 'number-part', async (l) => {
    await expect.poll(() => foundRows(page)).toEqual([[foster, applicant, l.search.matched.regNumber]]);
  });
  // The applicant's first name: both cases, by their applicant.
  await search(page, applicant.split(' ')[0]!);
  await expect.poll(async () => (await foundRows(page)).sort()).toEqual([[guardianship, applicant, t.search.matched.applicant], [foster, applicant, t.search.matched.applicant]]);
  // A name on no case, and one letter: nothing, and a word on what to type.
  await search(page, 'Щербаков');
  await expect(page.getByText(t.search.none)).toBeVisible();
  await search(page, 'ә');
  await expect(page.getByText(t.search.tooShort)).toBeVisible();

  // What waits to be sent: two applications, one signed paper, the office's settings and work log — not the records' types.
  await page.getByRole('link', { name: t.nav.sync }).click();
  await settled(page);
  await inEachLanguage(page, 'sync-outbox', async (l) => {
    const summary = [counted(l, 'toSendApplications', 2), counted(l, 'toSendSigned', 1), l.sync.settings, l.sync.workLog].join(', ');
    await expect(page.getByTestId('outbox-summary')).toHaveText(summary);
    const outbox = page.locator('ul.outbox > li');
    await expect(outbox).toHaveText([
      `${guardianship} — ${applicant}: ${[l.events['case.registered'], l.events['case.visaed'], l.events['case.drafted'], l.events['case.resultSigned']].join('; ')}`,
      `${foster} — ${applicant}: ${l.events['case.registered']}`,
    ]);
    await expect(page.getByText(l.events['office.staffSaved'])).toHaveCount(0);
    await expect(page.getByText(l.events['office.registryPublished'])).toHaveCount(0);
  });
  expect(blocked).toEqual([]);
});
