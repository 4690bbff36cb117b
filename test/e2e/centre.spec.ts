import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startSyncServer } from '../../server/syncServer';
import {
  actAs,
  addPerson,
  connectToHub,
  documentName,
  draftResult,
  fillApplication,
  giveVisa,
  joinThroughHub,
  offline,
  openFromWorklist,
  people,
  receiptNumber,
  registerHeadKey,
  setUp,
  sign,
  stage,
  syncNow,
  t,
} from './flow';
import { SAMPLES } from '../../shared/samples';

const crew = 'Асқар Нұрғалиев';
const serviceId = 'guardianship-certificate';
const reasons = 'Туу туралы куәліктің сканы оқылмайды: қайта сканерлеп жіберіңіз.';

let hub: Awaited<ReturnType<typeof startSyncServer>>;
let data: string;
let pictures: string;

/** A scanned page: white paper with dark lines of "text", as a scanner's PNG file. */
function page(path: string, seed: number) {
  const png = new PNG({ width: 850, height: 1100 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const line = y > 100 && y % 40 < 12 && x > 80 && x < 770 - ((y * seed) % 200);
      const i = (png.width * y + x) << 2;
      png.data.fill(line ? 40 : 250, i, i + 3);
      png.data[i + 3] = 255;
    }
  }
  writeFileSync(path, PNG.sync.write(png));
  return path;
}

test.beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'kense-hub-'));
  pictures = mkdtempSync(join(tmpdir(), 'kense-scans-'));
  hub = await startSyncServer({ port: 0, host: '127.0.0.1', data });
});
test.afterAll(async () => {
  await hub.close();
  rmSync(data, { recursive: true, force: true });
  rmSync(pictures, { recursive: true, force: true });
});

/** The crew takes the sample application in the field, a scan of each document, and gives the centre's receipt. */
async function takeApplication(c: Page, place: string, checkedByHand: boolean): Promise<string> {
  await c.getByRole('link', { name: t.nav.newPackage }).click();
  const another = c.getByRole('button', { name: t.intake.another });
  if (await another.isVisible()) await another.click();
  await fillApplication(c, serviceId, 'mobile-centre');
  await c.getByLabel(t.fields.place, { exact: true }).fill(place);
  for (const [i, id] of SAMPLES[serviceId]!.documents.entries()) {
    const name = documentName(serviceId, id);
    await c.getByLabel(t.scans.addFor.replace('{{document}}', name), { exact: true }).setInputFiles(page(join(pictures, `${id}.png`), i + 2));
    await expect(c.getByTestId(`scans-${id}`).getByRole('img')).toHaveCount(1);
  }
  if (checkedByHand) await c.getByRole('radiogroup', { name: t.checks.individuals }).getByLabel(t.checks.byHand).check();
  await c.getByRole('button', { name: t.intake.submitPackage }).click();
  const number = await receiptNumber(c);
  await expect(c.getByText(t.intake.packageQueued)).toBeVisible();
  return number;
}

/** The office PC connected to the hub, with a crew member on its staff and the head's key registered; the crew's laptop joined. */
async function officeAndCrew(browser: Browser, officeCode: string) {
  const pc = await browser.newContext();
  const laptop = await browser.newContext();
  const blocked = [...(await Promise.all([offline(pc), offline(laptop)]))];
  const a = await pc.newPage();
  const c = await laptop.newPage();
  await setUp(a, officeCode);
  await addPerson(a, crew, ['operator']);
  await connectToHub(a, hub, officeCode);
  await registerHeadKey(a);
  await actAs(a, people.admin, 'admin');
  await joinThroughHub(a, c, hub, officeCode, 'Мобильді топтың ноутбугі', 'M1');
  await syncNow(a);
  await actAs(c, crew, 'operator');
  return { a, c, pc, laptop, blocked };
}

/** No link from this device to the hub: the crew is in the villages. */
const noLink = (context: BrowserContext) => context.route(`${hub.url}/**`, (route) => route.abort('internetdisconnected'));

