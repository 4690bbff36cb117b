import Dexie from 'dexie';
import {
  DomainError,
  isLocalDate,
  parseCatalog,
  parseService,
  parseServiceText,
  resolutionList,
  withCalendarEdits,
  withOfficeTerms,
  workingCalendar,
  type Actor,
  type CalendarData,
  type CalendarEdit,
  officeHoursSchema,
  type OfficeEventBody,
  type OfficeHours,
  type OfficeTerms,
  type Retention,
  type Service,
} from '../../shared';
import { checkOnDevice, OFFICE_RECORD_TABLES, recordOfficeEvent, type OfficeData } from './commands';
import type { KenseDb } from './db';
import type { CalendarEditRow, ImportedServiceRow, OfficeHoursRow, OfficeTermsRow } from './rows';

/**
 * The office's data: the shipped catalog with the services an administrator added (a newer
 * version of a shipped service replaces it), the office's own terms over both, and the
 * calendar with the administrator's edits.
 */
export function officeData(
  shipped: Record<string, unknown>,
  calendar: CalendarData,
  rows: { services: readonly ImportedServiceRow[]; terms: readonly OfficeTermsRow[]; edits: readonly CalendarEditRow[]; hours?: OfficeHoursRow },
): OfficeData {
  const base = parseCatalog(shipped);
  const catalog = new Map(base);
  for (const row of rows.services) {
    const service = parseService(row.file, row.data);
    catalog.set(row.id, row.withdrawn ? { ...service, withdrawn: { reason: row.withdrawn.reason, at: row.withdrawn.at } } : service);
  }
  for (const terms of rows.terms) {
    const service = catalog.get(terms.serviceId);
    if (service) catalog.set(service.id, withOfficeTerms(service, terms));
  }
  const edits = [...rows.edits].sort((a, b) => a.at.localeCompare(b.at));
  const hours = rows.hours && { opens: rows.hours.opens, closes: rows.hours.closes, lunch: rows.hours.lunch };
  return { catalog, calendar: workingCalendar(withCalendarEdits(calendar, edits), hours) };
}

/**
 * What a service file would add to the office's catalog, for the administrator to read before
 * confirming: the service, or its problems (CatalogError), or the refusal of a file that would
 * replace a service without a newer version. Writes nothing.
 */
export function previewService(catalog: ReadonlyMap<string, Service>, file: string, text: string): Service {
  const service = parseServiceText(file, text);
  const current = catalog.get(service.id);
  if (current && service.version <= current.version) throw new DomainError('catalog.versionNotNewer', { service: service.id, version: current.version });
  return service;
}

/** Adds the service file the administrator previewed and confirmed: the same checks again, then its office event. */
export async function importService(db: KenseDb, catalog: ReadonlyMap<string, Service>, file: string, text: string, actor: Actor, now = new Date()): Promise<Service> {
  await checkOnDevice(db, 'importService', actor);
  const service = previewService(catalog, file, text);
  await recordCatalogEvent(db, actor, { type: 'office.serviceImported', payload: { file, data: JSON.parse(text) as unknown } }, now);
  return service;
}

/**
 * Takes an added service out of new intake, with the administrator's reason; the cases already
 * open in it go on to their end. The regulation's services are refused (rulebook).
 */
export async function withdrawService(db: KenseDb, catalog: ReadonlyMap<string, Service>, serviceId: string, reason: string, actor: Actor, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'withdrawService', actor);
  if (!catalog.has(serviceId)) throw new DomainError('service.unknown', { serviceId });
  if (!reason.trim()) throw new DomainError('field.required', { field: 'withdrawal.reason' });
  await recordCatalogEvent(db, actor, { type: 'office.serviceWithdrawn', payload: { serviceId, reason: reason.trim() } }, now);
}

/** Sets this office's term for a service (S1 under seed 003: 5 working days), with the regulation that says so. */
export async function setOfficeTerms(db: KenseDb, catalog: ReadonlyMap<string, Service>, terms: OfficeTerms, actor: Actor, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'setOfficeTerms', actor);
  if (!catalog.has(terms.serviceId)) throw new DomainError('service.unknown', { serviceId: terms.serviceId });
  if (!terms.reason.trim()) throw new DomainError('field.required', { field: 'terms.reason' });
  if (terms.term && (!Number.isInteger(terms.term.amount) || terms.term.amount < 1)) throw new DomainError('field.invalid', { field: 'terms.amount' });
  await recordCatalogEvent(db, actor, { type: 'office.termsSet', payload: { terms: { ...terms, reason: terms.reason.trim() } } }, now);
}

export async function clearOfficeTerms(db: KenseDb, serviceId: string, actor: Actor, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'setOfficeTerms', actor);
  await recordCatalogEvent(db, actor, { type: 'office.termsCleared', payload: { serviceId } }, now);
}

/** Makes one day a day off or a working day, as a government transfer announced after release does. */
export async function editCalendarDay(db: KenseDb, edit: CalendarEdit, actor: Actor, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'editCalendar', actor);
  if (!isLocalDate(edit.date)) throw new DomainError('field.invalid', { field: 'calendar.date' });
  if (!edit.note.trim()) throw new DomainError('field.required', { field: 'calendar.note' });
  await recordCatalogEvent(db, actor, { type: 'office.calendarEdited', payload: { edit: { ...edit, note: edit.note.trim() } } }, now);
}

