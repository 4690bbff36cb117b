import {
  applyEvent,
  decide,
  decodeHlc,
  DomainError,
  encodeHlc,
  localDateOf,
  registrationNumber,
  sealEvent,
  tickHlc,
  type Actor,
  type CaseState,
  type Command,
  type Service,
  type WorkingCalendar,
} from '../../shared';
import { caseRow, type KenseDb } from './db';

/** What the office's data gives every command: the catalog and the calendar, loaded once at start. */
export interface OfficeData {
  catalog: ReadonlyMap<string, Service>;
  calendar: WorkingCalendar;
}

/**
 * Runs one command: decides it against the current case, then appends the event to this
 * device's hash chain and updates the projection, in one transaction. A refusal throws
 * before anything is written, and the transaction rolls back on any error, so a refused
 * or failed command leaves the store exactly as it was.
 */
export async function execute(db: KenseDb, data: OfficeData, actor: Actor, command: Command, now: Date = new Date()): Promise<CaseState> {
  return db.transaction('rw', [db.events, db.cases, db.device, db.staff, db.registry], async () => {
    const device = await db.device.get('this');
    if (!device) throw new Error('this device is not set up');
    const member = await db.staff.get(actor.userId);
    if (!member?.active || !member.roles.includes(actor.role)) throw new DomainError('role.forbidden', { role: actor.role, action: command.type });

    const hlc = tickHlc(device.hlc ? decodeHlc(device.hlc) : null, now.getTime(), device.deviceId);
    const at = new Date(hlc.wall).toISOString();
    const year = localDateOf(at, device.office.offsetMinutes).slice(0, 4);
    const regSeq = (device.regSequence[year] ?? 0) + 1;
    const row = await db.cases.get(command.caseId);
    const body = decide(row?.state, command, {
      actor,
      now: at,
      catalog: data.catalog,
      calendar: data.calendar,
      offsetMinutes: device.office.offsetMinutes,
      staff: await db.staff.toArray(),
      regNumber: registrationNumber(device.office.code, Number(year), device.deviceCode, regSeq),
      signingKeys: (await db.registry.get('this'))?.signed.registry.keys ?? [],
    });
    const event = sealEvent({
      ...body,
      id: crypto.randomUUID(),
      caseId: command.caseId,
      officeId: device.office.id,
      actor,
      deviceId: device.deviceId,
      deviceSeq: device.lastSeq + 1,
      hlc: encodeHlc(hlc),
      prevHash: device.lastHash,
    });
    const state = applyEvent(row?.state, event);
    await db.events.add(event);
    await db.cases.put(caseRow(state));
    await db.device.put({
      ...device,
      lastSeq: event.deviceSeq,
      lastHash: event.hash,
      hlc: event.hlc,
      regSequence: body.type === 'case.registered' ? { ...device.regSequence, [year]: regSeq } : device.regSequence,
    });
    return state;
  });
}
