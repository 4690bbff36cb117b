import { expect, test, type Locator, type Page } from '@playwright/test';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { accessibilityProblems, actAs, fillApplication, fillDate, people, receiptNumber, setUp, t } from './flow';

/*
 * Issue 25: a date field of our own, DD.MM.YYYY in every language whatever the browser's locale
 * (Chromium's own picker shows 12/02/2026 for 2 December under kk-KZ and ru-RU), typed or chosen
 * in a calendar by keyboard; an impossible or half-typed date is told and not kept.
 */

const LANGUAGES = { kk: t, ru, en } as const;
/** The field in the middle of the window, its label and calendar in sight. */
async function shot(page: Page, field: Locator, name: string) {
  await field.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `/tmp/shots/date/${name}.png` });
}
const withParams = (text: string, values: Record<string, string>) => Object.entries(values).reduce((s, [k, v]) => s.replace(`{{${k}}}`, v), text);
/** The calendar button and the message of the field an input belongs to. */
const besides = (input: Locator) => input.locator('xpath=ancestor::div[@class="date-field"]');

// The browser speaks Russian as an office's often does: the field must not follow it.
test.use({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });

test('a date is typed and chosen as DD.MM.YYYY in kk, ru and en, by keyboard; 31.02.2026 is refused', async ({ page }) => {
  test.setTimeout(180_000);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await fillApplication(page, 'guardianship-certificate');
  const birthDate = page.getByRole('group', { name: t.intake.applicationSection, exact: true }).getByLabel('Кәмелетке толмағанның туған күні', { exact: true });
  await expect(birthDate).toHaveAttribute('id', 'application.childBirthDate');
  // Found by its id from here on: its label changes with the language.
  const field = besides(page.locator('[id="application.childBirthDate"]'));
  // The sample's ISO date is shown the Kazakh way.
  await expect(birthDate).toHaveValue('14.03.2015');
  await expect(birthDate).toHaveAttribute('placeholder', t.dateField.format);

  // Typed without the dots, they come by themselves; with them, a one-digit day or month is taken.
  await birthDate.fill('');
  await birthDate.pressSequentially('02122015');
  await expect(birthDate).toHaveValue('02.12.2015');
  await birthDate.fill('');
  await birthDate.pressSequentially('2.3.2015');
  await expect(birthDate).toHaveValue('2.3.2015');
  await expect(birthDate).not.toHaveAttribute('aria-invalid', 'true');

  // A half-typed date is told when the clerk leaves the field.
  await birthDate.fill('');
  await birthDate.pressSequentially('0212');
  await expect(birthDate).toHaveValue('02.12');
  await birthDate.press('Tab');
  await expect(field.locator('.field-problem')).toHaveText(t.dateField.incomplete);

  // 31.02.2026 is no date: told at once in each language, with the month's last day.
  await birthDate.fill('');
  await birthDate.pressSequentially('31022026');
  await expect(birthDate).toHaveValue('31.02.2026');
  await expect(birthDate).toHaveAttribute('aria-invalid', 'true');
  for (const [language, l] of Object.entries(LANGUAGES)) {
    await page.locator('header .language select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expect(field.locator('.field-problem')).toHaveText(withParams(l.dateField.pastMonthEnd, { text: '31.02.2026', lastDay: '28.02.2026' }));
    await shot(page, field, `refused-${language}`);
    expect(await accessibilityProblems(page)).toEqual([]);
  }
  await page.locator('header .language select').selectOption('kk');
  // It is not kept: the form does not go, the clerk is taken back to the date, and nothing is registered.
  await page.getByRole('button', { name: t.intake.submit }).click();
  await expect(birthDate).toBeFocused();
  await expect(birthDate).toHaveValue('31.02.2026');
  await expect(field.locator('.field-problem')).toHaveText(withParams(t.dateField.pastMonthEnd, { text: '31.02.2026', lastDay: '28.02.2026' }));
  await expect(page.getByRole('heading', { name: /№/ })).toHaveCount(0);
  // Half a date stops the form the same way, with Enter too.
  await birthDate.fill('');
  await birthDate.pressSequentially('3103');
  await birthDate.press('Enter');
  await expect(field.locator('.field-problem')).toHaveText(t.dateField.incomplete);
  await expect(page.getByRole('heading', { name: /№/ })).toHaveCount(0);

  // The calendar by keyboard: Alt or not, ArrowDown opens it on the typed day.
  await fillDate(birthDate, '2015-03-13');
  await birthDate.press('ArrowDown');
  const calendar = field.getByRole('dialog');
  await expect(calendar).toHaveAccessibleName(t.dateField.choose);
  const focusedDay = calendar.locator('button[data-date]:focus');
  await expect(focusedDay).toHaveAttribute('data-date', '2015-03-13');
  const moves: [string, string][] = [
    ['ArrowRight', '2015-03-14'],
    ['ArrowDown', '2015-03-21'],
    ['ArrowLeft', '2015-03-20'],
    ['ArrowUp', '2015-03-13'],
    ['PageUp', '2015-02-13'],
    ['PageDown', '2015-03-13'],
    ['Shift+PageUp', '2014-03-13'],
    ['Shift+PageDown', '2015-03-13'],
    ['Home', '2015-03-09'],
    ['End', '2015-03-15'],
  ];
  for (const [key, date] of moves) {
    await page.keyboard.press(key);
    await expect(focusedDay).toHaveAttribute('data-date', date);
  }
  // Escape closes it and leaves the date as it was.
  await page.keyboard.press('Escape');
  await expect(calendar).toBeHidden();
  await expect(birthDate).toBeFocused();
  await expect(birthDate).toHaveValue('13.03.2015');

  // The month and the weekdays in the screen's language, whatever the browser's; a screenshot and axe in each.
  const months = { kk: 'наурыз', ru: 'март', en: 'March' };
  const mondays = { kk: 'Дс', ru: 'Пн', en: 'Mo' };
  const days = { kk: '2015 ж. 13 наурыз', ru: '13 марта 2015 г.', en: '13 March 2015' };
  for (const [language, l] of Object.entries(LANGUAGES)) {
    await page.locator('header .language select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await field.getByRole('button', { name: l.dateField.open }).click();
    await expect(calendar.getByLabel(l.dateField.month).locator('option:checked')).toHaveText(months[language as keyof typeof months]);
    await expect(calendar.getByLabel(l.dateField.year)).toHaveValue('2015');
    await expect(calendar.locator('th').first()).toHaveText(mondays[language as keyof typeof mondays]);
    await expect(focusedDay).toHaveAccessibleName(days[language as keyof typeof days]);
    await shot(page, field, `calendar-${language}`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(calendar).toBeHidden();
  }
  await page.locator('header .language select').selectOption('kk');

  // The next day by arrow and Enter: the field shows it, and the application keeps it as the date it is.
  await birthDate.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(calendar).toBeHidden();
  await expect(birthDate).toHaveValue('14.03.2015');
  await expect(birthDate).toBeFocused();
  await page.getByRole('button', { name: t.intake.submit }).click();
  await receiptNumber(page);
  await page.getByRole('button', { name: t.intake.openCase }).click();
  await expect(page.getByText('2015 ж. 14 наурыз').first()).toBeVisible();
});
