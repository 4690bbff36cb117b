import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PDFDocument } from 'pdf-lib';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startSyncServer } from '../../server/syncServer';
import {
  actAs,
  addPerson,
  catalog,
  connectToHub,
  documentName,
  draftResult,
  fillApplication,
  fillDate,
  giveVisa,
  joinThroughHub,
  offline,
  openFromWorklist,
  people,
  receiptPastDuplicate,
  registerHeadKey,
  savePdf,
  setUp,
  sign,
  stage,
  syncNow,
  t,
  type TestHub,
} from './flow';
import { SAMPLES } from '../../shared/samples';

const crew = 'Асқар Нұрғалиев';
const serviceId = 'guardianship-certificate';
const pdftext = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
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

/** A scanner's PDF of one page. */
async function scannedPdf(path: string) {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawRectangle({ x: 60, y: 600, width: 470, height: 160, borderWidth: 2 });
  writeFileSync(path, await pdf.save());
  return path;
}

/** The crew takes the sample application in the field, a scan of each document (a scanner's PDF for `pdfOf`), and gives the centre's receipt. */
async function takeApplication(c: Page, place: string, checkedByHand: boolean, pdfOf?: string): Promise<string> {
  await c.getByRole('link', { name: t.nav.newPackage }).click();
  const another = c.getByRole('button', { name: t.intake.another });
  if (await another.isVisible()) await another.click();
  await fillApplication(c, serviceId, 'mobile-centre');
  await c.getByLabel(t.fields.place, { exact: true }).fill(place);
  for (const [i, id] of SAMPLES[serviceId]!.documents.entries()) {
    const name = documentName(serviceId, id);
    await c.getByLabel(t.scans.addFor.replace('{{document}}', name), { exact: true }).setInputFiles(id === pdfOf ? await scannedPdf(join(pictures, `${id}.pdf`)) : page(join(pictures, `${id}.png`), i + 2));
    await expect(c.getByTestId(`scans-${id}`).getByRole('img')).toHaveCount(1);
  }
  if (checkedByHand) await c.getByRole('radiogroup', { name: t.checks.individuals }).getByLabel(t.checks.byHand).check();
  await c.getByRole('button', { name: t.intake.submitPackage }).click();
  const number = await receiptPastDuplicate(c);
  await expect(c.getByText(t.intake.packageQueued)).toBeVisible();
  return number;
}

