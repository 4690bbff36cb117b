/** What ships in resources/, read from disk for the command line. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readCertificates } from '../shared/nca';
import { join } from 'node:path';
import { calendarSchema, CatalogError, notJson, parseCatalog, parseService, trustFileSchema, workingCalendar, type FaceMetrics, type PaperFonts, type Service, type TrustFile } from '../shared';

export const RESOURCES = new URL('../resources/', import.meta.url).pathname;
export const DEFAULT_SERVICES = join(RESOURCES, 'services');
/** Kazakhstan's offset (UTC+5 throughout since 2024); the command line has no office to ask. */
export const OFFSET_MINUTES = 300;

/** A directory's *.json files, parsed; a file that is not JSON is a CatalogError like a wrong one. */
function readCatalogFiles(dir: string): { files: Record<string, unknown>; errors: CatalogError[] } {
  const files: Record<string, unknown> = {};
  const errors: CatalogError[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    try {
      files[file] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    } catch (e) {
      errors.push(notJson(file, e));
    }
  }
  return { files, errors };
}

/** The catalog of a directory, or every problem in it. */
export function loadCatalog(dir = DEFAULT_SERVICES): Map<string, Service> | CatalogError[] {
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

export function shippedCalendar() {
  return workingCalendar(calendarSchema.parse(JSON.parse(readFileSync(join(RESOURCES, 'calendar/kz.json'), 'utf8'))));
}

/** The paper faces subset ahead of time (`npm run fonts`). */
export function paperFonts(): PaperFonts {
  const metrics = JSON.parse(readFileSync(join(RESOURCES, 'fonts/DejaVuSerif.json'), 'utf8')) as Record<keyof PaperFonts, FaceMetrics>;
  return {
    regular: { file: readFileSync(join(RESOURCES, 'fonts/DejaVuSerif.ttf')), metrics: metrics.regular },
    bold: { file: readFileSync(join(RESOURCES, 'fonts/DejaVuSerif-Bold.ttf')), metrics: metrics.bold },
  };
}

/** The NCA RK root certificates (DER) in a folder's *.pem files; none where there is no folder. */
export function ncaRootsIn(dir: string): Uint8Array[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pem'))
    .sort()
    .flatMap((f) => readCertificates(readFileSync(join(dir, f), 'utf8')));
}

/** The NCA RK roots that ship in resources/trust/nca/ (its README says where they come from). */
export const NCA_ROOTS_DIR = join(RESOURCES, 'trust/nca');

/** The trust files that ship in resources/trust/ (see its README): offices every install trusts. */
export function shippedTrust(): TrustFile[] {
  const dir = join(RESOURCES, 'trust');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => trustFileSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}
