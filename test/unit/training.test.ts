import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, inJournal, nameWords, OFFICE_STREAM, trainingHistory, validateIin, verifyChain, type Actor, type TrainingStep } from '../../shared';
import { signIn } from '../../renderer/store/accounts';
import { caseRow, KenseDb } from '../../renderer/store/db';
import { handedOverOn, journalCases, searchCases, SEARCH_SHOWN, worklist } from '../../renderer/store/queries';
import { OPEN_STAGES } from '../../renderer/store/stageFloors';
import { setUpTrainingOffice, type TrainingProgress } from '../../renderer/store/training';
import { calendar, catalog } from './fixtures';

const data = { catalog, calendar };
const NOW = new Date('2026-11-24T06:00:00.000Z');
const PASSWORD = 'оқу құпиясы 2026';
const people = {
  clerk: { userId: 'c', role: 'clerk', name: 'Тіркеуші' },
  heads: [{ userId: 'h', role: 'head', name: 'Басшы' }],
  specialists: [{ userId: 's1', role: 'specialist', name: 'Маман' }],
} satisfies { clerk: Actor; heads: Actor[]; specialists: Actor[] };

function steps(seed: number, cases: number): TrainingStep[] {
  return [...trainingHistory({ seed, cases, from: Date.parse('2021-11-24T00:00:00Z'), to: NOW.getTime(), catalog, people, offsetMinutes: 300 })];
}

describe('the training history', () => {
  const history = steps(7, 2000);
  const intakes = history.flatMap((s) => (s.command.type === 'intake' ? [s.command] : []));

  it('is the same for a seed, and another for another seed', () => {
    expect(JSON.stringify(steps(7, 2000))).toBe(JSON.stringify(history));
    expect(JSON.stringify(steps(8, 2000))).not.toBe(JSON.stringify(history));
  });

  it('has every case, every service and channel, valid IINs and Kazakh names, in time order', () => {
    expect(intakes).toHaveLength(2000);
    expect(new Set(intakes.map((c) => c.serviceId))).toEqual(new Set(catalog.keys()));
    expect(new Set(intakes.map((c) => c.channel)).size).toBe(CHANNELS.length);
    expect(intakes.every((c) => validateIin(c.applicant.iin).ok)).toBe(true);
    expect(intakes.filter((c) => /[әғқңөұүһі]/i.test(c.applicant.name)).length).toBeGreaterThan(1000);
    expect(history.every((s, i) => i === 0 || s.at >= history[i - 1]!.at)).toBe(true);
    expect(history.at(-1)!.at).toBeLessThanOrEqual(NOW.getTime());
    expect(new Set(history.map((s) => s.command.type))).toEqual(new Set(['intake', 'visa', 'review', 'noticeRefusal', 'recordHearing', 'return', 'sign', 'handover', 'returnToCentre']));
  });
  it('leaves a small office work at every step, whatever day it is made', () => {
    // The last step each case took; the next one is what a trainee does.
    for (const end of ['2026-11-24T06:00:00Z', '2026-12-02T15:00:00Z', '2027-03-09T04:00:00Z']) {
      const last = new Map<string, string>();
      for (const s of trainingHistory({ seed: 1, cases: 400, from: Date.parse(end) - 5 * 365.25 * 86_400_000, to: Date.parse(end), catalog, people, offsetMinutes: 300 })) last.set(s.command.caseId, s.command.type);
      const waiting = new Set(last.values());
      expect([end, ['intake', 'visa', 'review', 'sign'].filter((step) => !waiting.has(step))]).toEqual([end, []]);
    }
  });
});

