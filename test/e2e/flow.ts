import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { activeFields, APPLICANT_FIELDS, FIELD_PARTS, formatDate, parseCatalog, resultsFor, type Channel, type FormField } from '../../shared';
import { kk } from '../../renderer/i18n/kk';
import { SAMPLES } from '../../shared/samples';

export const t = kk;

/** A PDF's text as pdftotext reads it, its white space run together. */
export const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

/** The screen in Russian and English too, then back in Kazakh: test-results/<name>-<language>.png. */
export async function shotsInEachLanguage(page: Page, name: string) {
  for (const language of ['ru', 'en', 'kk'] as const) {
    await page.locator('header .language select').selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await page.screenshot({ path: `test-results/${name}-${language}.png`, fullPage: true });
  }
}

/** Blocks every request that does not go to this machine, and remembers it: the app must make none. */
export async function offline(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost'].includes(url.hostname) || url.protocol === 'data:') return route.continue();
    // Chromium's own PDF viewer (the print preview) is the browser's, not the network; headless, it
    // crashes the page, so it stays off and the tests read the saved PDF instead.
    if (url.protocol === 'chrome:' || url.protocol === 'chrome-extension:') return route.abort('blockedbyclient');
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return blocked;
}

/** Serious and critical WCAG 2.1 A/AA problems axe finds on the page as it is now, one line each. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

/** The screen has drawn what it loads: its heading, and no "loading" left. */
export async function settled(page: Page) {
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.getByText(t.app.loading)).toHaveCount(0);
}

export const people = {
  clerk: 'Әйгерім Сәрсенова',
  head: 'Нұрлан Қасымов',
  specialist: 'Гүлнар Өмірбекова',
  specialist2: 'Дәурен Ғабитов',
  admin: 'Бауыржан Төлеуов',
};

/** Everybody's password in the tests: the first one the administrator gives, and the one each person then chooses. */
export const PASSWORD = 'құпия сөз 2026';
export const ADMIN_GIVEN = 'уақытша-1234';

/** First run: the office, the device and its administrator, who adds four people on the staff screen. */
export async function setUp(page: Page, officeCode = 'PVL') {
  await page.goto('/');
  await page.getByLabel(t.setup.nameKk, { exact: true }).fill('Павлодар қаласының білім беру бөлімі');
  await page.getByLabel(t.setup.nameRu, { exact: true }).fill('Отдел образования города Павлодара');
  await page.getByLabel(t.setup.district, { exact: true }).fill('Павлодар қаласы');
  await page.getByLabel(t.setup.officeCode, { exact: true }).fill(officeCode);
  await page.getByLabel(t.setup.deviceCode, { exact: true }).fill('K1');
  await page.getByLabel(t.setup.adminName, { exact: true }).fill(people.admin);
  await page.getByLabel(t.signIn.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(t.signIn.repeatPassword, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: t.setup.submit }).click();
  await expect(page.getByText(`${people.admin} — ${t.roles.admin}`)).toBeVisible();
  await page.getByRole('link', { name: t.nav.staff }).click();
  for (const [name, role] of [
    [people.clerk, 'clerk'],
    [people.head, 'head'],
    [people.specialist, 'specialist'],
    [people.specialist2, 'specialist'],
  ] as const) {
    await addPerson(page, name, [role]);
  }
}

/** The administrator adds a person on the staff screen, with the first password they give. */
export async function addPerson(page: Page, name: string, roles: (keyof typeof t.roles)[]) {
  await page.getByRole('button', { name: t.staff.add }).click();
  await page.getByLabel(t.staff.name, { exact: true }).fill(name);
  for (const role of roles) await page.getByRole('group', { name: t.staff.roles }).getByLabel(t.roles[role], { exact: true }).check();
  await page.getByLabel(t.staff.firstPassword, { exact: true }).fill(ADMIN_GIVEN);
  await page.getByLabel(t.signIn.repeatPassword, { exact: true }).fill(ADMIN_GIVEN);
  await page.getByRole('button', { name: t.staff.save }).click();
  await expect(page.getByText(t.staff.saved.replace('{{name}}', name))).toBeVisible();
}

/**
 * Switches to a person in a role, as someone sitting down at the shared office PC: signs out
 * whoever worked, signs in with the password, and the first time chooses their own.
 */
