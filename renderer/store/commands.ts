import {
  checkOfficeCommand,
  officeVerdict,
  staffFold,
  type OfficeCommand,
  type OfficeFold,
  step,
  decodeHlc,
  DomainError,
  encodeHlc,
  localDateOf,
  OFFICE_STREAM,
  registrationNumber,
  chainEvent,
  tickHlc,
  type Actor,
  type CaseEvent,
  type ChainEvent,
  type EventBody,
  type Hlc,
  type KeyRecord,
  type StaffMember,
  type OfficeEventBody,
  type CaseState,
  type Command,
  type Service,
  type WorkingCalendar,
} from '../../shared';
import { caseRow, type KenseDb } from './db';
import type { DeviceRow } from './rows';

/** This device's clock for its next event: never behind its last one. */
const nextClock = (device: DeviceRow, now: Date) => tickHlc(device.hlc ? decodeHlc(device.hlc) : null, now.getTime(), device.deviceId);

/**
 * Appends one event to this device's hash chain and moves the chain's head. Call it inside a
 * transaction over events and device, with the device row read in that transaction.
 */
export async function appendEvent(
  db: KenseDb,
  device: DeviceRow,
  body: (EventBody | OfficeEventBody) & { caseId: string },
  actor: Actor,
  hlc: Hlc,
  changes: Partial<DeviceRow> = {},
): Promise<ChainEvent> {
  const event = chainEvent({ ...device, officeId: device.office.id }, body, actor, encodeHlc(hlc), crypto.randomUUID());
  await addEvent(db, device, event, changes);
  return event;
}

/** The device's row once `event` is its chain's newest. */
const headAt = (device: DeviceRow, event: ChainEvent, changes: Partial<DeviceRow> = {}): DeviceRow => ({ ...device, ...changes, lastSeq: event.deviceSeq, lastHash: event.hash, hlc: event.hlc });

async function addEvent(db: KenseDb, device: DeviceRow, event: ChainEvent, changes: Partial<DeviceRow> = {}): Promise<void> {
  // Asked at once, not one after the other: the transaction still takes both or neither.
  await Promise.all([db.events.add(event), db.device.put(headAt(device, event, changes))]);
}

/** The tables an office record is written with: the chain, and what the rules read of the office here. */
export const OFFICE_RECORD_TABLES = (db: KenseDb) => [db.events, db.device, db.staff, db.registry, db.trips, db.services];

/** The office as this device's own records have it now: what the rules read of what it writes, and of a transfer file's events. */
export async function deviceFold(db: KenseDb, adminKey = ''): Promise<OfficeFold> {
  const [registry, staff, trips, services] = await Promise.all([db.registry.get('this'), db.staff.toArray(), db.trips.toArray(), db.services.toArray()]);
  return {
    adminKey,
    registry: registry?.signed ?? null,
    staff: staffFold(staff),
    trips: Object.fromEntries(trips.map((t) => [t.id, t.operatorId])),
    withdrawn: Object.fromEntries(services.filter((s) => s.withdrawn).map((s) => [s.id, true] as const)),
  };
}

/** May this person give this office command on this device now: asked before the work, so a refusal costs nothing. */
export async function checkOnDevice(db: KenseDb, command: OfficeCommand, actor: Actor): Promise<void> {
  checkOfficeCommand(command, actor, { staff: staffFold(await db.staff.toArray()) });
}

/**
 * Records a change to the office's records in this device's chain, once the rulebook takes it
 * against the office as this device has it: the hub and every device will ask the same. Its
 * registry signature is this device's own, made just now. `office`: the office as the chain has
 * it, when that is not as this device's records have it (records made before sync).
 */
export async function recordOfficeEvent(db: KenseDb, actor: Actor, body: OfficeEventBody, now = new Date(), office?: OfficeFold): Promise<void> {
  await db.transaction('rw', OFFICE_RECORD_TABLES(db), async () => {
    const device = await db.device.get('this');
    if (!device) throw new Error('this device is not set up');
    const event = chainEvent({ ...device, officeId: device.office.id }, { ...body, caseId: OFFICE_STREAM }, actor, encodeHlc(nextClock(device, now)), crypto.randomUUID());
    const refusal = officeVerdict(event, office ?? (await deviceFold(db)), new Set([event.id]));
    if (refusal) throw new DomainError(refusal.reason.code, refusal.reason.params);
    await addEvent(db, device, event);
  });
}

/** What the office's data gives every command: the catalog and the calendar, loaded once at start. */
export interface OfficeData {
  catalog: ReadonlyMap<string, Service>;
  calendar: WorkingCalendar;
}

/** What the rules are given besides the case: the office's data, its staff and its registered signing keys. */
export interface DecisionData extends OfficeData {
  staff: StaffMember[];
  signingKeys: KeyRecord[];
}

/**
 * Takes one command's step (decide, chain, fold) on this device at `hlc`, with the registration
 * number the device would give next; returns the event, the case after it and the device's row
 * after it.
 */
export function stepOnDevice(device: DeviceRow, state: CaseState | undefined, command: Command, actor: Actor, hlc: Hlc, data: DecisionData): { event: CaseEvent; state: CaseState; device: DeviceRow } {
  const at = new Date(hlc.wall).toISOString();
  const year = localDateOf(at, device.office.offsetMinutes).slice(0, 4);
  const regSeq = (device.regSequence[year] ?? 0) + 1;
  const ctx = {
    actor,
    now: at,
    catalog: data.catalog,
    calendar: data.calendar,
    offsetMinutes: device.office.offsetMinutes,
    staff: data.staff,
    regNumber: registrationNumber(device.office.code, Number(year), device.deviceCode, regSeq),
    signingKeys: data.signingKeys,
  };
  const next = step({ ...device, officeId: device.office.id }, state, command, ctx, encodeHlc(hlc), crypto.randomUUID());
  const registered = next.event.type === 'case.registered' || next.event.type === 'case.submitted';
  const regSequence = registered ? { ...device.regSequence, [year]: regSeq } : device.regSequence;
  return { ...next, device: headAt(device, next.event, { regSequence }) };
}

/**
 * Runs one command: decides it against the current case, then appends the event to this
 * device's hash chain and updates the projection, in one transaction. A refusal throws
 * before anything is written, and the transaction rolls back on any error, so a refused
 * or failed command leaves the store exactly as it was.
 */
export async function execute(db: KenseDb, data: OfficeData, actor: Actor, command: Command, now: Date = new Date()): Promise<CaseState> {
  return db.transaction('rw', [db.events, db.cases, db.device, db.staff, db.registry, db.stageFloors], async () => {
    // What the step reads, asked at once: each read waits on IndexedDB, not on the one before.
    const [device, staff, row, registry] = await Promise.all([db.device.get('this'), db.staff.toArray(), db.cases.get(command.caseId), db.registry.get('this')]);
    if (!device) throw new Error('this device is not set up');
    const member = staff.find((s) => s.id === actor.userId);
    if (!member?.active || !member.roles.includes(actor.role)) throw new DomainError('role.forbidden', { role: actor.role, action: command.type });

    const { event, state, device: after } = stepOnDevice(device, row?.state, command, actor, nextClock(device, now), { ...data, staff, signingKeys: registry?.signed.registry.keys ?? [] });
    await Promise.all([addEvent(db, after, event), db.cases.put(caseRow(state, data.catalog))]);
    return state;
  });
}
