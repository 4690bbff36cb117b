/**
 * `npm run bench -- [--cases N] [--json FILE] [--sync-events N] [--seed N] [--runs N] [--built] [--chromium-features F] [--profile]`: Kense's figures with a
 * district's years of cases, measured in Debian's Chromium on the built renderer and against a
 * real hub (PostgreSQL where it is installed, else PGlite), each beside its physical reference.
 * `npm run bench -- --offices N [--office-events M] [--json FILE]` instead: N offices syncing at
 * once through one hub process and through two (bench/offices.ts), without Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { openPglite, openPostgres, type Sql } from '../server/hubDb';
import { startSyncServer } from '../server/syncServer';
import { startPostgres } from '../test/sim/postgres';
import { openProfile } from './browser';
import { profileHere, profilePage } from './profile';
import { javascriptSize, JS_GOALS } from './size';

import { kk as t } from '../renderer/i18n/kk';

declare global {
  interface Window {
    /** bench/page.ts */
    bench: Record<string, (...args: never[]) => Promise<unknown>>;
  }
}

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const CASES = Number(option('cases', '100000'));
const SYNC_EVENTS = Number(option('sync-events', '20000'));
const SEED = Number(option('seed', '2026'));
const RUNS = Number(option('runs', '31'));
const JSON_OUT = option('json', '');
/** Chromium features to turn on, to compare a storage engine (e.g. IdbSqliteBackingStore). */
const FEATURES = option('chromium-features', '');
/** Profiles the push (device and hub) and the pull, and prints where their time goes. */
const PROFILE = args.includes('--profile');
/** N offices at once through one and two hub processes, instead of the rest; M events each per push. */
const OFFICES = Number(option('offices', '0'));
const OFFICE_EVENTS = Number(option('office-events', '100'));
/** The renderer is built already (npm test builds it before the browser suite). */
const BUILT = args.includes('--built');
const PASSWORD = 'bench құпия сөзі';
const root = resolve(import.meta.dirname, '..');
const config = join(root, 'renderer/vite.config.ts');

const GOALS: Record<string, { goal: number; better: 'lower' | 'higher'; unit: string }> = {
  /** For 100,000 cases; a shorter run's figure is for its own number of cases. */
  training_office_s: { goal: 120, better: 'lower', unit: 's' },
  audit_check_events_per_s: { goal: 50000, better: 'higher', unit: 'events/s' },
  cold_start_ms: { goal: 1500, better: 'lower', unit: 'ms' },
  worklist_ms_p50: { goal: 30, better: 'lower', unit: 'ms' },
  search_iin_ms_p50: { goal: 10, better: 'lower', unit: 'ms' },
  search_name_ms_p50: { goal: 50, better: 'lower', unit: 'ms' },
  intake_commit_ms_p50: { goal: 15, better: 'lower', unit: 'ms' },
  pdf_certificate_ms_p50: { goal: 100, better: 'lower', unit: 'ms' },
  sync_ingest_events_per_s: { goal: 5000, better: 'higher', unit: 'events/s' },
  sync_pull_events_per_s: { goal: 10000, better: 'higher', unit: 'events/s' },
  ...JS_GOALS,
  renderer_heap_mb: { goal: 200, better: 'lower', unit: 'MB' },
};

const log = (line: string) => console.log(`[bench] ${line}`);

/** The physical reference for ingest: single-row INSERTs of event-sized rows, in one transaction, into the hub's own database. */
async function rawInserts(sql: Sql, rows: number): Promise<number> {
  await sql.query('create table if not exists bench_raw (id integer primary key, body jsonb)');
  await sql.query('truncate bench_raw');
  const body = JSON.stringify({ text: 'ж'.repeat(700) });
  const start = performance.now();
  await sql.transaction(async (tx) => {
    for (let i = 0; i < rows; i++) await tx.query('insert into bench_raw (id, body) values ($1, $2)', [i, body]);
  });
  const perS = rows / ((performance.now() - start) / 1000);
  await sql.query('drop table bench_raw');
  return perS;
}

async function benchPage(page: Page, url: string) {
  page.on('console', (m) => m.type() !== 'debug' && log(m.text()));
  await page.goto(`${url}bench/index.html`);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
}

