/**
 * The benchmark's side in the browser: the renderer's own modules (not copies), driven by
 * bench/run.ts through `window.bench`. Served beside the built app, so both share its database.
 */
import { PDFDocument } from 'pdf-lib';
import { nameWords, resultPapers, type Actor, type Command } from '../shared';
import { SAMPLES } from '../shared/samples';
import { db, loadShippedData } from '../renderer/app/runtime';
import { hubTransport } from '../renderer/app/hub';
import { paperContextOf, pdfOf } from '../renderer/app/papers';
import { signIn } from '../renderer/store/accounts';
import { verifyAuditChains } from '../renderer/store/audit';
import { officeData } from '../renderer/store/catalog';
import { execute } from '../renderer/store/commands';
import { defaultView, listCases } from '../renderer/store/caseList';
import { searchCases, waitingCount, worklist } from '../renderer/store/queries';
import { officeTrust } from '../renderer/store/signing';
import { approveJoin, connectHub, finishJoin, pendingJoins, requestJoin } from '../renderer/store/enrolment';
import { syncNow } from '../renderer/store/sync';
import { setUpTrainingOffice, TRAINING_PIN } from '../renderer/store/training';

const shipped = loadShippedData();
const data = officeData(shipped.services, shipped.calendar, { services: [], terms: [], edits: [] });

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function p50(runs: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function actorOf(role: Actor['role']): Promise<Actor> {
  const member = (await db.staff.toArray()).find((s) => s.roles.includes(role) && s.active)!;
  return { userId: member.id, role, name: member.name };
}

/** Syncs until `enough` events have moved, then stops; the rate is over what moved. */
async function timedSync(hubUrl: string, moved: () => Promise<number>, enough: number): Promise<{ events: number; ms: number }> {
  const stop = new AbortController();
  const before = await moved();
  const start = performance.now();
  await syncNow(db, hubTransport(hubUrl), (p) => p.done >= enough && stop.abort(), stop.signal).catch((error: { code?: string }) => {
    if (error.code !== 'sync.stopped') throw error;
  });
  return { events: (await moved()) - before, ms: performance.now() - start };
}

const bench = {
  async train(cases: number, seed: number, password: string) {
    const start = performance.now();
    let last = 0;
    let lastAt = start;
    // Each 10,000 cases' own time, to show whether making cases slows as the store grows.
    await setUpTrainingOffice(db, data, { adminName: 'Бауыржан Төлеуов', password, repeat: password, cases, seed }, (p) => {
      if (p.done - last < 10_000) return;
      const now = performance.now();
      console.log(`training office: ${p.done} of ${p.total} cases, the last ${p.done - last} in ${Math.round((now - lastAt) / 1000)} s`);
      [last, lastAt] = [p.done, now];
    });
    return { ms: performance.now() - start, cases: await db.cases.count(), events: await db.events.count() };
  },

  async signIn(password: string) {
    await signIn(db, (await actorOf('admin')).userId, password);
  },

  /** The store's own figures: worklists, searches, an intake, a certificate, with their physical references. */
  async measure(runs: number) {
    const [head, specialist, clerk] = await Promise.all([actorOf('head'), actorOf('specialist'), actorOf('clerk')]);
    const lists = { visa: () => worklist(db, 'visa'), review: () => worklist(db, 'review', specialist.userId), signing: () => worklist(db, 'signing'), handover: () => worklist(db, 'handover'), all: () => listCases(db, clerk, 'all', defaultView('all'), new Date().toISOString(), 300, 100).then((page) => page.rows) };
    const each: Record<string, number> = {};
    for (const [name, list] of Object.entries(lists)) {
      each[name] = await p50(runs, list);
      console.log(`worklist ${name}: ${(await list()).length} rows, ${each[name].toFixed(1)} ms`);
    }
    const worklistMs = Math.max(...Object.values(each));
    // All cases filtered to the overdue ones, the latest registered first: read from the open stages' indexes and sorted.
    const overdueMs = await p50(runs, () => listCases(db, clerk, 'all', { due: 'overdue', sort: 'registered' }, new Date().toISOString(), 300, 100));
    // The head's menu: how many wait at visa and at signing, counts of the index ranges.
    const countsMs = await p50(runs, () => Promise.all([waitingCount(db, head, 'visa'), waitingCount(db, head, 'signing')]));
    console.log(`all cases overdue: ${overdueMs.toFixed(1)} ms; the head's menu counts: ${countsMs.toFixed(1)} ms`);

    // Who to look for: applicants of cases spread over the years.
    const count = await db.cases.count();
    const keys = await db.cases.toCollection().primaryKeys();
    const picked = (await db.cases.bulkGet(Array.from({ length: runs }, (_, i) => keys[Math.floor(((i + 0.5) * count) / runs)]!))).map((r) => r!.state.applicant);
    const searchIinMs = await p50(runs, (i) => searchCases(db, clerk, picked[i]!.iin));
    // The start of a surname, in capitals as a person might type it: Kazakh letters, any case.
    const searchNameMs = await p50(runs, (i) => searchCases(db, clerk, nameWords(picked[i]!.name).at(-1)!.slice(0, 4).toUpperCase()));

    const sample = SAMPLES['guardianship-certificate']!;
    const intakeMs = await p50(runs, (i) =>
      execute(db, data, clerk, {
        type: 'intake',
        caseId: crypto.randomUUID(),
        serviceId: 'guardianship-certificate',
        channel: 'service-centre',
        applicant: { ...picked[i]!, address: sample.applicant.address, phone: sample.applicant.phone },
        application: sample.application,
        documentsReceived: sample.documents,
        consent: true,
      } as Command),
    );

    const device = (await db.device.get('this'))!;
    const ctx = paperContextOf(device.office, data.catalog);
    const signed = (await db.cases.where('[stage+updatedAt]').between(['closed', ''], ['closed', '\uffff']).reverse().filter((r) => r.state.seal?.payload?.doc !== undefined && r.state.draft?.outcome === 'result').first())!;
    await pdfOf(resultPapers(signed.state, ctx, ['kk'])); // the PDF writer and the fonts load once, on the first print
    const pdfMs = await p50(runs, () => pdfOf(resultPapers(signed.state, ctx, ['kk'])));
    // The reference: pdf-lib writing one page with one line drawn (no font: the app ships no standard PDF font).
    const barePdfMs = await p50(runs, async () => {
      const doc = await PDFDocument.create();
      doc.addPage().drawLine({ start: { x: 50, y: 700 }, end: { x: 300, y: 700 } });
      await doc.save();
    });

    const raw = await rawIndexedDbPuts(5_000, JSON.stringify(signed.state).length);
    return { worklistMs, worklists: each, overdueMs, countsMs, searchIinMs, searchNameMs, intakeMs, pdfMs, barePdfMs, rawPutsPerS: raw, head: head.name, certificate: signed.regNumber };
  },

  /** The audit screen's check of every chain, over the whole office. */
  async checkChains() {
    const start = performance.now();
    const { checked, chains } = await verifyAuditChains(db);
    return { events: checked, ms: performance.now() - start, intact: chains.every((c) => c.check.ok) };
  },

  async trust() {
    return officeTrust(db, []);
  },

  async connect(hubUrl: string, hubFingerprint: string) {
    await connectHub(db, hubTransport(hubUrl), hubUrl, hubFingerprint, await actorOf('admin'), TRAINING_PIN);
  },

  /** Pushes this device's events until `enough` have gone. */
  async push(hubUrl: string, enough: number) {
    return timedSync(hubUrl, async () => (await db.sync.get('this'))?.pushedSeq ?? 0, enough);
  },

  async requestJoin(hubUrl: string) {
    return requestJoin(db, hubTransport(hubUrl), hubUrl, 'OQU', 'bench laptop');
  },

  async approveJoin(hubUrl: string) {
    const [join] = await pendingJoins(db, hubTransport(hubUrl));
    await approveJoin(db, hubTransport(hubUrl), await actorOf('admin'), TRAINING_PIN, join!, 'D2');
  },

  /** The joining device: takes its enrolment, signs in, and pulls what the hub holds. */
  async pull(hubUrl: string, password: string, enough: number) {
    await finishJoin(db, hubTransport(hubUrl));
    await signIn(db, (await actorOf('admin')).userId, password);
    return timedSync(hubUrl, async () => (await db.sync.get('this'))?.cursor ?? 0, enough);
  },
};

/** The physical reference: puts of rows as large as a case, in one transaction of a bare IndexedDB database. */
async function rawIndexedDbPuts(rows: number, size: number): Promise<number> {
  const open = indexedDB.open(`bench-raw-${crypto.randomUUID()}`, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('rows', { keyPath: 'id' });
  const raw = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
  const body = 'ж'.repeat(size);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tx = raw.transaction('rows', 'readwrite');
    for (let i = 0; i < rows; i++) tx.objectStore('rows').put({ id: i, body: `${i}${body}` });
    tx.oncomplete = () => resolve();
  });
  const perS = rows / ((performance.now() - start) / 1000);
  raw.close();
  indexedDB.deleteDatabase(raw.name);
  return perS;
}

/** What went wrong, readable from Node: Playwright passes on only a thrown error's message. */
function explained<T extends Record<string, (...args: never[]) => Promise<unknown>>>(functions: T): T {
  return Object.fromEntries(
    Object.entries(functions).map(([name, work]) => [
      name,
      async (...args: never[]) => {
        try {
          return await work(...args);
        } catch (error) {
          const e = error as { name?: string; message?: string; code?: string; params?: unknown; stack?: string };
          throw new Error(`${name}: ${JSON.stringify({ name: e.name, message: e.message, code: e.code, params: e.params, stack: e.stack?.split('\n').slice(0, 4) })}`, { cause: error });
        }
      },
    ]),
  ) as T;
}

Object.assign(window, { bench: explained(bench) });
document.getElementById('state')!.textContent = 'ready';