/** Sets when the office is open; its minute steps run in these hours from the next command on. */
export async function setOfficeHours(db: KenseDb, hours: OfficeHours, actor: Actor, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'setOfficeHours', actor);
  const parsed = officeHoursSchema.safeParse(hours);
  if (!parsed.success) throw new DomainError('field.invalid', { field: `hours.${String(parsed.error.issues[0]!.path[0] ?? 'opens')}` });
  await recordCatalogEvent(db, actor, { type: 'office.hoursSet', payload: { hours: parsed.data } }, now);
}

/** The head's resolution texts for the visa, one per line as typed; an empty list clears them. */
export async function setResolutions(db: KenseDb, lines: readonly string[], actor: Actor, now = new Date()): Promise<string[]> {
  await checkOnDevice(db, 'setResolutions', actor);
  const resolutions = resolutionList(lines);
  await recordCatalogEvent(db, actor, { type: 'office.resolutionsSet', payload: { resolutions } }, now);
  return resolutions;
}

/**
 * How long the office keeps a service's closed cases. Kense never deletes a case: one past it
 * is listed for the office's decision (pastRetention).
 */
export async function setRetention(db: KenseDb, catalog: ReadonlyMap<string, Service>, retention: Retention, actor: Actor, now = new Date()): Promise<void> {
  await checkOnDevice(db, 'setRetention', actor);
  if (!catalog.has(retention.serviceId)) throw new DomainError('service.unknown', { serviceId: retention.serviceId });
  if (!Number.isInteger(retention.years) || retention.years < 1 || retention.years > 100) throw new DomainError('field.invalid', { field: 'retention.years' });
  if (!retention.basis.trim()) throw new DomainError('field.required', { field: 'retention.basis' });
  await recordCatalogEvent(db, actor, { type: 'office.retentionSet', payload: { retention: { ...retention, basis: retention.basis.trim() } } }, now);
}

/** Closed cases kept longer than their service's retention, the longest past first. */
export async function pastRetention(db: KenseDb, now = new Date()): Promise<{ regNumber: string; serviceId: string; closedAt: string; until: string }[]> {
  const retention = new Map((await db.retention.toArray()).map((r) => [r.serviceId, r.years]));
  if (retention.size === 0) return [];
  // Only cases closed before the shortest retention ends can be past theirs; the index gives those
  // alone. A closed case's last change is its closing (a late second seal would count from itself).
  const before = new Date(now);
  before.setUTCFullYear(before.getUTCFullYear() - Math.min(...retention.values()));
  const closed = await db.cases.where('[stage+updatedAt]').between(['closed', Dexie.minKey], ['closed', before.toISOString()], true, true).toArray();
  return closed
    .flatMap(({ state }) => {
      const years = retention.get(state.serviceId);
      const closedAt = state.history.findLast((h) => h.stage === 'closed')?.at;
      if (!years || !closedAt) return [];
      const until = new Date(closedAt);
      until.setUTCFullYear(until.getUTCFullYear() + years);
      return until <= now ? [{ regNumber: state.regNumber, serviceId: state.serviceId, closedAt, until: until.toISOString() }] : [];
    })
    .sort((a, b) => a.until.localeCompare(b.until));
}

export type CatalogEventBody = Extract<OfficeEventBody, { type: 'office.serviceImported' | 'office.serviceWithdrawn' | 'office.termsSet' | 'office.termsCleared' | 'office.calendarEdited' | 'office.hoursSet' | 'office.retentionSet' | 'office.resolutionsSet' }>;

/** Writes a catalog record and its office event together: the event carries it to the office's other devices. */
async function recordCatalogEvent(db: KenseDb, actor: Actor, body: CatalogEventBody, now: Date): Promise<void> {
  await db.transaction('rw', [...OFFICE_RECORD_TABLES(db), db.services, db.officeTerms, db.calendarEdits, db.officeHours, db.resolutions, db.retention], async () => {
    await recordOfficeEvent(db, actor, body, now);
    await applyCatalogEvent(db, { ...body, actor, at: now.toISOString() });
  });
}

/**
 * Puts a catalog event's record in its table, written here or pulled from the office. A service
 * file this version's schema does not accept (from a newer Kense) is left out rather than
 * stopping the app at start.
 */
export async function applyCatalogEvent(db: KenseDb, event: CatalogEventBody & { actor: Actor; at: string }): Promise<void> {
  const stamp = { at: event.at, by: event.actor };
  switch (event.type) {
    case 'office.serviceImported': {
      let id: string;
      try {
        id = parseService(event.payload.file, event.payload.data).id;
      } catch {
        return;
      }
      await db.services.put({ id, file: event.payload.file, data: event.payload.data, ...stamp });
      return;
    }
    case 'office.serviceWithdrawn':
      await db.services.update(event.payload.serviceId, { withdrawn: { reason: event.payload.reason, ...stamp } });
      return;
    case 'office.termsSet':
      await db.officeTerms.put({ ...event.payload.terms, ...stamp });
      return;
    case 'office.termsCleared':
      await db.officeTerms.delete(event.payload.serviceId);
      return;
    case 'office.calendarEdited':
      await db.calendarEdits.put({ ...event.payload.edit, ...stamp });
      return;
    case 'office.hoursSet':
      await db.officeHours.put({ id: 'this', ...event.payload.hours, ...stamp });
      return;
    case 'office.retentionSet':
      await db.retention.put({ ...event.payload.retention, ...stamp });
      return;
    case 'office.resolutionsSet':
      await db.resolutions.put({ id: 'this', resolutions: event.payload.resolutions, ...stamp });
  }
}
