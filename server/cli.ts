/**
 * The `kense` command line. Each subcommand is a pure function of its arguments and an
 * output stream, so tests run it in-process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogError, formatDateTime, isLocalDate, localDateOf, planSteps, termDueAt, type Duration, type Service } from '../shared';
import { runDemo } from './demo';
import { DEFAULT_SERVICES, loadCatalog, OFFSET_MINUTES, shippedCalendar } from './resources';
import { startSyncServer } from './syncServer';
import { verify, type Out } from './verify';

/** Where `npm start` serves the app when Electron is not there: a profile's store belongs to an origin. */
const DEMO_URL = 'http://localhost:4317/';
const DEMO_PASSWORD = 'kense-demo-2026';

const HELP = `kense — offline-first state services for district education offices

Usage:
  kense catalog check [dir]
        checks every service file in dir (default: resources/services), prints each service
        with its steps and term; exits 1 naming the file, the path in it and the problem
  kense term <service-id> --accepted YYYY-MM-DD [--catalog dir]
        each step's due time for an application accepted that day at 10:00, then
        "due: YYYY-MM-DD", the date promised to the applicant
  kense verify <file.pdf | image.png | image.jpg | seal text> [--trust file]... [--nca-roots file.pem]
        checks a printed result's seal against the trusted offices (resources/trust/ and
        each --trust file); prints what the document certifies, then VALID, or INVALID
        and why. A PDF with an NCA RK signature: that too, against the NCA RK roots
        (resources/trust/nca/, or --nca-roots instead). Exits 0 only when all are valid
  kense demo --out DIR
        a training office with its keys: one case of each service through the whole flow,
        a refusal, a return to the centre; writes every paper as PDF, trust.json and the
        event log (events.jsonl) into DIR
  kense demo --cases N --profile DIR [--password P] [--url URL]
        a training office of N cases (up to 1,000,000) over five years, every service and
        stage, made by the app's own training screen in Debian's Chromium into a new browser
        profile DIR: the app's store, for the origin URL (default ${DEMO_URL}). From a
        checkout with the app built (npm run build:renderer)
  kense sync-server [--port N] [--host ADDR] [--database postgres://…] [--data DIR] [--restored]
                    [--notify-file FILE | --notify-webhook URL] [--cert FILE --key FILE] [--http]
        the office's sync hub (default port 8470 on all interfaces, data in ./kense-hub).
        It serves HTTPS with its own certificate, made at the first start in DIR/tls/ (keep
        that folder: devices pin its key), or with the P-256 certificate and key given, and
        prints its fingerprint for the administrator. --http serves plain HTTP, on loopback only.
        Without --database it stores in embedded PGlite under DIR/db; with one, in
        PostgreSQL (the same SQL; migrations run at start). An office is accepted once its
        trust file (Signing keys → Save the trust file) is in DIR/trust/. --restored after
        restoring the database from a backup: devices then push again what it lost.
        Messages to applicants (each status change) go to FILE as JSON lines, or are POSTed
        as JSON to URL (an SMS gateway); with neither they stay queued, shown on the Sync screen
  kense --help        this text
  kense --version     the version of Kense

The desktop app: npm start. The same app in a browser: npm run web.`;


/**
 * `kense demo --cases`: a training office loaded into a browser profile, by the app itself in
 * Chromium (bench/demoStore.ts). A tool of a checkout, so the entry point (bin/kense.js) passes it
 * in and the hub's side never reaches the renderer.
 */
export type DemoStore = (o: { cases: number; profile: string; url: string; password: string }, out: Out) => Promise<number>;

export async function kense(args: readonly string[], out: Out, demoStore?: DemoStore): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    out(HELP);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    out(pkg.version);
    return 0;
  }
  if (first === 'catalog' && rest[0] === 'check') return catalogCheck(rest[1] ?? DEFAULT_SERVICES, out);
  if (first === 'term') return term(rest, out);
  if (first === 'verify') return verify(rest, out);
  if (first === 'demo') return demo(rest, out, demoStore);
  if (first === 'sync-server') return syncServer(rest, out);
  out(`kense: unknown command "${args.join(' ')}". See kense --help.`);
  return 2;
}

const UNITS: Record<Duration['unit'], string> = { minutes: 'minutes', workingDays: 'working days', calendarDays: 'calendar days', months: 'months' };

function describeDuration(d: Duration): string {
  return `${d.amount} ${d.amount === 1 ? UNITS[d.unit].replace(/s$/, '') : UNITS[d.unit]}`;
}

function describeTerm(service: Service): string {
  const counted = service.term.acceptanceDayCounts ? 'acceptance day counted' : 'acceptance day not counted';
  return service.term.duration ? `${describeDuration(service.term.duration)}, ${counted}` : `the sum of the steps, ${counted}`;
}

function catalogCheck(dir: string, out: Out): number {
  let catalog: ReturnType<typeof loadCatalog>;
  try {
    catalog = loadCatalog(dir);
  } catch (e) {
    out(`kense: cannot read ${dir}: ${(e as Error).message}`);
    return 1;
  }
  if (Array.isArray(catalog)) return reportCatalogError(catalog, out);
  if (catalog.size === 0) {
    out(`kense: ${dir} has no service files (*.json)`);
    return 1;
  }
  for (const service of catalog.values()) {
    out(`${service.id} (version ${service.version}) — ${service.names.en}`);
    for (const step of service.steps) out(`  ${step.id.padEnd(10)} ${step.role.padEnd(10)} ${describeDuration(step.duration).padEnd(18)} ${step.stages.join(', ')}`);
    out(`  term: ${describeTerm(service)}`);
  }
  out(`${catalog.size} services, all valid.`);
  return 0;
}

