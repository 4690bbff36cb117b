import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { admitEvent, emptyOfficeFold, officeVerdict, mayRead, staffFold, nameWords, signInDelayMs, type Actor, type Command, type OfficeEvent } from '../../shared';
import { changePassword, lock, saveStaffMember, signIn } from '../../renderer/store/accounts';
import { auditTrail, verifyAuditChains } from '../../renderer/store/audit';
import { execute } from '../../renderer/store/commands';
import { defaultView, listCases } from '../../renderer/store/caseList';
import type { KenseDb } from '../../renderer/store/db';
import { newDb, PASSWORD, peopleOf, staffedOffice } from '../syncOffice';
import { calendar, catalog, intakeCommand } from './fixtures';

const NOW = new Date('2026-11-24T05:00:00.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
let db: KenseDb;
let as: (role: Actor['role']) => Actor;

async function snapshot(d: KenseDb) {
  return { staff: await d.staff.toArray(), attempts: await d.signInAttempts.toArray(), events: await d.events.count() };
}

beforeEach(async () => {
  db = newDb('accounts');
  await staffedOffice(db, { officeCode: 'PVL' }, [
    { name: 'Бауыржан Төлеуов', roles: ['admin'] },
    { name: 'Әйгерім Сәрсенова', roles: ['clerk'] },
    { name: 'Гүлнар Өмірбекова', roles: ['specialist'] },
    { name: 'Самат Оспанов', roles: ['operator'] },
  ], NOW);
  as = await peopleOf(db);
  lock(db);
});

describe('signing in', () => {
  it('opens the office key with the right password and records the sign-in in the chain', async () => {
    const member = await signIn(db, as('clerk').userId, PASSWORD, NOW);
    expect(member.name).toBe('Әйгерім Сәрсенова');
    expect(db.officeKey).toHaveLength(32);
    const [last] = await auditTrail(db, { type: 'office.signedIn' });
    expect(last).toMatchObject({ userId: member.id, detail: '' });
  });

  it('refuses a wrong password, opens nothing, and from the third makes the next try wait, even with the right one', async () => {
    const clerk = as('clerk').userId;
    await expect(signIn(db, clerk, 'қате құпиясөз', NOW)).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    await expect(signIn(db, clerk, 'қате құпиясөз', NOW)).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    await expect(signIn(db, clerk, 'қате құпиясөз', NOW)).rejects.toMatchObject({ code: 'auth.wrongPasswordWait', params: { seconds: 30 } });
    expect(db.officeKey).toBeNull();
    const before = await snapshot(db);
    await expect(signIn(db, clerk, PASSWORD, later(10))).rejects.toMatchObject({ code: 'auth.wait', params: { seconds: 20 } });
    expect(await snapshot(db)).toEqual(before);
    expect(db.officeKey).toBeNull();
    // After the wait the right password works, and the trail says three failed first.
    await signIn(db, clerk, PASSWORD, later(31));
    expect((await auditTrail(db, { type: 'office.signedIn' }))[0]).toMatchObject({ userId: clerk, detail: '3' });
    expect(await db.signInAttempts.count()).toBe(0);
  });

  it('waits longer after each further wrong password, up to a quarter of an hour', () => {
    expect([1, 2, 3, 4, 5, 9, 20].map(signInDelayMs)).toEqual([0, 0, 30_000, 60_000, 120_000, 900_000, 900_000]);
  });

  it('refuses a disabled person whatever the password, and changes nothing', async () => {
    await signIn(db, as('admin').userId, PASSWORD, NOW);
    const clerk = (await db.staff.get(as('clerk').userId))!;
    await saveStaffMember(db, as('admin'), { id: clerk.id, name: clerk.name, roles: clerk.roles, active: false }, NOW);
    lock(db);
    const before = await snapshot(db);
    await expect(signIn(db, clerk.id, PASSWORD, NOW)).rejects.toMatchObject({ code: 'auth.disabled', params: { name: clerk.name } });
    expect(await snapshot(db)).toEqual(before);
    expect(db.officeKey).toBeNull();
  });

  it('keeps the personal data unreadable while locked', async () => {
    await signIn(db, as('clerk').userId, PASSWORD, NOW);
    await execute(db, { catalog, calendar }, as('clerk'), { ...intakeCommand, caseId: 'c-1' } as Command, NOW);
    lock(db);
    await expect(db.cases.get('c-1')).rejects.toMatchObject({ code: 'auth.locked' });
    await expect(db.events.toArray()).rejects.toMatchObject({ code: 'auth.locked' });
    // The clear parts are the keys and indexes only; the name and the IIN are sealed.
    const raw = await new Promise<unknown[]>((resolve) => {
      const open = indexedDB.open(db.name);
      open.onsuccess = () => {
        const request = open.result.transaction('cases').objectStore('cases').getAll();
        request.onsuccess = () => (resolve(request.result), open.result.close());
      };
    });
    expect(Object.keys(raw[0] as object).sort()).toEqual(['id', 'regNumber', 'registeredAt', 'registeredBy', 'sealed', 'search', 'specialistId', 'stage', 'stepDueAt', 'updatedAt']);
    const text = JSON.stringify(raw, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v));
    expect(text).not.toContain(intakeCommand.applicant.iin);
    // The search index holds keyed tags: not the IIN, not the start of a name.
    expect((raw[0] as { search: string[] }).search.every((tag) => /^[0-9a-f]{16}$/.test(tag))).toBe(true);
    expect(text.toLowerCase()).not.toContain(nameWords(intakeCommand.applicant.name)[0]!.slice(0, 3));
  });
});

