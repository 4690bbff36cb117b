import { answerBytes, decodeHlc, fingerprint, sealEvent, toBase64Url, type HubAnswer, type HubCall, tickHlc, type Actor, type ChainEvent, type EventBody, type HubTransport, type OfficeEventBody, type TrustFile } from '../shared';
import { appendEvent } from '../renderer/store/commands';
import { KenseDb } from '../renderer/store/db';
import { setUpOffice } from '../renderer/store/office';
import { saveStaffMember, signIn } from '../renderer/store/accounts';
import type { Role } from '../shared';
import { createAdminKey, createSigningKey, officeTrust } from '../renderer/store/signing';
import { approveJoin, connectHub, finishJoin, pendingJoins, requestJoin } from '../renderer/store/enrolment';
import { syncNow } from '../renderer/store/sync';
import { hubKeyAt } from '../renderer/store/hubLink';
import type { Hub } from '../server/hub';
import { catalog } from './unit/fixtures';

/** Test offices that sync: devices on fake IndexedDB, offices with an administrator key, joined over a hub. */

export const PIN = '135790';
export const ADMIN_PIN = '246810';

/** A device's store with the shipped catalog, as the app gives it (App.tsx). */
export function newDb(name: string): KenseDb {
  const db = new KenseDb(`${name}-${crypto.randomUUID()}`);
  db.catalog = catalog;
  return db;
}

export const PASSWORD = 'құпия сөз 2026';

/** A device's pulled log, entry by entry in log order (officeLog.ts keeps it a page to a row). */
export const logOf = async (db: KenseDb) => (await db.logPages.toArray()).flatMap((p) => p.entries);

/**
 * Sets up an office with its people: the first is its administrator (and holds their other
 * roles too); the administrator adds the rest, all with PASSWORD. The administrator stays signed in.
 */
export async function staffedOffice(db: KenseDb, office: { officeCode: string; deviceCode?: string; city?: string }, people: { name: string; roles: Role[] }[], now = new Date()): Promise<void> {
  const city = office.city ?? 'Павлодар';
  const [first, ...rest] = people;
  const admin = await setUpOffice(
    db,
    {
      nameKk: `${city} білім беру бөлімі`,
      nameRu: `Отдел образования ${city}`,
      district: `${city} ауданы`,
      officeCode: office.officeCode,
      deviceCode: office.deviceCode ?? 'K1',
      admin: { name: first!.name, password: PASSWORD, repeat: PASSWORD },
    },
    now,
  );
  const adminActor: Actor = { userId: admin.id, role: 'admin', name: admin.name };
  const password = { password: PASSWORD, repeat: PASSWORD };
  if (first!.roles.some((r) => r !== 'admin')) await saveStaffMember(db, adminActor, { id: admin.id, name: admin.name, roles: [...first!.roles, 'admin'], active: true }, now);
  for (const person of rest) await saveStaffMember(db, adminActor, { ...person, active: true, password }, now);
}

/** The office most store tests set up: its administrator, a clerk, a head and a specialist. */
export const OFFICE_STAFF: { name: string; roles: Role[] }[] = [
  { name: 'Бауыржан Төлеуов', roles: ['admin'] },
  { name: 'Әйгерім Сәрсенова', roles: ['clerk'] },
  { name: 'Нұрлан Қасымов', roles: ['head'] },
  { name: 'Гүлнар Өмірбекова', roles: ['specialist'] },
];

/** The office's people as actors, by role (and by name where the role has several). */
export async function peopleOf(db: KenseDb) {
  const staff = await db.staff.toArray();
  return (role: Actor['role'], name?: string): Actor => {
    const m = staff.find((s) => s.roles.includes(role) && (!name || s.name === name))!;
    return { userId: m.id, role, name: m.name };
  };
}

/** An answer as a hub that lies signs it, with its own key: what the devices' rules, not the pin, must catch. */
export async function signedByHub(hub: Pick<Hub, 'identity'>, call: HubCall, answer: HubAnswer): Promise<HubAnswer> {
  return { ...answer, signature: toBase64Url(await hub.identity.signer.sign(answerBytes(call, answer.status, answer.body))) };
}

/** The hub's fingerprint, as the administrator reads it on the hub's own screen. */
export const hubFingerprint = async (link: HubTransport) => fingerprint(await hubKeyAt(link));