export async function actAs(page: Page, name: string, role: keyof typeof t.roles) {
  const signOut = page.getByRole('button', { name: t.app.signOut });
  if (await signOut.isVisible()) await signOut.click();
  await page.getByLabel(t.signIn.person, { exact: true }).selectOption({ label: name });
  const acting = page.getByText(`${name} — ${t.roles[role]}`);
  const roleButton = page.getByRole('button', { name: t.signIn.as.replace('{{role}}', t.roles[role]) });
  const change = page.getByLabel(t.signIn.newPassword, { exact: true });
  for (const password of [PASSWORD, ADMIN_GIVEN]) {
    await page.getByLabel(t.signIn.password, { exact: true }).fill(password);
    await page.getByRole('button', { name: t.signIn.submit }).click();
    const wrong = page.getByText(t.errors['auth.wrongPassword']);
    await expect(acting.or(roleButton).or(change).or(wrong)).toBeVisible();
    if (!(await wrong.isVisible())) break;
  }
  if (await change.isVisible()) {
    await change.fill(PASSWORD);
    await page.getByLabel(t.signIn.repeatPassword, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t.signIn.setPassword }).click();
    await expect(acting.or(roleButton)).toBeVisible();
  }
  if (await roleButton.isVisible()) await roleButton.click();
  await expect(acting).toBeVisible();
}

/** After a reload (or idling) the session is locked: the same person gives their password again. */
export async function unlock(page: Page) {
  await expect(page.getByRole('heading', { name: t.signIn.lockedTitle })).toBeVisible();
  await page.getByLabel(t.signIn.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: t.signIn.unlock }).click();
  await expect(page.getByRole('heading', { name: t.signIn.lockedTitle })).toBeHidden();
}

const label = (field: FormField) => field.label.kk;

/** Types an ISO date into a date field (renderer/screens/DateField.tsx) as a clerk writes it, DD.MM.YYYY. */
export async function fillDate(field: Locator, date: string) {
  await field.fill(date ? formatDate(date, 'kk') : '');
}

/** Types a catalog form's values into the generated form, field by field, as a clerk reads them off the paper. */
export async function fillForm(scope: Locator, fields: readonly FormField[], values: Record<string, unknown>, channel?: Channel) {
  for (const field of activeFields(fields, values, channel)) {
    const value = values[field.id];
    if (value === undefined) continue;
    if (field.type === 'choice') {
      const option = field.options!.find((o) => o.id === value)!;
      await scope.getByLabel(label(field), { exact: true }).selectOption({ label: option.label.kk });
    } else if (field.type === 'address' || field.type === 'person' || field.type === 'bilingual') {
      const group = scope.getByRole('group', { name: label(field), exact: true });
      for (const part of FIELD_PARTS[field.type]) {
        const text = (value as Record<string, string>)[part.id];
        const input = group.getByLabel(t.parts[part.id], { exact: true });
        if (text) await (part.type === 'date' ? fillDate(input, text) : input.fill(text));
      }
    } else if (field.type === 'children') {
      const group = scope.getByRole('group', { name: label(field), exact: true });
      for (const [i, child] of (value as Record<string, unknown>[]).entries()) {
        const name = t.parts.child.replace('{{n}}', String(i + 1));
        const row = group.getByRole('group', { name, exact: true });
        if ((await row.count()) === 0) await group.getByRole('button', { name: t.parts.addChild }).click();
        for (const part of FIELD_PARTS.children) {
          const text = typeof child[part.id] === 'string' ? (child[part.id] as string) : '';
          const input = row.getByLabel(`${name} — ${t.parts[part.id]}`, { exact: true });
          await (part.type === 'date' ? fillDate(input, text) : input.fill(text));
        }
        await row.getByRole('checkbox').setChecked(child.consent === true);
      }
    } else if (field.type === 'date') {
      await fillDate(scope.getByLabel(label(field), { exact: true }), value as string);
    } else {
      await scope.getByLabel(label(field), { exact: true }).fill(value as string);
    }
  }
}

/** Fills a service's sample application on the intake screen: the applicant, the form, the documents received, the consent. */
export async function fillApplication(page: Page, serviceId: string, channel?: keyof typeof t.channels) {
  const sample = SAMPLES[serviceId]!;
  await page.getByLabel(t.intake.service, { exact: true }).selectOption(serviceId);
  if (channel) await page.getByLabel(t.intake.channel, { exact: true }).selectOption({ label: t.channels[channel] });
  await fillForm(page.getByRole('group', { name: t.intake.applicantSection }), APPLICANT_FIELDS, sample.applicant);
  await fillForm(page.getByRole('group', { name: t.intake.applicationSection, exact: true }), serviceForm(serviceId), sample.application);
  const documents = page.getByRole('group', { name: t.intake.documentsSection });
  for (const id of sample.documents) await documents.getByLabel(documentName(serviceId, id), { exact: true }).check();
  await page.getByRole('group', { name: t.intake.consentSection }).getByRole('checkbox').check();
}

