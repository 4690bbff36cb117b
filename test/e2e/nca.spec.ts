import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startSyncServer } from '../../server/syncServer';
import { verify } from '../../server/verify';
import { HEAD, makeNcaPki, type NcaPki } from '../support/ncaPki';
import { startFakeNcaLayer, type FakeNcaLayer } from '../support/fakeNcaLayer';
import { actAs, draftResult, giveVisa, handOver, officeWithACase, openFromWorklist, people, savePdf, sign, stage, syncNow, t } from './flow';

/*
 * The head's NCA RK signature in the real app (issue 26): a stand-in NCALayer on NCALayer's own
 * port signs with a test PKI, whose root is the only NCA RK root the built app, the hub and
 * `kense verify` trust here.
 */

const NCALAYER_PORT = 13579;
const ROOTS_FILE = join(import.meta.dirname, '../../dist/renderer/trust/nca.json');
let pki: NcaPki;
let ncaLayer: FakeNcaLayer | null = null;
let hub: Awaited<ReturnType<typeof startSyncServer>>;
let data: string;
let shippedRoots: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pki = await makeNcaPki();
  data = mkdtempSync(join(tmpdir(), 'kense-hub-'));
  mkdirSync(join(data, 'trust/nca'), { recursive: true });
  writeFileSync(join(data, 'trust/nca/test-root.pem'), pki.rootPem);
  hub = await startSyncServer({ port: 0, host: '127.0.0.1', data });
  // The built app's roots, as a deployment would put NCA RK's there: the test root alone.
  shippedRoots = readFileSync(ROOTS_FILE, 'utf8');
  writeFileSync(ROOTS_FILE, JSON.stringify([Buffer.from(pki.root.der).toString('base64')]));
});
test.afterAll(async () => {
  if (shippedRoots !== undefined) writeFileSync(ROOTS_FILE, shippedRoots);
  await ncaLayer?.close();
  await hub?.close();
  if (data) rmSync(data, { recursive: true, force: true });
});

test('the head adds the NCA RK signature through NCALayer; the paper carries it, and kense verify, the hub and the other device check it', async ({ browser }) => {
  test.setTimeout(300_000);
  const { a, b, pc, laptop, blocked, number } = await officeWithACase(browser, hub, 'NCA');

  // The administrator enters the head's IIN, which the certificate must carry.
  await actAs(a, people.admin, 'admin');
  await a.getByRole('link', { name: t.nav.staff }).click();
  await a.getByRole('button', { name: t.staff.editOf.replace('{{name}}', people.head) }).click();
  await a.getByLabel(t.staff.iin, { exact: true }).fill(HEAD.iin);
  await a.screenshot({ path: 'test-results/nca-staff-iin.png', fullPage: true });
  await a.getByRole('button', { name: t.staff.save }).click();
  await expect(a.getByText(t.staff.saved.replace('{{name}}', people.head))).toBeVisible();
  // And decides that S1's results go out with the NCA RK signature only.
  await a.getByRole('link', { name: t.nav.services }).click();
  const card = a.getByRole('article', { name: 'Қорғаншылық және қамқоршылық жөнінде анықтама беру' });
  await card.getByLabel(t.services.ncaReason, { exact: true }).fill('Бөлімнің 2026 жылғы 1 желтоқсандағы № 12 бұйрығы');
  await card.getByRole('button', { name: t.services.ncaOn }).click();
  await expect(card).toContainText(t.services.sealAndNca);
  await card.screenshot({ path: 'test-results/nca-policy.png' });
  await syncNow(a);
  await syncNow(b);

  await giveVisa(b, number);
  await draftResult(b, number, 'guardianship-certificate');
  await sign(b, number);
  await syncNow(b);

  // On the PC the clerk cannot hand over the sealed result yet: the office wants the NCA RK signature.
  await syncNow(a);
  await actAs(a, people.clerk, 'clerk');
  await openFromWorklist(a, t.nav.toHandOver, number);
  await a.getByRole('button', { name: t.handover.submit }).click();
  await a.getByRole('button', { name: t.handover.confirm }).click();
  await expect(a.getByText(t.errors['nca.required'])).toBeVisible();
  await expect(stage(a)).toHaveText(t.stages.handover);

  // Back on the laptop. NCALayer is not running: a clear message, and the Kense seal stands.
  await openFromWorklist(b, t.nav.allCases, number);
  const offer = b.getByRole('button', { name: t.nca.sign });
  await offer.click();
  await expect(b.getByTestId('nca-error')).toHaveText(t.errors['nca.notRunning']);
  await expect(stage(b)).toHaveText(t.stages.handover);
  await expect(b.getByTestId('nca-signature')).toHaveCount(0);
  await b.screenshot({ path: 'test-results/nca-not-running.png', fullPage: true });

  ncaLayer = await startFakeNcaLayer(pki.head, NCALAYER_PORT);
  await offer.click();
  await expect(b.getByTestId('nca-verdict')).toHaveText(t.nca.valid);
  await expect(b.getByTestId('nca-signature')).toContainText(HEAD.iin);
  await expect(b.getByTestId('nca-signature')).toContainText(HEAD.serial);
  await expect(offer).toHaveCount(0);
  expect(ncaLayer.requests.at(-1)?.args.signerParams).toEqual({ extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'], iin: HEAD.iin });
  await b.screenshot({ path: 'test-results/nca-signed.png', fullPage: true });

  // The paper: the signer and the Law 370-II footer, and the CMS inside the file.
  const pdf = await savePdf(b, t.print.result, t.print.languages.both);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(`ЖСН ${HEAD.iin}, сертификат № ${HEAD.serial}`);
  expect(text).toContain('қағаз тасығыштағы құжатқа тең');
  const dir = mkdtempSync(join(tmpdir(), 'kense-nca-paper-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
    execFileSync('cp', [readdirSync(dir).map((f) => join(dir, f)).find((f) => f.endsWith('.png'))!, 'test-results/nca-paper.png']);
    writeFileSync(join(dir, 'root.pem'), pki.rootPem);
    // The office's trust file as it stands now, with the head's key registered: what a bank would be given.
    await actAs(a, people.admin, 'admin');
    await a.getByRole('navigation').getByRole('link', { name: t.nav.keys }).click();
    const download = a.waitForEvent('download');
    await a.getByRole('button', { name: t.keys.exportTrust }).click();
    const trust = (await (await download).path())!;
    const lines: string[] = [];
    expect(await verify([pdf, '--trust', trust, '--nca-roots', join(dir, 'root.pem')], (l) => lines.push(l)), lines.join('\n')).toBe(0);
    expect(lines).toContain('VALID');
    expect(lines.some((l) => l.startsWith('NCA RK VALID'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Through the hub, which admits it by the same rules, to the office PC, which checks it again.
  await syncNow(b);
  await expect(b.getByRole('heading', { name: t.sync.conflicts.replace('{{count}}', '0') })).toBeVisible();
  await syncNow(a);
  await actAs(a, people.clerk, 'clerk');
  await openFromWorklist(a, t.nav.toHandOver, number);
  await expect(a.getByTestId('nca-verdict')).toHaveText(t.nca.valid);
  await a.screenshot({ path: 'test-results/nca-other-device.png', fullPage: true });
  await handOver(a, number);
  expect(existsSync(ROOTS_FILE)).toBe(true);
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});
