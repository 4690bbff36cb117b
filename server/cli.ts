/**
 * The `kense` command line. Each subcommand is a pure function of its arguments and an
 * output stream, so tests run it in-process.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  calendarSchema,
  CatalogError,
  formatDateTime,
  isLocalDate,
  localDateOf,
  parseCatalog,
  parseService,
  planSteps,
  termDueAt,
  workingCalendar,
  type Duration,
  type Service,
} from '../shared';

const RESOURCES = new URL('../resources/', import.meta.url).pathname;
const DEFAULT_SERVICES = join(RESOURCES, 'services');
/** Kazakhstan's offset; the CLI has no office to ask. */
const OFFSET_MINUTES = 300;

const HELP = `kense — offline-first state services for district education offices

Usage:
  kense catalog check [dir]
        checks every service file in dir (default: resources/services), prints each service
        with its steps and term; exits 1 naming the file, the path in it and the problem
  kense term <service-id> --accepted YYYY-MM-DD [--catalog dir]
        each step's due time for an application accepted that day at 10:00, then
        "due: YYYY-MM-DD", the date promised to the applicant
  kense --help        this text
  kense --version     the version of Kense

The desktop app: npm start. The same app in a browser: npm run web.`;

type Out = (line: string) => void;

export function kense(args: readonly string[], out: Out): number {
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

/** A directory's *.json files, parsed; a file that is not JSON is a CatalogError like a wrong one. */
function readCatalogFiles(dir: string): { files: Record<string, unknown>; errors: CatalogError[] } {
  const files: Record<string, unknown> = {};
  const errors: CatalogError[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    try {
      files[file] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    } catch (e) {
      errors.push(new CatalogError(file, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }]));
    }
  }
  return { files, errors };
}

/** The catalog of a directory, or every problem in it. */
function loadCatalog(dir: string): Map<string, Service> | CatalogError[] {
  const { files, errors } = readCatalogFiles(dir);
  // Every file is checked, so one run names every wrong file.
  for (const [file, data] of Object.entries(files)) {
    try {
      parseService(file, data);
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length) return errors.sort((x, y) => x.file.localeCompare(y.file));
  try {
    return parseCatalog(files);
  } catch (e) {
    if (e instanceof CatalogError) return [e];
    throw e;
  }
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

function option(args: readonly string[], name: string): string | undefined {
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
  const calendar = workingCalendar(calendarSchema.parse(JSON.parse(readFileSync(join(RESOURCES, 'calendar/kz.json'), 'utf8'))));
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