/** Prints the figures, each beside its goal, and writes them to the --json file. */
function report(figures: Record<string, number | string>) {
  for (const [k, v] of Object.entries(figures)) if (typeof v === 'number') figures[k] = round(v);
  console.log('\nfigure                          value        goal    met');
  for (const [name, value] of Object.entries(figures)) {
    const goal = GOALS[name];
    const met = goal && typeof value === 'number' ? ((goal.better === 'lower' ? value <= goal.goal : value >= goal.goal) ? 'yes' : 'NO') : '';
    console.log(`${name.padEnd(32)}${String(value).padStart(10)}  ${goal ? `${goal.better === 'lower' ? '≤' : '≥'} ${goal.goal}`.padStart(9) : ''.padStart(9)}    ${met}`);
  }
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(figures, null, 2)}\n`);
}

const machine = () => `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/** --offices: the hub's scaling out, alone; its devices run in Node, so no browser is needed. */
async function offices() {
  const { officesBench } = await import('./offices');
  log(`${OFFICES} offices, ${OFFICE_EVENTS} events each per push, through one and then two hub processes`);
  const figures = await officesBench(OFFICES, OFFICE_EVENTS, log);
  report({ ...figures, machine: machine(), date: new Date().toISOString().slice(0, 10) });
}

async function main() {
  log(`building ${BUILT ? '' : 'the renderer and '}the bench page`);
  if (!BUILT) await build({ configFile: config, logLevel: 'warn' });
  // Unminified under --profile, so the profile names the store's functions.
  await build({ configFile: config, root: join(root, 'bench'), logLevel: 'warn', build: { outDir: join(root, 'dist/renderer/bench'), emptyOutDir: true, minify: !PROFILE } });
  const server = await preview({ configFile: config, logLevel: 'warn', preview: { port: 4390, host: '127.0.0.1', strictPort: false } });
  const url = server.resolvedUrls!.local[0]!;

  let postgres: Awaited<ReturnType<typeof startPostgres>> | null = null;
  try {
    postgres = await startPostgres();
  } catch {
    log('PostgreSQL is not installed: the hub runs on PGlite');
  }
  const hubDir = mkdtempSync(join(tmpdir(), 'kense-bench-hub-'));
  const hub = await startSyncServer({ port: 0, host: '127.0.0.1', data: hubDir, ...(postgres ? { database: postgres.url } : {}) });
  const profiles = mkdtempSync(join(tmpdir(), 'kense-bench-profiles-'));
  const device = (name: string) => openProfile(join(profiles, name), FEATURES);
  const office = await device('office');
  const laptopDevice = await device('laptop');
  const figures: Record<string, number | string> = {};
  const cpuProfiles: [string, string[]][] = [];
  type Moved = { events: number; ms: number };
  /** A sync step, profiled when asked in the device's page and in this process, where the hub runs. */
  const timedStep = async <T extends Moved>(what: string, page: Page, work: () => Promise<T>): Promise<T> => {
    if (!PROFILE) return work();
    const device = await profilePage(await page.context().newCDPSession(page), () => profileHere(work));
    cpuProfiles.push([`${what}, the device`, device.top], [`${what}, the hub`, device.result.top]);
    return device.result.result;
  };
  try {
    const page = await office.newPage();
    await benchPage(page, url);
    log(`making a training office of ${CASES} cases (seed ${SEED})`);
    const trained = await page.evaluate(([cases, seed, password]) => window.bench.train!(cases as never, seed as never, password as never), [CASES, SEED, PASSWORD] as const);
    log(`training_office_s for ${CASES} cases: ${Math.round((trained as { ms: number }).ms / 1000)} s: ${JSON.stringify(trained)}`);
    figures.cases = (trained as { cases: number }).cases;
    figures.events = (trained as { events: number }).events;
    figures.training_office_s = (trained as { ms: number }).ms / 1000;

    log("the audit's check of every chain");
    const audited = await timedStep("the audit's check", page, async () => (await page.evaluate(() => window.bench.checkChains!())) as Moved & { intact: boolean });
    if (!audited.intact) throw new Error('the training office chains are not intact');
    figures.audit_check_events_per_s = Math.round(audited.events / (audited.ms / 1000));

    log('measuring the store');
    const m = (await page.evaluate((runs) => window.bench.measure!(runs as never), RUNS)) as Record<string, number | string>;
    Object.assign(figures, {
      worklist_ms_p50: m.worklistMs,
      search_iin_ms_p50: m.searchIinMs,
      search_name_ms_p50: m.searchNameMs,
      intake_commit_ms_p50: m.intakeMs,
      pdf_certificate_ms_p50: m.pdfMs,
      ...Object.fromEntries(Object.entries(m.worklists as unknown as Record<string, number>).map(([name, ms]) => [`worklist_${name}_ms_p50`, ms])),
      list_overdue_ms_p50: m.overdueMs,
      menu_counts_ms_p50: m.countsMs,
      ref_idb_puts_per_s: m.rawPutsPerS,
      ref_bare_pdf_ms_p50: m.barePdfMs,
    });

    log('cold start: the built app to its sign-in screen, then sign-in to the worklist');
    const app = await office.newPage();
    const opened = Date.now();
    await app.goto(url);
    await app.getByLabel(t.signIn.person, { exact: true }).waitFor();
    const toSignIn = Date.now() - opened;
    await app.getByLabel(t.signIn.person, { exact: true }).selectOption({ label: m.head as string });
    await app.getByLabel(t.signIn.password, { exact: true }).fill(PASSWORD);
    const submitted = Date.now();
    await app.getByRole('button', { name: t.signIn.submit }).click();
    // The head's first worklist: its rows, or the word that it is empty.
    await app.locator('table.list tbody tr, main .empty').first().waitFor();
    const toWorklist = Date.now() - submitted;
    figures.cold_start_ms = Math.max(toSignIn, toWorklist);
    figures.cold_start_sign_in_screen_ms = toSignIn;
    figures.cold_start_worklist_ms = toWorklist;
    // The heap after the worklist, all cases and a search: what the app holds with the whole store behind it.
    await app.goto(`${url}#/cases`);
    await app.locator('table.list tbody tr').first().waitFor();
    await app.locator('input[type=search]').fill(String(m.certificate));
    await app.locator('input[type=search]').press('Enter');
    await app.locator('table.list tbody tr').first().waitFor();
    const cdp = await office.newCDPSession(app);
    await cdp.send('HeapProfiler.collectGarbage');
    figures.renderer_heap_mb = Math.round(((await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024) * 10) / 10;
    // Signed in, the app syncs by itself every few seconds once the hub is connected: its requests would race the bench's for the device's nonces (sync.replay).
    await app.close();

    log(`sync: pushing ${SYNC_EVENTS} events to the hub on ${hub.store}, then a new device pulls them`);
    writeFileSync(join(hub.trust, 'bench.json'), JSON.stringify(await page.evaluate(() => window.bench.trust!())));
    await page.evaluate(([hubUrl, print]) => window.bench.connect!(hubUrl as never, print as never), [hub.url, hub.fingerprint] as const);
    const pushed = await timedStep('push', page, () => page.evaluate(([hubUrl, enough]) => window.bench.push!(hubUrl as never, enough as never), [hub.url, SYNC_EVENTS] as const) as Promise<Moved>);
    figures.sync_ingest_events_per_s = Math.round(pushed.events / (pushed.ms / 1000));
    figures.sync_hub = postgres ? 'PostgreSQL' : 'PGlite';
    const laptop = await laptopDevice.newPage();
    await benchPage(laptop, url);
    await laptop.evaluate((hubUrl) => window.bench.requestJoin!(hubUrl as never), hub.url);
    await page.evaluate((hubUrl) => window.bench.approveJoin!(hubUrl as never), hub.url);
    const pulled = await timedStep('pull', laptop, () =>
      laptop.evaluate(([hubUrl, password, enough]) => window.bench.pull!(hubUrl as never, password as never, enough as never), [hub.url, PASSWORD, SYNC_EVENTS] as const) as Promise<Moved>,
    );
    figures.sync_pull_events_per_s = Math.round(pulled.events / (pulled.ms / 1000));
    figures.sync_events_measured = Math.min(pushed.events, pulled.events);
    const sql = postgres ? await openPostgres(postgres.url) : await openPglite(join(hubDir, 'raw'));
    figures.ref_db_inserts_per_s = Math.round(await rawInserts(sql, 5_000));
    await sql.close();
  } finally {
    await office.close();
    await laptopDevice.close();
    rmSync(profiles, { recursive: true, force: true });
    await hub.close();
    postgres?.stop();
    await server.close();
    rmSync(hubDir, { recursive: true, force: true });
  }

  const js = javascriptSize(join(root, 'dist/renderer'));
  figures.renderer_js_gzip_kb = Math.round(js.totalKb);
  figures.renderer_js_start_gzip_kb = Math.round(js.startKb);
  const n = (k: string) => Number(figures[k]);
  Object.assign(figures, {
    ratio_intake_to_idb_put: round(n('intake_commit_ms_p50') / (1000 / n('ref_idb_puts_per_s'))),
    ratio_pdf_to_bare_page: round(n('pdf_certificate_ms_p50') / n('ref_bare_pdf_ms_p50')),
    ratio_ingest_to_db_inserts: round(n('sync_ingest_events_per_s') / n('ref_db_inserts_per_s')),
    ratio_pull_to_idb_puts: round(n('sync_pull_events_per_s') / n('ref_idb_puts_per_s')),
    machine: `${machine()}, ${await chromiumVersion()}`,
    date: new Date().toISOString().slice(0, 10),
  });
  report(figures);
  for (const [what, top] of cpuProfiles) console.log(`\nwhere the time goes: ${what} (share of CPU samples; idle is waiting)\n${top.join('\n')}`);
}

const round = (x: number) => Math.round(x * 100) / 100;

async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const version = `Chromium ${browser.version()}`;
  await browser.close();
  return version;
}

(OFFICES ? offices() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