/** The first device of an office: set up, the administrator key, its anchor trusted by the hub, connected. */
export async function foundOffice(db: KenseDb, link: HubTransport, anchors: TrustFile['offices'], code: string, city: string, now: Date): Promise<void> {
  await staffedOffice(db, { officeCode: code, city }, [
    { name: `${city} Әйгерім Сәрсенова`, roles: ['clerk', 'admin'] },
    { name: `${city} Нұрлан Қасымов`, roles: ['head'] },
    { name: `${city} Гүлнар Өмірбекова`, roles: ['specialist'] },
  ], now);
  const as = await peopleOf(db);
  await createAdminKey(db, as('admin'), ADMIN_PIN, ADMIN_PIN, now);
  anchors.push(...(await officeTrust(db, [])).offices);
  await connectHub(db, link, 'https://hub', await hubFingerprint(link), as('admin'), ADMIN_PIN, now);
}

/** A further device is enrolled: it asks, the administrator's device enrols it, it takes the office; its cases come by sync. */
export async function enrolDevice(admin: { db: KenseDb; link: HubTransport }, device: { db: KenseDb; link: HubTransport }, officeCode: string, deviceCode: string, now: Date): Promise<void> {
  await requestJoin(device.db, device.link, 'https://hub', officeCode, deviceCode);
  const [join] = await pendingJoins(admin.db, admin.link);
  await approveJoin(admin.db, admin.link, (await peopleOf(admin.db))('admin'), ADMIN_PIN, join!, deviceCode, now);
  // As the sync screen does after enrolling: the people the enrolment names reach the hub first.
  await syncNow(admin.db, admin.link);
  if (!(await finishJoin(device.db, device.link))) throw new Error('not enrolled');
}

/** A further device joins: enrolled, someone signs in on it, a head key is made on it, it syncs. */
export async function joinOffice(admin: { db: KenseDb; link: HubTransport }, device: { db: KenseDb; link: HubTransport }, officeCode: string, deviceCode: string, now: Date): Promise<void> {
  await enrolDevice(admin, device, officeCode, deviceCode, now);
  // The office key comes with a person: someone signs in on the new device before it stores cases.
  await signIn(device.db, (await peopleOf(device.db))('head').userId, PASSWORD, now);
  await createSigningKey(device.db, (await peopleOf(device.db))('head'), PIN, PIN, now);
  await syncNow(device.db, device.link);
}

/**
 * An office served by two hub processes on one database, as behind a load balancer: its first
 * device connects through the first, the others join through each in turn. The clerk is signed in on each.
 */
export async function officeOfTwo(links: readonly [HubTransport, HubTransport], anchors: TrustFile['offices'], code: string, devices: number, now: Date) {
  const office = Array.from({ length: devices }, (_, i) => ({ db: newDb(`${code}-${i + 1}`), link: links[i % 2]! }));
  const [first, ...rest] = office;
  await foundOffice(first!.db, first!.link, anchors, code, 'Павлодар', now);
  for (const [i, device] of rest.entries()) await joinOffice(first!, device, code, `K${i + 2}`, now);
  const as = await peopleOf(first!.db);
  for (const device of rest) await signIn(device.db, as('clerk').userId, PASSWORD, now);
  return { devices: office, officeId: (await first!.db.device.get('this'))!.office.id, as };
}

/** Writes an event into a device's chain as it is, past the rules: what a tampered device would do. */
export async function writeRaw(db: KenseDb, body: (EventBody | OfficeEventBody) & { caseId: string }, actor: Actor, id?: string, now = new Date('2026-11-24T05:00:00.000Z')): Promise<ChainEvent> {
  return db.transaction('rw', db.events, db.device, async () => {
    const device = (await db.device.get('this'))!;
    const event = await appendEvent(db, device, body, actor, tickHlc(device.hlc ? decodeHlc(device.hlc) : null, now.getTime(), device.deviceId));
    if (!id) return event;
    // The same event under another event's id, its hash made again.
    const { hash: _hash, ...rest } = { ...event, id };
    const forged = sealEvent(rest);
    await db.events.delete(event.id);
    await db.events.add(forged);
    await db.device.update('this', { lastHash: forged.hash });
    return forged;
  });
}
