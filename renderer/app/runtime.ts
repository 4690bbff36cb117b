import { calendarSchema, fromBase64, parseCatalog, type CalendarData, type PlatformBridge } from '../../shared';
import { browserPlatform } from '../platform/browser';
import calendarData from '../../resources/calendar/kz.json';
import type { Transaction } from 'dexie';
import { KenseDb } from '../store/db';
import { safetyCopyLine } from '../store/safetyCopy';
import { trustNcaRoots } from '../store/ncaTrust';

declare global {
  interface Window {
    /** Set by electron/preload.ts on the desktop. */
    kense?: PlatformBridge;
  }
}

export const platform: PlatformBridge = window.kense ?? browserPlatform;
export const db = new KenseDb();

// The safety copy: each event, once its transaction has committed, also goes sealed to a file
// beside the database; a transaction's lines go in few appends, each well within what the
// desktop's main process takes in one (electron/security.ts MAX_FILE_BYTES).
const COPY_CHUNK = 1_000;
const copyLines = new WeakMap<Transaction, string[]>();
db.events.hook('creating', (_key, event, transaction) => {
  let lines = copyLines.get(transaction);
  if (!lines) {
    const held: string[] = (lines = []);
    copyLines.set(transaction, held);
    transaction.on('complete', () => {
      for (let i = 0; i < held.length; i += COPY_CHUNK) void platform.appendEventLog(held.slice(i, i + COPY_CHUNK).join(''));
    });
  }
  lines.push(safetyCopyLine(db.officeKey!, event));
});

/** The catalog files and the calendar that ship in resources/. */
export interface ShippedData {
  services: Record<string, unknown>;
  calendar: CalendarData;
}

/** Reads and checks the shipped data once; a wrong file stops start-up with its name and path. */
export function loadShippedData(): ShippedData {
  const files = import.meta.glob('../../resources/services/*.json', { eager: true, import: 'default' });
  const services = Object.fromEntries(Object.entries(files).map(([path, data]) => [path.replace(/^.*\//, ''), data]));
  parseCatalog(services);
  return { services, calendar: calendarSchema.parse(calendarData) };
}

/**
 * The NCA RK roots the build carries (trust/nca.json, from resources/trust/nca/). Without the
 * file (the dev server), none: every NCA RK signature is then refused as not from the NCA RK.
 */
export async function loadNcaRoots(): Promise<void> {
  try {
    const answer = await fetch(new URL('trust/nca.json', document.baseURI));
    const roots = answer.ok ? ((await answer.json()) as unknown) : [];
    trustNcaRoots(Array.isArray(roots) ? roots.filter((r): r is string => typeof r === 'string').map(fromBase64) : []);
  } catch {
    trustNcaRoots([]);
  }
}