test('a crew takes two applications offline; the office registers one and returns the other; the result goes back and is handed over in the field', async ({ browser }) => {
  test.setTimeout(240_000);
  const { a, c, pc, laptop, blocked } = await officeAndCrew(browser, 'MOB');

  // In the field, with no link: two applications with their scans and the centre's receipts.
  await noLink(laptop);
  const first = await takeApplication(c, 'Ақсу ауылы', true);
  await c.screenshot({ path: 'test-results/centre-receipt.png', fullPage: true });
  const second = await takeApplication(c, 'Ақсу ауылы', false);
  // A sync finds no hub: everything waits on the laptop.
  await c.getByRole('link', { name: t.nav.sync }).click();
  await c.getByRole('button', { name: t.sync.now }).click();
  await expect(c.getByTestId('sync-indicator')).toContainText(t.sync.state.offline);

  // Back in signal: the packages go to the office.
  await laptop.unroute(`${hub.url}/**`);
  await syncNow(c);

  // The clerk finds both in "to register", reads the first with its scans and registers it.
  await actAs(a, people.clerk, 'clerk');
  await syncNow(a);
  await openFromWorklist(a, t.nav.toRegister, first);
  await expect(stage(a)).toHaveText(t.stages.intake);
  await expect(a.getByTestId('check-individuals')).toContainText(t.checks.byHandBy.replace('{{name}}', crew).split(',')[0]!);
  await a.getByRole('button', { name: new RegExp(documentName(serviceId, 'childBirthCertificate')) }).click();
  const full = a.getByRole('dialog', { name: t.scans.fullSize });
  await expect(full.getByRole('img')).toBeVisible();
  expect(await full.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(850);
  await a.screenshot({ path: 'test-results/centre-package.png', fullPage: true });
  await full.getByRole('button', { name: t.scans.closeFull }).click();
  await a.getByRole('button', { name: t.registerPackage.submit }).click();
  await expect(stage(a)).toHaveText(t.stages.visa);

  // The second goes back to the crew with the written reasons.
  await openFromWorklist(a, t.nav.toRegister, second);
  await a.getByRole('button', { name: t.returnToCentre.open }).click();
  await a.getByLabel(t.returnToCentre.reasons, { exact: true }).fill(reasons);
  await a.getByRole('button', { name: t.returnToCentre.submit }).click();
  await expect(stage(a)).toHaveText(t.outcomes.returnedToCentre);
  await syncNow(a);

  // The crew sees the return and its reasons on its next sync.
  await syncNow(c);
  await c.getByRole('link', { name: t.nav.returned }).click();
  await expect(c.getByRole('listitem').filter({ hasText: second })).toContainText(reasons);
  await c.screenshot({ path: 'test-results/centre-returned.png', fullPage: true });

  // The office completes and signs the first.
  await giveVisa(a, first);
  await draftResult(a, first, serviceId);
  await sign(a, first);
  await syncNow(a);

  // The result reaches the crew, who hands it over in the field, noting the identity document.
  await syncNow(c);
  await openFromWorklist(c, t.nav.toHandOverField, first);
  await expect(stage(c)).toHaveText(t.stages.handover);
  await c.getByRole('button', { name: t.handover.submit }).click();
  await expect(c.getByRole('alert')).toContainText(t.fields['recipient.idDocument']);
  await c.getByLabel(t.fields['recipient.idDocument'], { exact: true }).fill('Жеке куәлік № 045112233');
  await c.getByRole('button', { name: t.handover.submit }).click();
  await expect(stage(c)).toHaveText(t.outcomes.result);
  await syncNow(c);

  // The office sees the handover, and who made it.
  await syncNow(a);
  await actAs(a, people.clerk, 'clerk');
  await a.getByRole('link', { name: t.nav.allCases }).click();
  await a.getByRole('link', { name: first }).click();
  await expect(stage(a)).toHaveText(t.outcomes.result);
  await expect(a.getByText(t.handover.by.replace('{{name}}', crew).replace('{{role}}', t.roles.operator))).toBeVisible();
  await a.screenshot({ path: 'test-results/centre-handed-over.png', fullPage: true });
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});