/** The office PC connected to the hub, with a crew member on its staff and the head's key registered; the crew's laptop joined. */
async function officeAndCrew(browser: Browser, officeCode: string, hub: TestHub) {
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

/** The clerk reads the first package with its scans and registers it, and returns the second with the written reasons. */
async function registerOneReturnOne(a: Page, first: string, second: string, shots: string) {
  await openFromWorklist(a, t.nav.toRegister, first);
  await expect(stage(a)).toHaveText(t.stages.intake);
  await expect(a.getByTestId('check-individuals')).toContainText(t.checks.byHandBy.replace('{{name}}', crew).split(',')[0]!);
  await a.getByRole('button', { name: new RegExp(documentName(serviceId, 'childBirthCertificate')) }).click();
  const full = a.getByRole('dialog', { name: t.scans.fullSize });
  await expect(full.getByRole('img')).toBeVisible();
  expect(await full.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(850);
  await a.screenshot({ path: `test-results/${shots}-package.png`, fullPage: true });
  await full.getByRole('button', { name: t.scans.closeFull }).click();
  await a.getByRole('button', { name: t.registerPackage.submit }).click();
  await expect(stage(a)).toHaveText(t.stages.visa);

  await openFromWorklist(a, t.nav.toRegister, second);
  await a.getByRole('button', { name: t.returnToCentre.open }).click();
  await a.getByLabel(t.returnToCentre.reasons, { exact: true }).fill(reasons);
  await a.getByRole('button', { name: t.returnToCentre.submit }).click();
  await expect(stage(a)).toHaveText(t.outcomes.returnedToCentre);
}


/**
 * The whole exchange between the office PC `a` and the crew's laptop `c`. `send(from, to)` is how
 * what `from` holds reaches `to`: a sync of both through the hub, or a transfer file on a USB stick.
 */
async function exchange(a: Page, c: Page, send: (from: Page, to: Page) => Promise<void>, shots: string) {
  // In the field, with no link: two applications with their scans and the centre's receipts.
  const first = await takeApplication(c, 'Ақсу ауылы', true);
  await c.screenshot({ path: `test-results/${shots}-receipt.png`, fullPage: true });
  const second = await takeApplication(c, 'Ақсу ауылы', false);

  // The packages reach the office. The clerk reads the first with its scans and registers it; the second goes back.
  await actAs(a, people.clerk, 'clerk');
  await send(c, a);
  await registerOneReturnOne(a, first, second, shots);

  // The crew sees the return and its reasons.
  await send(a, c);
  await c.getByRole('link', { name: t.nav.returned }).click();
  await expect(c.getByRole('listitem').filter({ hasText: second })).toContainText(reasons);
  await c.screenshot({ path: `test-results/${shots}-returned.png`, fullPage: true });

  // The office completes and signs the first.
  await giveVisa(a, first);
  await draftResult(a, first, serviceId);
  await sign(a, first);

  // The result reaches the crew, who hands it over in the field, noting the identity document.
  await send(a, c);
  await openFromWorklist(c, t.nav.toHandOverField, first);
  await expect(stage(c)).toHaveText(t.stages.handover);
  await c.getByRole('button', { name: t.handover.submit }).click();
  await c.getByRole('button', { name: t.handover.confirm }).click();
  await expect(c.getByRole('alert')).toContainText(t.fields['recipient.idDocument']);
  await c.getByLabel(t.fields['recipient.idDocument'], { exact: true }).fill('Жеке куәлік № 045112233');
  await c.getByRole('button', { name: t.handover.submit }).click();
  await c.getByRole('button', { name: t.handover.confirm }).click();
  await expect(stage(c)).toHaveText(t.outcomes.result);
  // The crew asks the quality survey there and then; without an answer it says which is missing.
  await c.getByRole('radiogroup', { name: t.survey.quality }).getByLabel(t.survey.answers[3], { exact: true }).check();
  await c.getByRole('button', { name: t.survey.submit }).click();
  await expect(c.getByRole('alert')).toContainText(t.fields.information);
  await c.getByRole('radiogroup', { name: t.survey.information }).getByLabel(t.survey.answers[2], { exact: true }).check();
  await c.getByRole('button', { name: t.survey.submit }).click();
  await expect(c.getByTestId('survey')).toContainText(t.survey.answers[2]);

  // The office sees the handover, and who made it.
  await send(c, a);
  await actAs(a, people.clerk, 'clerk');
  await openFromWorklist(a, t.nav.allCases, first);
  await expect(stage(a)).toHaveText(t.outcomes.result);
  await expect(a.getByText(t.handover.by.replace('{{name}}', crew).replace('{{role}}', t.roles.operator))).toBeVisible();
  await a.screenshot({ path: `test-results/${shots}-handed-over.png`, fullPage: true });

  // The head's report counts the survey under its service.
  await actAs(a, people.head, 'head');
  await a.getByRole('link', { name: t.nav.reports }).click();
  const report = a.getByTestId('report-survey').getByRole('row').filter({ hasText: catalog.get(serviceId)!.names.kk });
  await expect(report.getByRole('cell')).toHaveText([catalog.get(serviceId)!.names.kk, '1', '0', '0', '1', '0', '1', '0', '100']);
  await a.screenshot({ path: `test-results/${shots}-survey-report.png`, fullPage: true });
}

test('through the hub: a crew takes two applications offline; the office registers one and returns the other; the result goes back and is handed over in the field', async ({ browser }) => {
  test.setTimeout(240_000);
  const { a, c, pc, laptop, blocked } = await officeAndCrew(browser, 'MOB', hub);
  const link = `${hub.url}/**`;
  // No link from the laptop to the hub while the crew is in the villages.
  await laptop.route(link, (route) => route.abort('internetdisconnected'));
  let away = true;
  await exchange(
    a,
    c,
    async (from, to) => {
      if (away) {
        // A sync in the field finds no hub: everything waits on the laptop. Then the crew is back in signal.
        await c.getByRole('link', { name: t.nav.sync }).click();
        await c.getByRole('button', { name: t.sync.now }).click();
        await expect(c.getByTestId('sync-indicator')).toContainText(t.sync.state.offline);
        await laptop.unroute(link);
        away = false;
      }
      await syncNow(from);
      await syncNow(to);
    },
    'centre-hub',
  );
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});

test('with no hub: the same exchange in transfer files carried between the office PC and the crew’s laptop', async ({ browser }) => {
  test.setTimeout(240_000);
  // The laptop was enrolled at the office once; from then on the office has no hub, only USB sticks.
  const onceData = mkdtempSync(join(tmpdir(), 'kense-hub-'));
  const once = await startSyncServer({ port: 0, host: '127.0.0.1', data: onceData });
  const { a, c, pc, laptop, blocked } = await officeAndCrew(browser, 'AUL', once);
  await once.close();
  rmSync(onceData, { recursive: true, force: true });
  await exchange(
    a,
    c,
    async (from, to) => {
      await from.getByRole('link', { name: t.nav.sync }).click();
      const download = from.waitForEvent('download');
      await from.getByRole('button', { name: t.sync.saveBundle }).click();
      const file = (await (await download).path())!;
      await to.getByRole('link', { name: t.nav.sync }).click();
      await to.getByTestId('bundle-file').setInputFiles(file);
      await expect(to.getByText(/^Қабылданды: жаңа оқиға [1-9]/)).toBeVisible();
    },
    'centre-file',
  );
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});

test('a crew’s field trip: the plan, the place of a package from it, the status from the receipt’s QR, the messages to the applicant, the trip report', async ({ browser }) => {
  test.setTimeout(180_000);
  const { a, c, pc, laptop, blocked } = await officeAndCrew(browser, 'TRP', hub);
  const today = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 29 * 3_600_000).toISOString().slice(0, 10);

  // The crew plans two villages; a settlement without its name is refused.
  await c.getByRole('link', { name: t.nav.trips }).click();
  const row = (n: number, what: 'place' | 'on') => c.getByLabel(`${t.trips.row.replace('{{n}}', String(n))} — ${t.trips[what]}`, { exact: true });
  await row(1, 'place').fill('Ақсу ауылы');
  await fillDate(row(1, 'on'), today);
  await c.getByRole('button', { name: t.trips.add }).click();
  await fillDate(row(2, 'on'), tomorrow);
  await c.getByRole('button', { name: t.trips.save }).click();
  await expect(c.getByRole('alert')).toContainText(`${t.trips.row.replace('{{n}}', '2')} — ${t.trips.place}`);
  await row(2, 'place').fill('Бестөбе ауылы');
  await c.getByRole('button', { name: t.trips.save }).click();
  await expect(c.getByTestId('trip-stop')).toHaveCount(2);

  // In Ақсу today: the package's place is filled in from the plan.
  await c.getByRole('link', { name: t.nav.newPackage }).click();
  await expect(c.getByLabel(t.fields.place, { exact: true })).toHaveValue('Ақсу ауылы');
  const number = await takeApplication(c, 'Ақсу ауылы', true, 'identity');
  await c.getByRole('button', { name: t.intake.openCase }).click();

  // What the applicant will be told waits on the laptop until the link; the receipt carries the number as a QR code.
  await expect(c.getByTestId('case-notifications')).toContainText(number);
  await expect(c.getByTestId('case-notifications')).toContainText(t.notifications.waiting);
  const receipt = await savePdf(c, t.print.receipt);

  // Any Kense device reads the receipt's code and opens the application's status and history.
  await syncNow(c);
  await syncNow(a);
  await actAs(a, people.clerk, 'clerk');
  await a.getByRole('link', { name: t.nav.verify }).click();
  await a.getByLabel(t.verify.openFile).setInputFiles(receipt);
  await expect(a.getByRole('heading', { name: `№ ${number}` })).toBeVisible();
  await expect(stage(a)).toHaveText(t.stages.intake);
  // The scanner's PDF opens whole in the viewer.
  await a.getByRole('button', { name: documentName(serviceId, 'identity') }).click();
  await expect(a.getByRole('dialog', { name: t.scans.fullSize }).locator('iframe')).toHaveAttribute('src', /^blob:/);
  await a.screenshot({ path: 'test-results/trip-pdf-scan.png' });
  await a.getByRole('button', { name: t.scans.closeFull }).click();
  await a.getByRole('button', { name: t.registerPackage.submit }).click();
  await expect(stage(a)).toHaveText(t.stages.visa);
  await expect(a.getByTestId('case-notifications')).toContainText(t.notifications.atHub);
  await a.screenshot({ path: 'test-results/trip-status.png', fullPage: true });
  // A number the device does not hold is said so.
  await a.getByRole('link', { name: t.nav.verify }).click();
  await a.getByLabel(t.verify.text, { exact: true }).fill('TRP-2026-M1-09999');
  await a.getByRole('button', { name: t.verify.check }).click();
  await expect(a.getByRole('alert')).toContainText(t.verify.receiptNotHere.split('{{')[0]!.trim());

  // The hub has no SMS gateway here: its queue shows what the applicant is still to be told.
  await syncNow(a);
  await a.getByRole('button', { name: t.notifications.check }).click();
  const queue = a.getByTestId('notification-queue');
  await expect(queue).toContainText(t.notifications.noSink.split(':')[0]!);
  await expect(queue.getByRole('row').filter({ hasText: number })).toHaveCount(2);
  await a.screenshot({ path: 'test-results/trip-notifications.png', fullPage: true });

  // Back on the trip: what was taken in Ақсу, and the report to print.
  await c.getByRole('link', { name: t.nav.trips }).click();
  await c.getByRole('listitem').filter({ hasText: 'Ақсу ауылы → Бестөбе ауылы' }).getByRole('link').click();
  await expect(c.getByTestId('trip-stop').first()).toContainText(t.trips.taken.replace('{{count}}', '1'));
  await expect(c.getByTestId('trip-stop').first()).toContainText(number);
  const report = pdftext(await savePdf(c, t.trips.report));
  expect(report).toContain('МОБИЛЬДІ ТОПТЫҢ САПАРЫ ТУРАЛЫ ЕСЕП');
  expect(report).toContain(number);
  await c.screenshot({ path: 'test-results/trip-page.png', fullPage: true });
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});
