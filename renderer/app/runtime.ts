import { calendarSchema, parseCatalog, workingCalendar, type PlatformBridge } from '../../shared';
import { browserPlatform } from '../platform/browser';
import calendarData from '../../resources/calendar/kz.json';
import { KenseDb } from '../store/db';
import type { OfficeData } from '../store/commands';

declare global {
  interface Window {
    /** Set by electron/preload.ts on the desktop. */
    kense?: PlatformBridge;
  }
}

export const platform: PlatformBridge = window.kense ?? browserPlatform;
export const db = new KenseDb();

/** The catalog and calendar that ship in resources/; a wrong file stops start-up with its name and path. */
export function loadOfficeData(): OfficeData {
  const files = import.meta.glob('../../resources/services/*.json', { eager: true, import: 'default' });
  const named = Object.fromEntries(Object.entries(files).map(([path, data]) => [path.replace(/^.*\//, ''), data]));
  return { catalog: parseCatalog(named), calendar: workingCalendar(calendarSchema.parse(calendarData)) };
}