/** The number on the receipt screen after an intake. */
export async function receiptNumber(page: Page): Promise<string> {
  const heading = page.getByRole('heading', { name: /^Өтініш (тіркелді|қабылданды): №/ });
  await expect(heading).toBeVisible();
  return (await heading.textContent())!.replace(/^.*№ /, '');
}

/** The receipt's number; for the same sample applicant again, after confirming past the warning of the open case (correction.spec.ts tests it). */
export async function receiptPastDuplicate(page: Page): Promise<string> {
  const confirm = page.getByRole('button', { name: t.intake.duplicateConfirm });
  await expect(page.getByRole('heading', { name: /^Өтініш (тіркелді|қабылданды): №/ }).or(confirm)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  return receiptNumber(page);
}

/** The clerk registers a service's sample application and returns its registration number. */
export async function register(page: Page, serviceId = 'guardianship-certificate', channel?: keyof typeof t.channels): Promise<string> {
  await page.getByRole('link', { name: t.nav.newApplication }).click();
  await fillApplication(page, serviceId, channel);
  await page.getByRole('button', { name: t.intake.submit, exact: true }).click();
  const number = await receiptPastDuplicate(page);
  await page.getByRole('button', { name: t.intake.openCase }).click();
  return number;
}

/** Opens a case from a worklist by its registration number. */
/** Opens a list from the menu. The start screen lists cases too: wait until the list has replaced it. */
export async function openWorklist(page: Page, worklist: string) {
  await page.getByRole('link', { name: worklist }).click();
  await expect(page.getByRole('heading', { name: worklist, level: 1 })).toBeVisible();
}

export async function openFromWorklist(page: Page, worklist: string, regNumber: string) {
  await openWorklist(page, worklist);
  await page.getByRole('link', { name: regNumber }).click();
  await expect(page.getByRole('heading', { name: `№ ${regNumber}` })).toBeVisible();
}

export const stage = (page: Page) => page.getByTestId('case-stage');

/** Saves a paper as PDF from its print panel and returns the file's path. */
export async function savePdf(page: Page, panel: string, language?: string): Promise<string> {
  const section = page.getByRole('region', { name: panel });
  if (language) await section.getByLabel(t.print.language, { exact: true }).selectOption({ label: language });
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: t.print.save }).click();
  return (await (await download).path())!;
}

const servicesDir = join(import.meta.dirname, '../../resources/services');
export const catalog = parseCatalog(Object.fromEntries(readdirSync(servicesDir).map((f) => [f, JSON.parse(readFileSync(join(servicesDir, f), 'utf8'))])));
export const serviceForm = (id: string) => catalog.get(id)!.form;
export const documentName = (serviceId: string, id: string) => catalog.get(serviceId)!.documents.find((d) => d.id === id)!.names.kk;

/** Picks a specialist on the visa or reassignment form, whose options also say how much each holds. */
export async function chooseSpecialist(page: Page, name: string, label = t.visa.specialist) {
  const select = page.getByLabel(label, { exact: true });
  await select.selectOption((await select.locator('option', { hasText: name }).getAttribute('value'))!);
}

/** The head's visa, assigning the first specialist. */
export async function giveVisa(page: Page, regNumber: string, resolution = 'Қарап, заңға сәйкес шешім дайындалсын') {
  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toVisa, regNumber);
  await page.getByLabel(t.visa.resolution, { exact: true }).fill(resolution);
  await chooseSpecialist(page, people.specialist);
  await page.getByRole('button', { name: t.visa.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.review);
}

/** The specialist checks every document and drafts the sample's result. */
export async function draftResult(page: Page, regNumber: string, serviceId: string, beforeSubmit?: () => Promise<void>, channel?: Channel) {
  const sample = SAMPLES[serviceId]!;
  const service = catalog.get(serviceId)!;
  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, regNumber);
  // A document not received at intake carries a note after its name.
  const checks = page.getByRole('group', { name: t.review.documentsCheck });
  for (const d of service.documents) await checks.getByLabel(new RegExp(`^${d.names.kk.replace(/[()]/g, '\\$&')}( \\(.*\\))?$`)).check();
  // A result chosen by the application's answers is already selected.
  if (resultsFor(service, sample.application).length > 1) await page.getByLabel(t.review.variant, { exact: true }).selectOption(sample.variant);
  const variant = service.results.find((r) => r.id === sample.variant)!;
  await fillForm(page.getByRole('group', { name: variant.names.kk, exact: true }), variant.fields, sample.draft, channel);
  await beforeSubmit?.();
  await page.getByRole('button', { name: t.review.submit }).click();
  await expect(stage(page)).toHaveText(t.stages.signing);
}

