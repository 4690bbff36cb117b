import {
  decodeHlc,
  DomainError,
  tickHlc,
  trainingHistory,
  type Actor,
  type CaseState,
  type ChainEvent,
  type Role,
  type Signer,
  type StaffMember,
} from '../../shared';
import { saveStaffMember } from './accounts';
import { stepOnDevice, type OfficeData } from './commands';
import { caseRow, type KenseDb } from './db';
import { setUpOffice } from './office';
import { createAdminKey, createSigningKey, registerKey, sealOf, unlockSigningKey } from './signing';
import { raiseStageFloors } from './stageFloors';

/** Everyone in a training office signs in with the password chosen at its set-up, and signs with this PIN. */
export const TRAINING_PIN = '123456';
export const TRAINING_YEARS = 5;
/**
 * Events written per transaction: large enough to cost little per event, small enough that
 * progress shows often and a stop is soon (20,000 made a stop take long on a busy machine).
 */
const BATCH = 5_000;

export interface TrainingSetup {
  adminName: string;
  password: string;
  repeat: string;
  cases: number;
  seed: number;
  /** How many years back the history starts; TRAINING_YEARS unless a test wants a busier month. */
  years?: number;
}

export interface TrainingProgress {
  done: number;
  total: number;
}

const TRAINING_STAFF: { name: string; roles: Role[] }[] = [
  { name: 'Әйгерім Сәрсенова', roles: ['clerk'] },
  { name: 'Нұрлан Қасымов', roles: ['head'] },
  { name: 'Дәурен Ғабитов', roles: ['head'] },
  { name: 'Гүлнар Өмірбекова', roles: ['specialist'] },
  { name: 'Асқар Тілеубаев', roles: ['specialist'] },
  { name: 'Меруерт Үсенова', roles: ['specialist'] },
  { name: 'Ольга Иванова', roles: ['specialist'] },
];

/**
 * A training office: its staff, the heads' registered keys, and `cases` applications spread over
 * the last five years, made by `trainingHistory` and run through the same rules as any command.
 * Written in batches, each in one transaction; stopping (the signal) keeps what is written, and
 * the office works with it.
 */
