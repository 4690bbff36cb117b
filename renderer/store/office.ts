import { CODE_PATTERN, DomainError, ROLES, type Role, type StaffMember } from '../../shared';
import type { KenseDb } from './db';

export interface OfficeSetup {
  nameKk: string;
  nameRu: string;
  officeCode: string;
  deviceCode: string;
  staff: { name: string; roles: Role[] }[];
}

/**
 * First run: the office this device works for, its code for registration numbers, and the
 * people who use it. (Accounts with passwords replace the plain list with the security work.)
 */
export async function setUpOffice(db: KenseDb, setup: OfficeSetup): Promise<void> {
  const nameKk = setup.nameKk.trim();
  const nameRu = setup.nameRu.trim();
  if (!nameKk) throw new DomainError('field.required', { field: 'setup.nameKk' });
  if (!nameRu) throw new DomainError('field.required', { field: 'setup.nameRu' });
  const officeCode = setup.officeCode.trim().toUpperCase();
  const deviceCode = setup.deviceCode.trim().toUpperCase();
  if (!CODE_PATTERN.test(officeCode)) throw new DomainError('field.invalid', { field: 'setup.officeCode' });
  if (!CODE_PATTERN.test(deviceCode)) throw new DomainError('field.invalid', { field: 'setup.deviceCode' });
  const people = setup.staff.map((p) => ({ name: p.name.trim(), roles: [...new Set(p.roles)].filter((r) => ROLES.includes(r)) }));
  const unnamed = people.findIndex((p) => !p.name);
  if (unnamed >= 0) throw new DomainError('field.required', { field: 'setup.personName' });
  const roleless = people.find((p) => p.roles.length === 0);
  if (roleless) throw new DomainError('setup.personWithoutRole', { name: roleless.name });
  for (const role of ['clerk', 'head', 'specialist'] as const) {
    if (!people.some((p) => p.roles.includes(role))) throw new DomainError('setup.roleMissing', { role });
  }
  const staff: StaffMember[] = people.map((p) => ({ id: crypto.randomUUID(), name: p.name, roles: p.roles, active: true }));

  await db.transaction('rw', db.device, db.staff, async () => {
    if (await db.device.get('this')) throw new DomainError('setup.done');
    await db.device.put({
      id: 'this',
      deviceId: crypto.randomUUID(),
      deviceCode,
      office: { id: crypto.randomUUID(), code: officeCode, names: { kk: nameKk, ru: nameRu }, offsetMinutes: 300 },
      lastSeq: 0,
      lastHash: null,
      hlc: null,
      regSequence: {},
    });
    await db.staff.bulkPut(staff);
  });
}
