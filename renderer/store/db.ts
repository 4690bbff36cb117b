import Dexie, { type IndexableType, type Table } from 'dexie';
import { casePeople, registeredByOffice, searchTerms, type ChainEvent, type CaseState, type Service, type StaffMember } from '../../shared';

import type { CalendarEditRow, KeptDraftRow, OfficeHoursRow, CaseRow, DeviceRow, ForkRow, ImportedServiceRow, KeyRequestRow, LogPageRow, LogRow, OfficeRegistryRow, OfficeTermsRow, ParkedRow, PeerRow, RefusedRow, RetentionRow, ResolutionsRow, SignInAttemptRow, SigningKeyRow, StageFloorRow, SyncRow, TripRow } from './rows';

import { stageFloorsMiddleware } from './stageFloors';
import { sealingMiddleware } from './sealing';

export class KenseDb extends Dexie {
  events!: Table<ChainEvent, string>;
  cases!: Table<CaseRow, string>;
  device!: Table<DeviceRow, string>;
  staff!: Table<StaffMember, string>;
  services!: Table<ImportedServiceRow, string>;
  officeTerms!: Table<OfficeTermsRow, string>;
  calendarEdits!: Table<CalendarEditRow, string>;
  officeHours!: Table<OfficeHoursRow, string>;
  resolutions!: Table<ResolutionsRow, string>;
  drafts!: Table<KeptDraftRow, string>;
  signingKeys!: Table<SigningKeyRow, string>;
  registry!: Table<OfficeRegistryRow, string>;
  keyRequests!: Table<KeyRequestRow, string>;
  sync!: Table<SyncRow, string>;
  /** The log a row an entry, as version 14 kept it: emptied into logPages at the next sign-in (officeLog.ts pageOldLog). */
  log!: Table<LogRow, number>;
  logPages!: Table<LogPageRow, number>;
  peers!: Table<PeerRow, string>;
  parked!: Table<ParkedRow, string>;
  forks!: Table<ForkRow, string>;
  refused!: Table<RefusedRow, string>;
  signInAttempts!: Table<SignInAttemptRow, string>;
  retention!: Table<RetentionRow, string>;
  trips!: Table<TripRow, string>;
  stageFloors!: Table<StageFloorRow, string>;
  /** The office data key while someone is signed in; null while the app is locked (sealing.ts). */
  officeKey: Uint8Array | null = null;
  /** The office's catalog, set as the app loads it (App.tsx): a case row's people come from its service's form. */
  catalog: ReadonlyMap<string, Service> = new Map();