export async function setUpTrainingOffice(
  db: KenseDb,
  data: OfficeData,
  setup: TrainingSetup,
  onProgress: (p: TrainingProgress) => void = () => {},
  signal?: AbortSignal,
  now = new Date(),
): Promise<StaffMember> {
  if (!Number.isInteger(setup.cases) || setup.cases < 0 || setup.cases > 1_000_000) throw new DomainError('field.invalid', { field: 'training.cases' });
  const from = new Date(now.getTime() - (setup.years ?? TRAINING_YEARS) * 365.25 * 86_400_000);
  const admin = await setUpOffice(
    db,
    {
      nameKk: 'Оқу кеңсесі: білім беру бөлімі (ойдан шығарылған деректер)',
      nameRu: 'Учебный отдел образования (вымышленные данные)',
      district: 'Оқу ауданы',
      officeCode: 'OQU',
      deviceCode: 'D1',
      admin: { name: setup.adminName, password: setup.password, repeat: setup.repeat },
    },
    from,
  );
  const set = (await db.device.get('this'))!;
  await db.device.put({ ...set, office: { ...set.office, training: true } });
  const adminActor: Actor = { userId: admin.id, role: 'admin', name: admin.name };
  await createAdminKey(db, adminActor, TRAINING_PIN, TRAINING_PIN, from);
  const staff: StaffMember[] = [];
  for (const person of TRAINING_STAFF) {
    const member = await saveStaffMember(db, adminActor, { ...person, active: true, password: { password: setup.password, repeat: setup.password } }, from);
    staff.push(member);
  }
  await db.staff.bulkPut(staff.map((s) => ({ ...s, mustChange: false })));
  const actorOf = (s: StaffMember, role: Role): Actor => ({ userId: s.id, role, name: s.name });
  const heads = staff.filter((s) => s.roles.includes('head')).map((s) => actorOf(s, 'head'));
  const people = {
    clerk: actorOf(staff.find((s) => s.roles.includes('clerk'))!, 'clerk'),
    heads,
    specialists: staff.filter((s) => s.roles.includes('specialist')).map((s) => actorOf(s, 'specialist')),
  };

  let device = (await db.device.get('this'))!;
  let signingKeys = (await db.registry.get('this'))!.signed.registry.keys;
  const members = await db.staff.toArray();
  const { offsetMinutes } = device.office;
  const open = new Map<string, CaseState>();
  let events: ChainEvent[] = [];
  // Cases that closed since the last batch; an open case is written once, at the end, as it stands then.
  const closed: CaseState[] = [];
  let done = 0;
  // The batch being written while the next one is made: IndexedDB writes in the browser's process.
  let writing: Promise<unknown> = Promise.resolve();

  // Each head's key, made again before the last one runs out (keys are registered for three years).
  const signers = new Map<string, { signer: Signer; validTo: string }>();
  const keyFor = async (head: Actor, at: Date): Promise<Signer> => {
    const held = signers.get(head.userId);
    if (held && held.validTo > new Date(at.getTime() + 86_400_000).toISOString()) return held.signer;
    await flush();
    await writing;
    const keyId = await createSigningKey(db, head, TRAINING_PIN, TRAINING_PIN, at);
    await registerKey(db, adminActor, keyId, TRAINING_PIN, at);
    const record = (await db.registry.get('this'))!.signed.registry.keys.find((k) => k.keyId === keyId)!;
    const signer = await unlockSigningKey(db, keyId, TRAINING_PIN);
    signers.set(head.userId, { signer, validTo: record.validTo });
    device = (await db.device.get('this'))!;
    signingKeys = (await db.registry.get('this'))!.signed.registry.keys;
    return signer;
  };
  for (const head of heads) await keyFor(head, from);

  /** Starts writing the batch, once the one before is written; `all` writes the open cases too. */
  async function flush(all = false) {
    if (!events.length && !closed.length && !all) return;
    const written = events;
    const rows = [...closed, ...(all ? open.values() : [])].map((state) => caseRow(state, data.catalog));
    const row = device;
    events = [];
    closed.length = 0;
    await writing;
    writing = db.transaction('rw', [db.events, db.cases, db.device, db.stageFloors], () => Promise.all([db.events.bulkAdd(written), db.cases.bulkPut(rows), db.device.put(row)]));
    // Awaited at the next batch; marked handled here so a failure is not reported twice.
    writing.catch(() => {});
    onProgress({ done, total: setup.cases });
  }

  const history = trainingHistory({ seed: setup.seed, cases: setup.cases, from: from.getTime(), to: now.getTime(), catalog: data.catalog, people, offsetMinutes });
  for (const step of history) {
    if (signal?.aborted) break;
    const hlc = tickHlc(device.hlc ? decodeHlc(device.hlc) : null, step.at, device.deviceId);
    const at = new Date(hlc.wall).toISOString();
    const state = open.get(step.command.caseId);
    let command = step.command;
    if (command.type === 'sign' && state) {
      command = { ...command, seal: await sealOf(await keyFor(step.actor, new Date(step.at)), state, data, offsetMinutes, at, `${state.regNumber}-R`) };
    }
    const taken = stepOnDevice(device, state, command, step.actor, hlc, { ...data, staff: members, signingKeys });
    const next = taken.state;
    events.push(taken.event);
    if (next.stage === 'closed') {
      open.delete(next.id);
      closed.push(next);
    } else open.set(next.id, next);
    device = taken.device;
    if (taken.event.type === 'case.registered') done++;
    if (events.length >= BATCH) await flush();
  }
  await flush(true);
  await writing;
  await raiseStageFloors(db, now.toISOString());
  return admin;
}
