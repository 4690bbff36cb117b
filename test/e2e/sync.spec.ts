import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { answerBytes, AUTH_HEADER, HUB_SIGNATURE_HEADER, toBase64Url } from '../../shared';
import { identityOf } from '../../server/hubTls';
import { startSyncServer } from '../../server/syncServer';
import { actAs, draftResult, giveVisa, handOver, officeWithACase, openFromWorklist, openWorklist, people, register, sign, stage, syncNow, t } from './flow';

let hub: Awaited<ReturnType<typeof startSyncServer>>;
let data: string;

test.beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'kense-hub-'));
  hub = await startSyncServer({ port: 0, host: '127.0.0.1', data });
});
test.afterAll(async () => {
  await hub.close();
  rmSync(data, { recursive: true, force: true });
});

test('two devices of one office: registered on the clerk’s PC, signed on the head’s laptop, handed over on the PC', async ({ browser }) => {
  test.setTimeout(180_000);
  const { a, b, pc, laptop, blocked, number } = await officeWithACase(browser, hub, 'PVL');

  // On the laptop: the visa, the specialist's draft, the head's signature.
  await giveVisa(b, number);
  await draftResult(b, number, 'guardianship-certificate');
  await sign(b, number);
  await syncNow(b);

  // Back on the PC the signed result has arrived; the clerk hands it over.
  await syncNow(a);
  await openFromWorklist(a, t.nav.toHandOver, number);
  await expect(stage(a)).toHaveText(t.stages.handover);
  await handOver(a, number);
  await syncNow(a);
  await a.screenshot({ path: 'test-results/sync-pc.png', fullPage: true });

  // And the laptop sees the case closed, with no conflicts anywhere.
  await syncNow(b);
  await expect(b.getByRole('heading', { name: t.sync.conflicts.replace('{{count}}', '0') })).toBeVisible();
  await b.screenshot({ path: 'test-results/sync-laptop.png', fullPage: true });
  await openFromWorklist(b, t.nav.allCases, number);
  await expect(stage(b)).toHaveText(t.outcomes.result);

  // The laptop is lost: the administrator revokes it on the PC, and the hub takes nothing more of it.
  await actAs(a, people.admin, 'admin');
  await a.getByRole('link', { name: t.nav.sync }).click();
  const device = a.getByRole('listitem').filter({ hasText: 'K2' });
  await device.getByRole('button', { name: t.sync.revoke }).click();
  await device.getByLabel(t.sync.revokeReason).fill('Ноутбук жоғалды');
  await device.getByRole('button', { name: t.sync.revoke }).click();
  await expect(device).toContainText(t.sync.revoked.split('{{')[0]!);
  await expect(device).toContainText('Ноутбук жоғалды');
  await a.screenshot({ path: 'test-results/sync-revoked.png', fullPage: true });
  await b.getByRole('link', { name: t.nav.sync }).click();
  await b.getByRole('button', { name: t.sync.now }).click();
  await expect(b.getByText(t.errors['sync.deviceRevoked'])).toBeVisible();
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});

test('a visa given on both devices while apart: the second is refused and listed with the case as it stands', async ({ browser }) => {
  test.setTimeout(180_000);
  const { a, b, pc, laptop, blocked, number } = await officeWithACase(browser, hub, 'AKS');

  // The laptop loses the network; both heads give the visa.
  await laptop.route(`${hub.url}/**`, (route) => route.abort('internetdisconnected'));
  await giveVisa(a, number);
  await syncNow(a);
  await giveVisa(b, number, 'Мұқият қаралсын');
  await b.getByRole('link', { name: t.nav.sync }).click();
  await b.getByRole('button', { name: t.sync.now }).click();
  await expect(b.getByTestId('sync-indicator')).toContainText(t.sync.state.offline);
  // Waiting to go: the visa, beside the audit records of who signed in and opened the case.
  await expect(b.getByRole('listitem').filter({ hasText: number }).filter({ hasText: t.events['case.visaed'] })).toBeVisible();

  // Back on the network: the PC's visa stands, the laptop's is refused and shown with the case now.
  await laptop.unroute(`${hub.url}/**`);
  await syncNow(b);
  const conflict = b.getByRole('listitem').filter({ hasText: t.sync.status.rejected });
  await expect(conflict).toContainText(number);
  await expect(conflict).toContainText(t.errors['stage.wrong'].replace('{{stage}}', t.stages.review));
  await expect(conflict).toContainText(t.sync.caseNow.replace('{{stage}}', t.stages.review));
  await b.screenshot({ path: 'test-results/sync-conflict.png', fullPage: true });
  await openFromWorklist(b, t.nav.allCases, number);
  await expect(b.getByText('Қарап, заңға сәйкес шешім дайындалсын').first()).toBeVisible();
  await expect(b.getByText('Мұқият қаралсын')).toHaveCount(0);
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});