  constructor(name = 'kense') {
    super(name);
    this.use(sealingMiddleware(() => this.officeKey));
    this.use(stageFloorsMiddleware);
    this.version(1).stores({
      events: 'id, caseId, &[deviceId+deviceSeq]',
      cases: 'id, &regNumber, updatedAt, [stage+stepDueAt], [specialistId+stage+stepDueAt]',
      device: 'id',
      staff: 'id',
    });
    // The office's own catalog records: added services, its terms, its calendar edits.
    this.version(2).stores({ services: 'id', officeTerms: 'serviceId', calendarEdits: 'date' });
    // Signing keys made on this device (private halves never leave it) and the office key registry.
    this.version(3).stores({ signingKeys: 'keyId, userId', registry: 'id' });
    // Sync: the hub's office log as this device has pulled it, the office's devices, cases waiting
    // for a newer app, forks met in bundles, and the heads' keys waiting for the registry.
    this.version(4)
      .stores({ keyRequests: 'keyId', sync: 'id', log: 'seq, eventId, caseId, status, [deviceId+deviceSeq]', peers: 'deviceId', parked: 'caseId', forks: 'id' })
      .upgrade(async (tx) => {
        const staff = new Map((await tx.table<StaffMember>('staff').toArray()).map((s) => [s.id, s.name]));
        const keys = (await tx.table<SigningKeyRow>('signingKeys').toArray()).filter((k) => k.purpose === 'results');
        await tx.table<KeyRequestRow>('keyRequests').bulkPut(keys.map((k) => ({ keyId: k.keyId, publicKey: k.publicKey, holder: { userId: k.userId, name: staff.get(k.userId) ?? '' }, requestedAt: k.createdAt })));
      });
    // Accounts: wrong passwords in a row per person, which slow the next try.
    this.version(5).stores({ signInAttempts: 'userId' });
    // How long each service's closed cases are kept (an office record, like its terms).
    this.version(6).stores({ retention: 'serviceId' });
    // Years of cases: search by IIN and name, the journals' dates, closed cases by age, the audit
    // trail newest first. Rows written before fill these in at the next sign-in (reindex).
    this.version(7).stores({
      events: 'id, caseId, &[deviceId+deviceSeq], hlc',
      cases:
        'id, &regNumber, updatedAt, [stage+stepDueAt], [specialistId+stage+stepDueAt], *search, registeredAt, signedAt, handedOverOn, [stage+updatedAt], [registeredBy+updatedAt]',
    });
    // A crew's own results to hand over, and the packages the office returned to it.
    this.version(8).stores({
      cases:
        'id, &regNumber, updatedAt, [stage+stepDueAt], [specialistId+stage+stepDueAt], *search, registeredAt, signedAt, handedOverOn, [stage+updatedAt], [registeredBy+updatedAt], [registeredBy+stage+updatedAt]',
    });
    // The crews' field trips, each crew's own.
    this.version(9).stores({ trips: 'id, operatorId' });
    // Where each stage's list starts reading (stageFloors.ts); none until the next sign-in raises them.
    this.version(10).stores({ stageFloors: 'stage' });
    // Entries of pulled pages and transfer files that are not their devices' chains: kept apart with the reason.
    this.version(11).stores({ refused: 'key, seq, eventId' });
    // The office's hours, which its minute steps run in.
    this.version(12).stores({ officeHours: 'id' });
    // A specialist's review as they type it, kept on this device until they send it (drafts.ts).
    this.version(13).stores({ drafts: 'key' });
    // The office's resolution texts for the visa.
    this.version(14).stores({ resolutions: 'id' });
    // The pulled log a page to a row, so that a pulled event is one put (officeLog.ts).
    this.version(15).stores({ logPages: 'through, *caseIds, *open, *inline, *devices' });
  }
}

/** A case's projection row; the catalog gives its form, which says who the children on it are. */
export function caseRow(state: CaseState, catalog: ReadonlyMap<string, Service>): CaseRow {
  const people = casePeople(state, catalog.get(state.serviceId)?.form);
  return {
    id: state.id,
    regNumber: state.regNumber,
    stage: state.stage,
    stepDueAt: state.stepDueAt ?? '',
    specialistId: state.specialist?.userId ?? '',
    applicantName: state.applicant.name,
    updatedAt: state.history.at(-1)!.at,
    // A package is in the incoming journal once the office registers it; one returned to its centre unregistered never is.
    registeredAt: registeredByOffice(state) ? state.registeredAt : '',
    registeredBy: state.registeredBy.userId,
    ...(state.seal ? { signedAt: state.seal.signedAt } : {}),
    ...(state.handover ? { handedOverOn: state.handover.handedOverOn } : {}),
    people,
    search: searchTerms(people, state.regNumber),
    state,
  };
}

/**
 * The primary keys of the rows that any of these values index, one lookup a value, all asked at
 * once: a walk of the index over them all (anyOf) reads it a step at a time.
 */
export async function keysOf<K>(table: Table<unknown, K>, index: string, values: readonly IndexableType[]): Promise<K[]> {
  return (await Promise.all(values.map((v) => table.where(index).equals(v).primaryKeys()))).flat();
}

/**
 * Rows written before the indexes held what they now hold are written again: they were sealed
 * whole, so only a signed-in person's key can do it. Runs at sign-in, once per INDEXED_VERSION;
 * costs a read of the device row after that.
 */
export async function reindex(db: KenseDb): Promise<void> {
  if ((await db.device.get('this'))?.indexedVersion === INDEXED_VERSION) return;
  await db.transaction('rw', [db.cases, db.stageFloors], () =>
    db.cases.toCollection().modify((row) => {
      Object.assign(row, caseRow(row.state, db.catalog));
    }),
  );
  const [events, eventsIndexed] = await Promise.all([db.events.count(), db.events.where('hlc').above('').count()]);
  if (events !== eventsIndexed) await db.events.toCollection().modify(() => {});
  await db.device.update('this', { indexedVersion: INDEXED_VERSION });
}

/** What the indexes over sealed rows hold: 7 added them; 8 finds a case by its children and a part of its number (issue 25). */
export const INDEXED_VERSION = 8;
