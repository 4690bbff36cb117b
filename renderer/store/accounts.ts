import {
  checkNewPassword,
  DomainError,
  makeCredential,
  MAX_LENGTH,
  openCredential,
  problemsOf,
  requiredText,
  ROLES,
  signInDelayMs,
  validateIin,
  type Actor,
  type FieldProblem,
  type OfficeEventBody,
  type Role,
  type StaffMember,
} from '../../shared';
import { checkOnDevice, OFFICE_RECORD_TABLES, recordOfficeEvent } from './commands';
import { reindex, type KenseDb } from './db';
import { raiseStageFloors } from './stageFloors';
import { sealDeviceKey } from './hubLink';
import { pageOldLog } from './officeLog';

/**
 * Checks a person's password on this device, offline. A right one opens the office key and
 * records the sign-in; a wrong one counts, and from the third the next try waits (credential.ts).
 * A refused sign-in leaves the app locked.
 */
export async function signIn(db: KenseDb, userId: string, password: string, now = new Date()): Promise<StaffMember> {
  const { member, key, failures } = await checkPassword(db, userId, password, now);
  db.officeKey = key;
  await sealDeviceKey(db);
  await pageOldLog(db);
  await reindex(db);
  await raiseStageFloors(db, now.toISOString());
  await recordAudit(db, { userId, role: member.roles[0]!, name: member.name }, { type: 'office.signedIn', payload: { failedBefore: failures } }, now);
  return member;
}

/**
 * A person's password against their wrap on this device. A wrong one counts, and from the third
 * the next try waits (credential.ts), whether at sign-in or when changing it in an open session.
 */
async function checkPassword(db: KenseDb, userId: string, password: string, now: Date): Promise<{ member: StaffMember; key: Uint8Array; failures: number }> {
  const member = await db.staff.get(userId);
  if (!member) throw new DomainError('auth.wrongPassword', {});
  if (!member.active) throw new DomainError('auth.disabled', { name: member.name });
  if (!member.credential) throw new DomainError('auth.noCredential', { name: member.name });
  const attempts = await db.signInAttempts.get(userId);
  const failures = attempts?.failures ?? 0;
  const waitMs = attempts ? Date.parse(attempts.lastFailedAt) + signInDelayMs(failures) - now.getTime() : 0;
  if (waitMs > 0) throw new DomainError('auth.wait', { seconds: Math.ceil(waitMs / 1000) });

  const key = await openCredential(member.credential, password);
  if (!key) {
    await db.signInAttempts.put({ userId, failures: failures + 1, lastFailedAt: now.toISOString() });
    const next = signInDelayMs(failures + 1);
    throw next ? new DomainError('auth.wrongPasswordWait', { seconds: next / 1000 }) : new DomainError('auth.wrongPassword');
  }
  await db.signInAttempts.delete(userId);
  return { member, key, failures };
}

/** Forgets the office key: the personal data is unreadable until someone signs in again. */
export function lock(db: KenseDb): void {
  db.officeKey = null;
}

/** Writes an audit record to this device's chain: it travels to the hub like any event. */
export async function recordAudit(db: KenseDb, actor: Actor, body: Extract<OfficeEventBody, { type: 'office.signedIn' | 'office.caseViewed' | 'office.exported' }>, now = new Date()): Promise<void> {
  await recordOfficeEvent(db, actor, body, now);
}

export interface StaffInput {
  /** Absent for a new person. */
  id?: string;
  name: string;
  roles: Role[];
  active: boolean;
  /** A password the administrator gives (a new person, or a reset): the person changes it at the next sign-in. */
  password?: { password: string; repeat: string };
  /** Their IIN: an NCA RK signature of theirs must carry it. */
  iin?: string;
}

/**
 * The administrator adds a person or changes one: name, roles, enabled, a new password. The
 * office keeps at least one enabled administrator, or nobody could manage it again.
 */
/** Everything wrong with a person's form at once, each problem with its field (the staff screen lists them all). */
export function staffProblems(input: StaffInput): FieldProblem[] {
  return problemsOf({
    'staff.name': () => requiredText(input.name, 'staff.name', MAX_LENGTH.line),
    'staff.iin': () => {
      const check = input.iin?.trim() ? validateIin(input.iin.trim()) : null;
      if (check && !check.ok) throw new DomainError('iin.invalid', { field: 'staff.iin', reason: check.reason });
    },
    'staff.roles': () => {
      if (!ROLES.some((r) => input.roles.includes(r))) throw new DomainError('staff.noRole');
    },
    'staff.password': () => {
      if (!input.id && !input.password) throw new DomainError('field.required', { field: 'staff.password' });
      if (input.password) checkNewPassword(input.password.password, input.password.repeat);
    },
  });
}

export async function saveStaffMember(db: KenseDb, admin: Actor, input: StaffInput, now = new Date()): Promise<StaffMember> {
  await checkOnDevice(db, 'staff', admin);
  const [problem] = staffProblems(input);
  if (problem) throw problem.error;
  const name = input.name.trim();
  const roles = ROLES.filter((r) => input.roles.includes(r));
  const existing = input.id ? await db.staff.get(input.id) : undefined;
  if (input.id && !existing) throw new DomainError('field.invalid', { field: 'staff.id' });
  const iin = input.iin?.trim() ?? '';
  const key = db.officeKey;
  if (!key) throw new DomainError('auth.locked');
  const member: StaffMember = {
    id: existing?.id ?? crypto.randomUUID(),
    name,
    roles,
    active: input.active,
    ...(iin ? { iin } : {}),
    ...(input.password ? { credential: await makeCredential(input.password.password, key), mustChange: true } : { credential: existing?.credential, mustChange: existing?.mustChange }),
  };
  await saveMember(db, admin, member, now);
  return member;
}

/**
 * A person sets their own password, giving the current one: at the first sign-in after the
 * administrator gave one (who therefore knows it), or later in Settings. The new one must differ
 * from the current, so the administrator's stops working.
 */
export async function changePassword(db: KenseDb, actor: Actor, current: string, password: string, repeat: string, now = new Date()): Promise<void> {
  checkNewPassword(password, repeat);
  // The key-derivation normalises a password (credential.ts), so two spellings of one are one.
  if (password.normalize('NFC') === current.normalize('NFC')) throw new DomainError('password.same');
  if (!db.officeKey) throw new DomainError('auth.locked');
  const { member, key } = await checkPassword(db, actor.userId, current, now);
  await saveMember(db, actor, { ...member, credential: await makeCredential(password, key), mustChange: false }, now);
}

async function saveMember(db: KenseDb, actor: Actor, member: StaffMember, now: Date): Promise<void> {
  await db.transaction('rw', OFFICE_RECORD_TABLES(db), async () => {
    await recordOfficeEvent(db, actor, { type: 'office.staffSaved', payload: { member } }, now);
    await db.staff.put(member);
  });
}