test('a laptop whose clock runs a day ahead: the header says so, its visa is held, the head lets it in', async ({ browser }) => {
  test.setTimeout(180_000);
  const { a, b, pc, laptop, blocked, number } = await officeWithACase(browser, hub, 'KRG');

  await laptop.clock.setFixedTime(Date.now() + 30 * 3_600_000);
  await giveVisa(b, number);
  await syncNow(b);
  await expect(b.getByTestId('sync-indicator')).toContainText(t.sync.clockAhead.replace('{{minutes}}', '1800'));
  const held = b.getByRole('listitem').filter({ hasText: t.sync.status.held });
  await expect(held).toContainText(number);
  await expect(held).toContainText(t.errors['sync.futureEvent'].replace('{{hours}}', '30'));
  await b.screenshot({ path: 'test-results/sync-held.png', fullPage: true });

  // On the PC the head reviews it and lets it in; the case moves on everywhere.
  await actAs(a, people.head, 'head');
  await syncNow(a);
  await a.getByRole('listitem').filter({ hasText: number }).getByRole('button', { name: t.sync.release }).click();
  await expect(a.getByRole('heading', { name: t.sync.conflicts.replace('{{count}}', '0') })).toBeVisible();
  await openFromWorklist(a, t.nav.allCases, number);
  await expect(stage(a)).toHaveText(t.stages.review);
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});

test('another hub at the address, with a certificate of its own, is refused with the reason; a page the hub itself alters has the entry kept apart with its reason; the genuine one comes once all is honest', async ({ browser }) => {
  test.setTimeout(180_000);
  const { a, b, pc, laptop, blocked } = await officeWithACase(browser, hub, 'EKB');
  const second = await register(a);
  await syncNow(a);
  const identity = await identityOf(readFileSync(join(data, 'tls', 'cert.pem'), 'utf8'), readFileSync(join(data, 'tls', 'key.pem'), 'utf8'));

  // Another hub, with a certificate of its own, answers at the hub's address: the laptop takes none of it.
  const otherData = mkdtempSync(join(tmpdir(), 'kense-other-hub-'));
  const other = await startSyncServer({ port: 0, host: '127.0.0.1', data: otherData });
  await laptop.route(`${hub.url}/**`, (route) => route.continue({ url: route.request().url().replace(hub.url, other.url) }));
  await actAs(b, people.clerk, 'clerk');
  await b.getByRole('link', { name: t.nav.sync }).click();
  await b.getByRole('button', { name: t.sync.now }).click();
  await expect(b.getByText(t.errors['sync.hubNotPinned'].split('(')[0]!.trim())).toBeVisible();
  await expect(b.getByRole('heading', { name: t.sync.conflicts.replace('{{count}}', '0') })).toBeVisible();
  await b.screenshot({ path: 'test-results/sync-not-the-hub.png', fullPage: true });
  await laptop.unroute(`${hub.url}/**`);
  await other.close();
  rmSync(otherData, { recursive: true, force: true });

  // The hub itself renames the new applicant in every pull page, signed with its own key, as a hub
  // that lies could: the device's rules keep the registration apart as changed, and what its device wrote after it waits for it.
  await laptop.route(`${hub.url}/pull`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const entry of body.entries) if (entry.event?.type === 'case.registered') entry.event.payload.applicant.name = 'Бөтен Адам';
    const call = { method: 'POST', path: '/pull', auth: route.request().headers()[AUTH_HEADER] };
    const signature = toBase64Url(await identity.signer.sign(answerBytes(call, response.status(), body)));
    await route.fulfill({ response, json: body, headers: { ...response.headers(), [HUB_SIGNATURE_HEADER]: signature } });
  });
  await syncNow(b);
  const apart = b.getByRole('listitem').filter({ hasText: t.sync.status.refused });
  await expect(apart.filter({ hasText: second })).toContainText(t.errors['sync.notChained'].split('{{')[0]!);
  await expect(apart.filter({ hasText: t.errors['sync.chainGap'].split('{{')[0]! }).first()).toBeVisible();
  await b.screenshot({ path: 'test-results/sync-kept-apart.png', fullPage: true });
  await openWorklist(b, t.nav.allCases);
  await expect(b.getByRole('link', { name: second })).toHaveCount(0);
  await expect(b.getByText('Бөтен Адам')).toHaveCount(0);

  // All is honest again: the next sync takes the genuine entry, and nothing is kept apart.
  await laptop.unroute(`${hub.url}/pull`);
  await syncNow(b);
  await expect(b.getByRole('heading', { name: t.sync.conflicts.replace('{{count}}', '0') })).toBeVisible();
  await openFromWorklist(b, t.nav.allCases, second);
  await expect(b.getByText('Бөтен Адам')).toHaveCount(0);
  expect(blocked.flat()).toEqual([]);
  await Promise.all([pc.close(), laptop.close()]);
});