function reportCatalogError(errors: CatalogError[], out: Out): number {
  for (const error of errors) for (const p of error.problems) out(`${error.file}: ${p.path || '(top)'}: ${p.message}`);
  return 1;
}

export function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function term(args: readonly string[], out: Out): number {
  const serviceId = args[0];
  const accepted = option(args, '--accepted');
  if (!serviceId || serviceId.startsWith('--') || !accepted) {
    out('usage: kense term <service-id> --accepted YYYY-MM-DD [--catalog dir]');
    return 2;
  }
  if (!isLocalDate(accepted)) {
    out(`kense: "${accepted}" is not a date; write YYYY-MM-DD`);
    return 2;
  }
  const catalog = loadCatalog(option(args, '--catalog') ?? DEFAULT_SERVICES);
  if (Array.isArray(catalog)) return reportCatalogError(catalog, out);
  const service = catalog.get(serviceId);
  if (!service) {
    out(`kense: no service "${serviceId}"; the catalog has ${[...catalog.keys()].join(', ')}`);
    return 1;
  }
  const calendar = shippedCalendar();
  // 10:00 in the office: an application taken during the working day.
  const registeredAt = new Date(Date.parse(`${accepted}T10:00:00Z`) - OFFSET_MINUTES * 60_000).toISOString();
  const plan = planSteps(service, registeredAt, calendar, OFFSET_MINUTES);
  out(`${service.id} — ${service.names.en}; accepted ${accepted} 10:00; term: ${describeTerm(service)}`);
  plan.forEach((p, i) => {
    const step = service.steps[i]!;
    out(`  ${step.id.padEnd(10)} ${describeDuration(step.duration).padEnd(18)} due ${formatDateTime(p.dueAt, OFFSET_MINUTES)}`);
  });
  out(`due: ${localDateOf(termDueAt(service, registeredAt, plan, calendar, OFFSET_MINUTES), OFFSET_MINUTES)}`);
  return 0;
}

const DEMO_USAGE = 'usage: kense demo --out DIR, or kense demo --cases N --profile DIR [--password P] [--url URL]';

async function demo(args: readonly string[], out: Out, demoStore?: DemoStore): Promise<number> {
  if (args.includes('--cases')) return demoStoreOf(args, out, demoStore);
  const dir = option(args, '--out');
  if (!dir) {
    out(DEMO_USAGE);
    return 2;
  }
  if (existsSync(dir) && !existsSync(resolve(dir, 'trust.json')) && readdirSync(dir).length) {
    out(`kense: ${dir} is not empty and holds no earlier demo; choose an empty or new directory`);
    return 1;
  }
  const catalog = loadCatalog();
  if (Array.isArray(catalog)) return reportCatalogError(catalog, out);
  const { files } = await runDemo(dir, catalog, shippedCalendar());
  for (const file of files) out(`  ${file}`);
  out(`${files.length} files written to ${dir}. Verify one: kense verify ${dir}/result-guardianship-certificate.pdf --trust ${dir}/trust.json`);
  return 0;
}

async function demoStoreOf(args: readonly string[], out: Out, demoStore?: DemoStore): Promise<number> {
  const cases = Number(option(args, '--cases'));
  const profile = option(args, '--profile');
  const url = option(args, '--url') ?? DEMO_URL;
  // The count's upper bound is the app's to refuse, in its words.
  if (!Number.isInteger(cases) || cases < 1 || !profile || !URL.canParse(url)) {
    out(DEMO_USAGE);
    return 2;
  }
  if (!demoStore) {
    out('kense: demo --cases needs a checkout of Kense with its development packages (npm ci)');
    return 2;
  }
  return demoStore({ cases, profile: resolve(profile), url, password: option(args, '--password') ?? DEMO_PASSWORD }, out);
}

/** Runs the hub until the process is told to stop. */
async function syncServer(args: readonly string[], out: Out): Promise<number> {
  const port = Number(option(args, '--port') ?? 8470);
  const file = option(args, '--notify-file');
  const webhook = option(args, '--notify-webhook');
  const cert = option(args, '--cert');
  const key = option(args, '--key');
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (file && webhook) || !cert !== !key) {
    out('usage: kense sync-server [--port N] [--host ADDR] [--database postgres://…] [--data DIR] [--restored] [--notify-file FILE | --notify-webhook URL] [--cert FILE --key FILE] [--http]');
    return 2;
  }
  if (webhook && !/^https?:\/\/./.test(webhook)) {
    out(`kense: "${webhook}" is not an address; write http(s)://…`);
    return 2;
  }
  const hub = await startSyncServer({
    ...(file ? { notify: { file } } : webhook ? { notify: { webhook } } : {}),
    port,
    host: option(args, '--host') ?? '0.0.0.0',
    database: option(args, '--database'),
    data: option(args, '--data') ?? 'kense-hub',
    restored: args.includes('--restored'),
    ...(cert && key ? { cert: { cert: resolve(cert), key: resolve(key) } } : {}),
    plainHttp: args.includes('--http'),
    log: true,
  });
  out(`kense sync hub at ${hub.url} (epoch ${hub.epoch}), storing in ${hub.store}; trust files in ${hub.trust}; messages to applicants: ${hub.notify}`);
  out(`the hub's fingerprint, which the administrator enters when connecting the office: ${hub.fingerprint}`);
  await new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await hub.close();
  return 0;
}
