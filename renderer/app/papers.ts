import regularUrl from '../../resources/fonts/DejaVuSerif.ttf?url';
import boldUrl from '../../resources/fonts/DejaVuSerif-Bold.ttf?url';
import metricsUrl from '../../resources/fonts/DejaVuSerif.json?url';
import { trustFileSchema, type FaceMetrics, type Paper, type PaperContext, type PaperFonts, type PaperWatch, type TrustFile } from '../../shared';
import { useDevice, useOfficeData } from './hooks';
import type { Office } from '../store/rows';

let fonts: Promise<PaperFonts> | null = null;

/** The paper faces and their metrics (data, not code: fetched, not bundled), from the app's own files once. */
function paperFonts(): Promise<PaperFonts> {
  const load = (url: string) => fetch(url).then(async (r) => new Uint8Array(await r.arrayBuffer()));
  const metrics = fetch(metricsUrl).then((r) => r.json() as Promise<Record<keyof PaperFonts, FaceMetrics>>);
  fonts ??= Promise.all([load(regularUrl), load(boldUrl), metrics]).then(([regular, bold, m]) => ({ regular: { file: regular, metrics: m.regular }, bold: { file: bold, metrics: m.bold } }));
  return fonts;
}

/** The PDF of papers. The PDF writer is loaded on the first print, not at start-up. */
export async function pdfOf(papers: readonly Paper[], watch?: PaperWatch): Promise<Uint8Array> {
  const { renderPapers } = await import('../../shared/paper/layout');
  return renderPapers(papers, await paperFonts(), watch);
}

/** The office as its papers name it, with the live catalog; null until the device row loads. */
export function usePaperContext(): PaperContext | null {
  const device = useDevice();
  const { catalog } = useOfficeData();
  return device ? paperContextOf(device.office, catalog) : null;
}

/** What the papers print of the office, and the catalog that names the services. */
export function paperContextOf({ id, code, names, offsetMinutes }: Office, catalog: PaperContext['catalog']): PaperContext {
  return { office: { id, code, names }, offsetMinutes, catalog };
}

/** The trust files that ship in resources/trust/ (its README says how an office gets there). */
export const SHIPPED_TRUST: TrustFile[] = Object.values(import.meta.glob('../../resources/trust/*.json', { eager: true, import: 'default' })).map((f) => trustFileSchema.parse(f));
