import { expect, type BrowserContext, type Page } from '@playwright/test';
import { kk } from '../../renderer/i18n/kk';

export const t = kk;

/** Blocks every request that does not go to this machine, and remembers it: the app must make none. */
export async function offline(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost'].includes(url.hostname) || url.protocol === 'data:') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return blocked;
}

export const people = {
  clerk: 'Әйгерім Сәрсенова',
  head: 'Нұрлан Қасымов',
  specialist: 'Гүлнар Өмірбекова',
  specialist2: 'Дәурен Ғабитов',
};

/** First run: the office, the device and four people. */
export async function setUp(page: Page) {
  await page.goto('/');
  await page.getByLabel(t.setup.nameKk, { exact: true }).fill('Павлодар қаласының білім беру бөлімі');
  await page.getByLabel(t.setup.nameRu, { exact: true }).fill('Отдел образования города Павлодара');
  await page.getByLabel(t.setup.officeCode, { exact: true }).fill('PVL');
  await page.getByLabel(t.setup.deviceCode, { exact: true }).fill('K1');
  const roles = [
    [people.clerk, t.roles.clerk],
    [people.head, t.roles.head],
    [people.specialist, t.roles.specialist],
    [people.specialist2, t.roles.specialist],
  ];
  for (const [i, [name, role]] of roles.entries()) {
    if (i > 0) await page.getByRole('button', { name: t.setup.addPerson }).click();
    await page.getByRole('textbox', { name: `${t.setup.personName} ${i + 1}`, exact: true }).fill(name!);
    await page.getByRole('group', { name: `${t.setup.roles} ${i + 1}` }).getByLabel(role!, { exact: true }).check();
  }
  await page.getByRole('button', { name: t.setup.submit }).click();
  await expect(page.getByRole('heading', { name: t.chooseUser.title })).toBeVisible();
}

/** Switches to a person in a role, as someone sitting down at the shared office PC. */
export async function actAs(page: Page, name: string, role: keyof typeof t.roles) {
  const switchUser = page.getByRole('button', { name: t.app.switchUser });
  if (await switchUser.isVisible()) await switchUser.click();
  await page.getByRole('listitem').filter({ hasText: name }).getByRole('button', { name: t.chooseUser.as.replace('{{role}}', t.roles[role]) }).click();
  await expect(page.getByText(`${name} — ${t.roles[role]}`)).toBeVisible();
}

/** The clerk registers a guardianship application and returns its registration number. */
export async function register(page: Page): Promise<string> {
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await page.getByLabel(t.intake.channel, { exact: true }).selectOption({ label: t.channels['service-centre'] });
  await page.getByLabel(t.applicant.name, { exact: true }).fill('Сәуле Жұмабекова');
  await page.getByLabel(t.applicant.iin, { exact: true }).fill('871008401427');
  await page.getByLabel(t.applicant.address, { exact: true }).fill('Павлодар қ., Қайырбаев к-сі, 12-үй, 5-пәтер');
  await page.getByLabel(t.applicant.phone, { exact: true }).fill('+7 701 123 45 67');
  await page.getByLabel('Кәмелетке толмағанмен туыстық қатынасы', { exact: true }).fill('апасы');
  await page.getByLabel('Кәмелетке толмағанның аты-жөні', { exact: true }).fill('Әлихан Жұмабеков');
  await page.getByLabel('Кәмелетке толмағанның туған күні', { exact: true }).fill('2015-03-14');
  await page.getByLabel('Түрі', { exact: true }).selectOption({ label: 'Қорғаншылық' });
  await page.getByLabel('Әкімдік қаулысының нөмірі', { exact: true }).fill('1234/5');
  await page.getByLabel('Әкімдік қаулысының күні', { exact: true }).fill('2026-10-01');
  for (const document of ['Өтініш', 'Жеке басын куәландыратын құжат (сәйкестендіру үшін)', 'Баланың туу туралы куәлігі']) {
    await page.getByLabel(document, { exact: true }).check();
  }
  await page.getByRole('button', { name: t.intake.submit }).click();
  const heading = page.getByRole('heading', { name: /Өтініш тіркелді: №/ });
  await expect(heading).toBeVisible();
  const number = (await heading.textContent())!.replace(/^.*№ /, '');
  await page.getByRole('button', { name: t.intake.openCase }).click();
  return number;
}

/** Opens a case from a worklist by its registration number. */
export async function openFromWorklist(page: Page, worklist: string, regNumber: string) {
  await page.getByRole('link', { name: worklist }).click();
  await page.getByRole('link', { name: regNumber }).click();
  await expect(page.getByRole('heading', { name: `№ ${regNumber}` })).toBeVisible();
}

export const stage = (page: Page) => page.getByTestId('case-stage');