describe('the staff list', () => {
  beforeEach(() => signIn(db, as('admin').userId, PASSWORD, NOW));

  it('is the administrator’s to change: a clerk is refused and nothing changes', async () => {
    const before = await snapshot(db);
    await expect(saveStaffMember(db, as('clerk'), { name: 'Жаңа', roles: ['clerk'], active: true, password: { password: PASSWORD, repeat: PASSWORD } }, NOW)).rejects.toMatchObject({ code: 'role.forbidden' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('keeps one enabled administrator, refuses a short first password, and changes nothing', async () => {
    const admin = as('admin');
    const before = await snapshot(db);
    await expect(saveStaffMember(db, admin, { id: admin.userId, name: admin.name, roles: ['admin'], active: false }, NOW)).rejects.toMatchObject({ code: 'staff.lastAdmin' });
    await expect(saveStaffMember(db, admin, { id: admin.userId, name: admin.name, roles: ['head'], active: true }, NOW)).rejects.toMatchObject({ code: 'staff.lastAdmin' });
    await expect(saveStaffMember(db, admin, { name: 'Жаңа', roles: ['clerk'], active: true, password: { password: '1234', repeat: '1234' } }, NOW)).rejects.toMatchObject({ code: 'password.tooShort' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('gives a first password the person must change; their own change keeps the key', async () => {
    const member = await saveStaffMember(db, as('admin'), { name: 'Нұрлан Қасымов', roles: ['head'], active: true, password: { password: 'уақытша-1234', repeat: 'уақытша-1234' } }, NOW);
    expect(member.mustChange).toBe(true);
    lock(db);
    await signIn(db, member.id, 'уақытша-1234', NOW);
    await changePassword(db, { userId: member.id, role: 'head', name: member.name }, 'уақытша-1234', 'менің құпиям 77', 'менің құпиям 77', NOW);
    lock(db);
    await expect(signIn(db, member.id, 'уақытша-1234', NOW)).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    await signIn(db, member.id, 'менің құпиям 77', NOW);
    expect((await db.staff.get(member.id))!.mustChange).toBe(false);
  });
});

describe('changing one’s own password (issue 24)', () => {
  const given = 'уақытша-1234';
  const staffAndEvents = async (d: KenseDb) => ({ staff: await d.staff.toArray(), events: await d.events.count() });

  it('refuses, at the first sign-in, to keep the password the administrator gave, and changes nothing', async () => {
    await signIn(db, as('admin').userId, PASSWORD, NOW);
    const member = await saveStaffMember(db, as('admin'), { name: 'Нұрлан Қасымов', roles: ['head'], active: true, password: { password: given, repeat: given } }, NOW);
    lock(db);
    await signIn(db, member.id, given, NOW);
    const head: Actor = { userId: member.id, role: 'head', name: member.name };
    const before = await snapshot(db);
    await expect(changePassword(db, head, given, given, given, NOW)).rejects.toMatchObject({ code: 'password.same' });
    // One password typed in two Unicode spellings (é, or e and a combining accent) is one: the key derivation normalises it.
    await expect(changePassword(db, head, 'café-1234', 'cafe\u0301-1234', 'cafe\u0301-1234', NOW)).rejects.toMatchObject({ code: 'password.same' });
    await expect(changePassword(db, head, given, 'қысқа', 'қысқа', NOW)).rejects.toMatchObject({ code: 'password.tooShort', params: { min: 8 } });
    await expect(changePassword(db, head, given, 'менің құпиям 77', 'менің құпиям 78', NOW)).rejects.toMatchObject({ code: 'password.differ' });
    expect(await snapshot(db)).toEqual(before);
    expect((await db.staff.get(member.id))!.mustChange).toBe(true);
    lock(db);
    await expect(signIn(db, member.id, given, NOW)).resolves.toMatchObject({ mustChange: true });
  });

  it('changes it in Settings with the current one: the old stops opening the key, the new opens it', async () => {
    const clerk = as('clerk');
    await signIn(db, clerk.userId, PASSWORD, NOW);
    await changePassword(db, clerk, PASSWORD, 'жаңа құпиясөз 2027', 'жаңа құпиясөз 2027', NOW);
    const saved = (await db.events.toArray()).filter((e) => e.type === 'office.staffSaved').sort((a, b) => a.deviceSeq - b.deviceSeq).at(-1);
    expect(saved).toMatchObject({ actor: clerk, payload: { member: { id: clerk.userId, mustChange: false } } });
    lock(db);
    await expect(signIn(db, clerk.userId, PASSWORD, NOW)).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    await expect(signIn(db, clerk.userId, 'жаңа құпиясөз 2027', NOW)).resolves.toMatchObject({ id: clerk.userId });
  });

  it('refuses a wrong current password, changes no record, and counts it as a sign-in does, so a guesser at an open session waits', async () => {
    const clerk = as('clerk');
    await signIn(db, clerk.userId, PASSWORD, NOW);
    const before = await staffAndEvents(db);
    const change = (at: Date) => changePassword(db, clerk, 'қате құпиясөз', 'жаңа құпиясөз 2027', 'жаңа құпиясөз 2027', at);
    await expect(change(NOW)).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    await expect(change(NOW)).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    await expect(change(NOW)).rejects.toMatchObject({ code: 'auth.wrongPasswordWait', params: { seconds: 30 } });
    await expect(changePassword(db, clerk, PASSWORD, 'жаңа құпиясөз 2027', 'жаңа құпиясөз 2027', later(10))).rejects.toMatchObject({ code: 'auth.wait', params: { seconds: 20 } });
    expect(await staffAndEvents(db)).toEqual(before);
    expect(await db.signInAttempts.get(clerk.userId)).toMatchObject({ failures: 3 });
    lock(db);
    await expect(signIn(db, clerk.userId, PASSWORD, later(31))).resolves.toMatchObject({ id: clerk.userId });
  });

  it('is refused while the session is locked', async () => {
    const clerk = as('clerk');
    const before = await snapshot(db);
    await expect(changePassword(db, clerk, PASSWORD, 'жаңа құпиясөз 2027', 'жаңа құпиясөз 2027', NOW)).rejects.toMatchObject({ code: 'auth.locked' });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('a staff record from another device', () => {
  it('is taken from the administrator whole, and from anyone else only as a change of their own password, never a role', async () => {
    const clerk = (await db.staff.get(as('clerk').userId))!;
    const base = { id: 'e', caseId: 'office', officeId: 'o', deviceId: 'd', deviceSeq: 1, hlc: '', prevHash: null, hash: '' };
    const event = (actor: Actor, member: Partial<typeof clerk>) => ({ ...base, type: 'office.staffSaved', actor, payload: { member: { ...clerk, mustChange: false, ...member } } }) as OfficeEvent;
    const office = { ...emptyOfficeFold(''), staff: staffFold(await db.staff.toArray()) };
    const verdict = (e: OfficeEvent) => officeVerdict(e, office, new Set())?.reason ?? 'accepted';
    expect(verdict(event(as('clerk'), { roles: ['clerk', 'admin'] }))).toEqual({ code: 'role.forbidden', params: { role: 'clerk', action: 'staff' } });
    expect(verdict(event(as('clerk'), { name: 'Басқа есім' }))).toEqual({ code: 'role.forbidden', params: { role: 'clerk', action: 'staff' } });
    expect(verdict(event(as('specialist'), { roles: ['specialist'] }))).toEqual({ code: 'role.forbidden', params: { role: 'specialist', action: 'staff' } });
    expect(verdict(event(as('clerk'), { credential: undefined }))).toBe('accepted');
    expect(verdict(event(as('admin'), { roles: ['clerk', 'head'] }))).toBe('accepted');
  });

  it('is refused by the hub from a person changing someone else', async () => {
    const clerk = (await db.staff.get(as('clerk').userId))!;
    const base = { id: 'e', caseId: 'office', officeId: 'o', deviceId: 'd', deviceSeq: 1, hlc: '', prevHash: null, hash: '' };
    const event = (actor: Actor) => ({ ...base, type: 'office.staffSaved', actor, payload: { member: clerk } }) as OfficeEvent;
    const office = { ...emptyOfficeFold(''), staff: staffFold(await db.staff.toArray()) };
    const none = new Set<string>();
    expect(admitEvent(event(as('specialist')), undefined, office, none, null)).toMatchObject({ status: 'rejected', reason: { code: 'role.forbidden' } });
    expect(admitEvent(event(as('clerk')), undefined, office, none, null)).toMatchObject({ status: 'accepted' });
    expect(admitEvent(event(as('admin')), undefined, office, none, null)).toMatchObject({ status: 'accepted' });
  });
});

describe('who reads which case', () => {
  it('shows an operator only the applications they took, and everyone else all of them', async () => {
    await signIn(db, as('clerk').userId, PASSWORD, NOW);
    const state = await execute(db, { catalog, calendar }, as('clerk'), { ...intakeCommand, caseId: 'c-1' } as Command, NOW);
    expect(mayRead(as('operator'), state)).toBe(false);
    expect(mayRead(as('specialist'), state)).toBe(true);
    const allCases = async (actor: Actor) => (await listCases(db, actor, 'all', defaultView('all'), NOW.toISOString(), 300, 100)).rows.map((r) => r.id);
    expect(await allCases(as('operator'))).toEqual([]);
    expect(await allCases(as('specialist'))).toEqual(['c-1']);
    expect(mayRead(as('operator'), { history: [{ ...state.history[0]!, actor: as('operator') }] })).toBe(true);
  });
});

describe('the audit trail', () => {
  it('lists who did what, filters it, and finds a changed event in the chain', async () => {
    await signIn(db, as('clerk').userId, PASSWORD, NOW);
    const state = await execute(db, { catalog, calendar }, as('clerk'), { ...intakeCommand, caseId: 'c-1' } as Command, NOW);
    const trail = await auditTrail(db, { userId: as('clerk').userId });
    expect(trail.map((r) => r.type)).toEqual(['case.registered', 'office.signedIn']);
    expect(trail[0]).toMatchObject({ regNumber: state.regNumber, deviceCode: 'K1', name: 'Әйгерім Сәрсенова' });
    expect(await auditTrail(db, { regNumber: state.regNumber.toLowerCase(), type: 'case.' })).toHaveLength(1);
    expect(await auditTrail(db, { from: '2026-11-25' })).toEqual([]);

    expect((await verifyAuditChains(db)).chains.map((c) => c.check)).toEqual([{ ok: true }]);
    const registered = (await db.events.where('caseId').equals('c-1').first())!;
    await db.events.put({ ...registered, actor: as('admin') });
    expect((await verifyAuditChains(db)).chains.map((c) => c.check)).toEqual([{ ok: false, deviceSeq: registered.deviceSeq, problem: 'hash' }]);
  });
});
