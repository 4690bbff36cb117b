import {
  applyEvent,
  decide,
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
import { caseRow, type DeviceRow, type KenseDb } from './db';

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
  await db.events.add(event);
  await db.device.put({ ...device, ...changes, lastSeq: event.deviceSeq, lastHash: event.hash, hlc: event.hlc });
  return event;
}

/** Records a change to the office's records (its registry, a key waiting for it) in this device's chain. */
export async function recordOfficeEvent(db: KenseDb, actor: Actor, body: OfficeEventBody, now = new Date()): Promise<void> {
  await db.transaction('rw', db.events, db.device, async () => {
    const device = await db.device.get('this');
    if (!device) throw new Error('this device is not set up');
    await appendEvent(db, device, { ...body, caseId: OFFICE_STREAM }, actor, nextClock(device, now));
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
 * Decides a command on this device at `at`, with the registration number the device would give
 * next; returns the event's body and the device's registration counters after it.
 */
export function decideOnDevice(device: DeviceRow, state: CaseState | undefined, command: Command, actor: Actor, at: string, data: DecisionData): { body: EventBody; regSequence: DeviceRow['regSequence'] } {
  const year = localDateOf(at, device.office.offsetMinutes).slice(0, 4);
  const regSeq = (device.regSequence[year] ?? 0) + 1;
  const body = decide(state, command, {
    actor,
    now: at,
    catalog: data.catalog,
    calendar: data.calendar,
    offsetMinutes: device.office.offsetMinutes,
    staff: data.staff,
    regNumber: registrationNumber(device.office.code, Number(year), device.deviceCode, regSeq),
    signingKeys: data.signingKeys,
  });
  return { body, regSequence: body.type === 'case.registered' || body.type === 'case.submitted' ? { ...device.regSequence, [year]: regSeq } : device.regSequence };
}

/**
 * Runs one command: decides it against the current case, then appends the event to this
 * device's hash chain and updates the projection, in one transaction. A refusal throws
 * before anything is written, and the transaction rolls back on any error, so a refused
 * or failed command leaves the store exactly as it was.
 */
export async function execute(db: KenseDb, data: OfficeData, actor: Actor, command: Command, now: Date = new Date()): Promise<CaseState> {
  return db.transaction('rw', [db.events, db.cases, db.device, db.staff, db.registry, db.stageFloors], async () => {
    const device = await db.device.get('this');
    if (!device) throw new Error('this device is not set up');
    const member = await db.staff.get(actor.userId);
    if (!member?.active || !member.roles.includes(actor.role)) throw new DomainError('role.forbidden', { role: actor.role, action: command.type });

    const hlc = nextClock(device, now);
    const row = await db.cases.get(command.caseId);
    const { body, regSequence } = decideOnDevice(device, row?.state, command, actor, new Date(hlc.wall).toISOString(), {
      ...data,
      staff: await db.staff.toArray(),
      signingKeys: (await db.registry.get('this'))?.signed.registry.keys ?? [],
    });
    const event = await appendEvent(db, device, { ...body, caseId: command.caseId }, actor, hlc, { regSequence });
    const state = applyEvent(row?.state, event as CaseEvent);
    await db.cases.put(caseRow(state));
    return state;
  });
}