describe('a training office', () => {
  const db = new KenseDb(`training-${crypto.randomUUID()}`);
  db.catalog = catalog;
  const progress: TrainingProgress[] = [];
  beforeAll(async () => {
    // A busy month rather than five years, so that every stage has open cases.
    await setUpTrainingOffice(db, data, { adminName: 'Бауыржан Төлеуов', password: PASSWORD, repeat: PASSWORD, cases: 1500, seed: 11, years: 0.1 }, (p) => progress.push(p), undefined, NOW);
  }, 120_000);
  afterAll(() => db.delete());
  const clerk = async (): Promise<Actor> => {
    const member = (await db.staff.toArray()).find((s) => s.roles.includes('clerk'))!;
    return { userId: member.id, role: 'clerk', name: member.name };
  };

  it('runs every case through the rules into one intact chain, with cases open at every stage', async () => {
    expect(await db.cases.count()).toBe(1500);
    expect(verifyChain(await db.events.orderBy('[deviceId+deviceSeq]').toArray())).toEqual({ ok: true });
    const stages = new Set((await db.cases.toArray()).map((c) => c.stage));
    expect(stages).toEqual(new Set(['visa', 'review', 'signing', 'handover', 'closed']));
    expect(progress.at(-1)).toEqual({ done: 1500, total: 1500 });
    expect((await db.device.get('this'))!.office.training).toBe(true);
  });

  it('leaves each stage’s list reading from its most urgent case, hiding none', async () => {
    for (const stage of OPEN_STAGES) {
      const all = await db.cases.where('[stage+stepDueAt]').between([stage, Dexie.minKey], [stage, Dexie.maxKey]).primaryKeys();
      expect((await worklist(db, stage, undefined, Infinity)).map((row) => row.id)).toEqual(all);
      if (all.length) expect((await db.stageFloors.get(stage))!.dueAt).toBe((await db.cases.get(all[0]!))!.stepDueAt);
    }
  });

  it('lets its people sign in with the set-up password', async () => {
    const specialist = (await db.staff.toArray()).find((s) => s.roles.includes('specialist'))!;
    await expect(signIn(db, specialist.id, PASSWORD, NOW)).resolves.toMatchObject({ id: specialist.id, mustChange: false });
  });

  it('finds a case by IIN, by registration number and by the start of a name in any case of letters', async () => {
    const sample = (await db.cases.toArray())[700]!;
    const byIin = await searchCases(db, await clerk(), sample.state.applicant.iin);
    expect(byIin.kind === 'found' && byIin.rows.map((r) => r.id)).toContain(sample.id);
    const byNumber = await searchCases(db, await clerk(), sample.regNumber.toLowerCase());
    expect(byNumber.kind === 'found' && byNumber.rows.map((r) => r.id)).toEqual([sample.id]);
    const surname = nameWords(sample.state.applicant.name)[1]!;
    const found = await searchCases(db, await clerk(), surname.slice(0, 4).toUpperCase());
    if (found.kind !== 'found') throw new Error('not found');
    expect(found.rows.length).toBeGreaterThan(0);
    expect(found.rows.length).toBeLessThanOrEqual(SEARCH_SHOWN);
    // Found by anyone on the case (a child shares the surname): each row says who, and that person's name matches.
    const named = (r: (typeof found.rows)[number]) => r.people.filter((p) => r.matched.includes(p.role) && nameWords(p.name).some((w) => w.startsWith(surname.slice(0, 4))));
    expect(found.rows.filter((r) => !named(r).length)).toEqual([]);
    // Longer than the indexed prefix: checked on the opened cases.
    const full = await searchCases(db, await clerk(), `${surname} ${nameWords(sample.state.applicant.name)[0]}`);
    expect(full.kind === 'found' && full.rows.map((r) => r.id)).toContain(sample.id);
    expect(await searchCases(db, await clerk(), 'ж')).toEqual({ kind: 'tooShort' });
    expect(await searchCases(db, await clerk(), 'Щщщщщ')).toEqual({ kind: 'found', rows: [], more: false });
  });

  it('gives the journals and the courier act exactly the cases their dates name', async () => {
    const all = (await db.cases.toArray()).map((r) => r.state);
    for (const kind of ['incoming', 'outgoing'] as const) {
      const listed = await journalCases(db, kind, '2026-11-02', '2026-11-13', 300);
      expect(listed.map((c) => c.id).sort()).toEqual(all.filter((c) => inJournal(c, kind, '2026-11-02', '2026-11-13', 300)).map((c) => c.id).sort());
      expect(listed.length).toBeGreaterThan(0);
    }
    const day = all.find((c) => c.handover)!.handover!.handedOverOn;
    expect((await handedOverOn(db, day)).map((c) => c.id).sort()).toEqual(all.filter((c) => c.handover?.handedOverOn === day).map((c) => c.id).sort());
  });

  it('indexes again, at sign-in, cases written before the indexes existed', async () => {
    const row = (await db.cases.toArray())[3]!;
    const { registeredAt: _r, registeredBy: _b, search: _s, signedAt: _g, handedOverOn: _h, ...old } = row;
    await db.transaction('rw', [db.cases, db.stageFloors], () => db.cases.put(old as typeof row));
    // A store from before version 7: its device row does not say its indexes are whole.
    await db.device.update('this', { indexedVersion: undefined });
    expect((await searchCases(db, await clerk(), row.state.applicant.iin)).kind === 'found' && (await db.cases.where('registeredAt').equals(row.registeredAt).count())).toBe(0);
    const admin = (await db.staff.toArray()).find((s) => s.roles.includes('admin'))!;
    await signIn(db, admin.id, PASSWORD, NOW);
    // Read back, the search terms are their tags.
    expect({ ...(await db.cases.get(row.id)), search: [] }).toEqual({ ...caseRow(row.state, catalog), search: [] });
    const found = await searchCases(db, await clerk(), row.state.applicant.iin);
    expect(found.kind === 'found' && found.rows.map((r) => r.id)).toContain(row.id);
  });
});

describe('setting up a training office', () => {
  it('stops when told, and what it wrote is a whole office', async () => {
    const db = new KenseDb(`training-${crypto.randomUUID()}`);
    const stop = new AbortController();
    await setUpTrainingOffice(db, data, { adminName: 'Бауыржан Төлеуов', password: PASSWORD, repeat: PASSWORD, cases: 5000, seed: 3, years: 0.2 }, () => stop.abort(), stop.signal, NOW);
    const cases = await db.cases.count();
    expect(cases).toBeGreaterThan(0);
    expect(cases).toBeLessThan(5000);
    const events = await db.events.orderBy('[deviceId+deviceSeq]').toArray();
    expect(verifyChain(events)).toEqual({ ok: true });
    expect((await db.device.get('this'))!.lastSeq).toBe(events.length);
    // Open cases are written at the stop as they stand: every case with events has its row, at its last step.
    const rows = await db.cases.toArray();
    expect(rows.map((r) => r.id).sort()).toEqual([...new Set(events.filter((e) => e.caseId !== OFFICE_STREAM).map((e) => e.caseId))].sort());
    const steps = new Map<string, number>();
    for (const e of events) steps.set(e.caseId, (steps.get(e.caseId) ?? 0) + 1);
    expect(rows.filter((r) => r.state.history.length !== steps.get(r.id))).toEqual([]);
    await db.delete();
  }, 60_000);

  it('refuses a number of cases that is not a whole number, and writes nothing', async () => {
    const db = new KenseDb(`training-${crypto.randomUUID()}`);
    await expect(setUpTrainingOffice(db, data, { adminName: 'Б', password: PASSWORD, repeat: PASSWORD, cases: 2.5, seed: 1 }, undefined, undefined, NOW)).rejects.toMatchObject({
      code: 'field.invalid',
      params: { field: 'training.cases' },
    });
    expect(await db.device.count()).toBe(0);
    await db.delete();
  });
});