export const PINS = { admin: '246810', head: '135790' };

/** The administrator makes the office's administrator key, its trust anchor. */
export async function makeAdminKey(page: Page) {
  await actAs(page, people.admin, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: t.nav.keys }).click();
  await page.getByLabel(t.keys.newPin, { exact: true }).fill(PINS.admin);
  await page.getByLabel(t.keys.pinAgain, { exact: true }).fill(PINS.admin);
  await page.getByRole('button', { name: t.keys.createAdmin }).click();
  await expect(page.getByRole('button', { name: t.keys.exportTrust })).toBeVisible();
}

/** The head makes a signing key on this device, waiting until it is written. */
export async function makeHeadKey(page: Page) {
  await actAs(page, people.head, 'head');
  await page.getByRole('link', { name: t.nav.myKey }).click();
  await page.getByLabel(t.keys.newPin, { exact: true }).fill(PINS.head);
  await page.getByLabel(t.keys.pinAgain, { exact: true }).fill(PINS.head);
  await page.getByRole('button', { name: t.keys.create }).click();
  await expect(page.getByText(t.keys.minePending.split('{{keyId}}')[1]!.trim())).toBeVisible();
}

/** The head makes a signing key on this device, and the administrator registers it. */
export async function registerHeadKey(page: Page) {
  await makeHeadKey(page);

  await actAs(page, people.admin, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: t.nav.keys }).click();
  await page.getByRole('button', { name: t.keys.register }).click();
  await page.getByLabel(t.keys.pin, { exact: true }).fill(PINS.admin);
  await page.getByRole('button', { name: t.keys.register }).click();
  await expect(page.getByRole('row').filter({ hasText: people.head })).toContainText(t.keys.status.valid);
}

/** The administrator makes the office key, the head makes a signing key, the administrator registers it. */
export async function enrolHead(page: Page) {
  await makeAdminKey(page);
  await registerHeadKey(page);
}

/** A hub as the tests start it: its address, the fingerprint it shows, and the folder of the offices it trusts. */
export interface TestHub {
  url: string;
  fingerprint: string;
  trust: string;
}

/**
 * The administrator key, the trust file to the hub's operator, then the office PC connects with
 * the fingerprint the hub shows (another fingerprint, then a wrong PIN, first connect nothing).
 */
export async function connectToHub(a: Page, hub: TestHub, officeCode: string) {
  await makeAdminKey(a);
  const download = a.waitForEvent('download');
  await a.getByRole('button', { name: t.keys.exportTrust }).click();
  copyFileSync((await (await download).path())!, join(hub.trust, `${officeCode}.json`));

  await a.getByRole('link', { name: t.nav.sync }).click();
  await expect(a.getByTestId('sync-indicator')).toContainText(t.sync.state.notConnected);
  await a.getByLabel(t.sync.hubUrl, { exact: true }).fill(hub.url);
  const another = 'AAAA-BBBB-CCCC-DDDD';
  await a.getByLabel(t.sync.hubFingerprint, { exact: true }).fill(another);
  await a.getByLabel(t.sync.adminPin, { exact: true }).fill(PINS.admin);
  await a.getByRole('button', { name: t.sync.connect }).click();
  await expect(a.getByRole('alert')).toHaveText(t.errors['sync.hubFingerprint'].replace('{{actual}}', hub.fingerprint).replace('{{expected}}', another));
  await a.screenshot({ path: 'test-results/sync-connect-fingerprint.png', fullPage: true });
  await a.getByLabel(t.sync.hubFingerprint, { exact: true }).fill(hub.fingerprint.toLowerCase());
  await a.getByLabel(t.sync.adminPin, { exact: true }).fill('000000');
  await a.getByRole('button', { name: t.sync.connect }).click();
  await expect(a.getByRole('alert')).toHaveText(t.errors['signing.wrongPin'].replace('{{left}}', '4'));
  await a.getByLabel(t.sync.adminPin, { exact: true }).fill(PINS.admin);
  await a.getByRole('button', { name: t.sync.connect }).click();
  await expect(a.getByTestId('sync-indicator')).toContainText(t.sync.state.online);
}

