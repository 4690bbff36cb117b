import { checkNewPassword, CODE_PATTERN, DomainError, makeCredential, MAX_LENGTH, newOfficeKey, problemsOf, requiredText, type FieldProblem, type StaffMember } from '../../shared';
import { OFFICE_RECORD_TABLES, recordOfficeEvent } from './commands';
import { INDEXED_VERSION, type KenseDb } from './db';

export interface OfficeSetup {
  nameKk: string;
  nameRu: string;
  district: string;
  officeCode: string;
  deviceCode: string;
  /** The office's first person, its administrator, who then adds the others. */
  admin: { name: string; password: string; repeat: string };
}

/** Everything wrong with a set-up form at once, each problem with its field (the set-up screen lists them all). */
export function setupProblems(setup: OfficeSetup): FieldProblem[] {
  const code = (value: string, field: string) => () => {
    if (!CODE_PATTERN.test(value.trim().toUpperCase())) throw new DomainError('code.format', { field });
  };
  return problemsOf({
    'setup.nameKk': () => requiredText(setup.nameKk, 'setup.nameKk', MAX_LENGTH.line),
    'setup.nameRu': () => requiredText(setup.nameRu, 'setup.nameRu', MAX_LENGTH.line),
    'setup.district': () => requiredText(setup.district, 'setup.district', MAX_LENGTH.line),
    'setup.officeCode': code(setup.officeCode, 'setup.officeCode'),
    'setup.deviceCode': code(setup.deviceCode, 'setup.deviceCode'),
    'setup.adminName': () => requiredText(setup.admin.name, 'setup.adminName', MAX_LENGTH.line),
    'setup.adminPassword': () => checkNewPassword(setup.admin.password, setup.admin.repeat),
  });
}

/**
 * First run: the office this device works for, its code for registration numbers, and its
 * administrator. It makes the office data key, which the administrator's password wraps, and
 * leaves the administrator signed in.
 */
export async function setUpOffice(db: KenseDb, setup: OfficeSetup, now = new Date()): Promise<StaffMember> {
  const [problem] = setupProblems(setup);
  if (problem) throw problem.error;
  const nameKk = setup.nameKk.trim();
  const nameRu = setup.nameRu.trim();
  const district = setup.district.trim();
  const officeCode = setup.officeCode.trim().toUpperCase();
  const deviceCode = setup.deviceCode.trim().toUpperCase();
  const adminName = setup.admin.name.trim();

  if (await db.device.get('this')) throw new DomainError('setup.done');
  const key = newOfficeKey();
  const admin: StaffMember = { id: crypto.randomUUID(), name: adminName, roles: ['admin'], active: true, credential: await makeCredential(setup.admin.password, key), mustChange: false };
  const deviceId = crypto.randomUUID();
  db.officeKey = key;
  try {
    await db.transaction('rw', OFFICE_RECORD_TABLES(db), async () => {
      if (await db.device.get('this')) throw new DomainError('setup.done');
      const device = {
        id: 'this' as const,
        deviceId,
        deviceCode,
        office: { id: crypto.randomUUID(), code: officeCode, names: { kk: nameKk, ru: nameRu }, district, offsetMinutes: 300 },
        lastSeq: 0,
        lastHash: null,
        hlc: null,
        regSequence: {},
        indexedVersion: INDEXED_VERSION,
      };
      await db.device.put(device);
      // The administrator's account is the chain's first record, so it reaches every device of the office.
      await recordOfficeEvent(db, { userId: admin.id, role: 'admin', name: admin.name }, { type: 'office.staffSaved', payload: { member: admin } }, now);
      await db.staff.put(admin);
    });
  } catch (error) {
    db.officeKey = null;
    throw error;
  }
  return admin;
}