/** A new device asks the hub to join; the administrator, signed in on `a`'s sync screen, compares the fingerprint and enrols it under `code`. */
export async function joinThroughHub(a: Page, b: Page, hub: TestHub, officeCode: string, label: string, code: string) {
  await b.goto('/');
  await b.getByLabel(t.sync.hubUrl, { exact: true }).fill(hub.url);
  await b.getByLabel(t.sync.officeToJoin, { exact: true }).fill(officeCode);
  await b.getByLabel(t.sync.deviceLabel, { exact: true }).fill(label);
  await b.getByRole('button', { name: t.sync.ask }).click();
  const shown = (await b.getByTestId('join-fingerprint').textContent())!.split(': ').at(-1)!;
  await a.getByRole('link', { name: t.nav.sync }).click();
  await a.getByRole('button', { name: t.sync.checkJoins }).click();
  const request = a.getByRole('listitem').filter({ hasText: label });
  await expect(request).toContainText(shown);
  await a.screenshot({ path: 'test-results/sync-join-request.png', fullPage: true });
  await request.getByLabel(t.setup.deviceCode, { exact: true }).fill(code);
  await request.getByLabel(t.sync.adminPin, { exact: true }).fill(PINS.admin);
  await request.getByRole('button', { name: t.sync.enrol }).click();
  await expect(a.getByText(t.sync.noJoins)).toBeVisible();
  await b.getByRole('button', { name: t.sync.check }).click();
  await expect(b.getByRole('heading', { name: t.signIn.title })).toBeVisible();
}

/**
 * The office PC (set up, the administrator key, its trust file given to the hub, connected) and
 * the head's laptop (joined, its key made there and registered from the PC), with an
 * application the clerk registered on the PC and both devices synced.
 */
export async function officeWithACase(browser: Browser, hub: TestHub, officeCode: string) {
  const pc = await browser.newContext();
  const laptop = await browser.newContext();
  const blocked = [...(await Promise.all([offline(pc), offline(laptop)]))];
  const a = await pc.newPage();
  const b = await laptop.newPage();
  await setUp(a, officeCode);
  await connectToHub(a, hub, officeCode);
  await joinThroughHub(a, b, hub, officeCode, 'Басшының ноутбугі', 'K2');

  // The head makes the signing key on the laptop; it reaches the administrator through the hub.
  await makeHeadKey(b);
  await syncNow(b);
  await syncNow(a);
  await a.getByRole('navigation').getByRole('link', { name: t.nav.keys }).click();
  await a.getByRole('button', { name: t.keys.register }).click();
  await a.getByLabel(t.keys.pin, { exact: true }).fill(PINS.admin);
  await a.getByRole('button', { name: t.keys.register }).click();
  await expect(a.getByRole('row').filter({ hasText: people.head })).toContainText(t.keys.status.valid);
  await syncNow(a);

  await actAs(a, people.clerk, 'clerk');
  const number = await register(a);
  await syncNow(a);
  await syncNow(b);
  return { a, b, pc, laptop, blocked, number };
}

/** Opens the sync screen and syncs, waiting for a sync that started after this call to finish. */
export async function syncNow(page: Page) {
  const from = new Date().toISOString();
  await page.getByRole('link', { name: t.nav.sync }).click();
  await page.getByRole('button', { name: t.sync.now }).click();
  await expect.poll(async () => ((await page.getByTestId('sync-indicator').getAttribute('data-up-to-date-from')) ?? '') >= from).toBe(true);
  await expect(page.getByTestId('sync-indicator')).toContainText(t.sync.state.online);
  await expect(page.getByTestId('sync-indicator')).toContainText(t.sync.pending.replace('{{count}}', '0'));
}

/** The head signs with the PIN of the key enrolHead registered. */
export async function sign(page: Page, regNumber: string) {
  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toSign, regNumber);
  await page.getByRole('button', { name: t.signing.sign, exact: true }).click();
  await page.getByLabel(t.signing.pin, { exact: true }).fill(PINS.head);
  await page.getByRole('button', { name: t.signing.confirm }).click();
  await expect(stage(page)).toHaveText(t.stages.handover);
}

export async function handOver(page: Page, regNumber: string) {
  await actAs(page, people.clerk, 'clerk');
  await openFromWorklist(page, t.nav.toHandOver, regNumber);
  await page.getByRole('button', { name: t.handover.submit }).click();
  await page.getByRole('button', { name: t.handover.confirm }).click();
  await expect(stage(page)).toHaveText(t.outcomes.result);
}
