import Dexie from 'dexie';
import {
  DomainError,
  emptyOfficeFold,
  staffFold,
  type OfficeFold,
  enrolmentIsSigned,
  foldOffice,
  genuineSignatures,
  headSignedBy,
  isOfficeEvent,
  officeVerdict,
  screenPage,
  type ChainEvent,
  type ChainView,
  type HubTransport,
  type LogEntry,
  type OfficeEvent,
  type PullResponse,
  type ScreenedPage,
  OFFICE_STREAM,
} from '../../shared';
import { keysOf, type KenseDb } from './db';
import { ncaRoots } from './ncaTrust';
import type { LogRow, PeerRow } from './rows';
import { anchorOf, call, asDevice, stopIfAsked } from './hubLink';
import { refold, SYNC_TABLES, applyOfficeEvent } from './projection';
import { inlineOf, logPage, PULL_PAGE } from './officeLog';

/*
 * Pull: pages of the office log, each entry checked against its device's chain (screenPage) and
 * the rulebook before anything of it is applied; what fails is kept apart and the pull goes on.
 */

const refusedKey = (seq: number, event: ChainEvent | null) => `${seq}:${event?.hash ?? '-'}`;

/**
 * The office before the log's first entry, as this device's own enrolment has it: the people the
 * administrator key signed into it. So the office's first record is judged against them, and a
 * device that a lying hub feeds another "first" administrator's record first refuses it.
 */
async function firstFold(db: KenseDb, anchor: string): Promise<OfficeFold> {
  const device = (await db.device.get('this'))!;
  const own = await db.peers.get(device.deviceId);
  return { ...emptyOfficeFold(anchor), staff: staffFold(own?.enrolment.enrolment.staff ?? []) };
}

/** The event of a page's last entry, which the cursor names beside its number (the hub checks it is still there). */
function cursorEventOf(page: ScreenedPage): string | null {
  return [...page.taken, ...page.refused].find((e) => e.seq === page.through)?.event?.id ?? null;
}

/**
 * Applies one screened page of the office log and moves the cursor, in one transaction. Each
 * entry is judged again here by the rulebook, with the office as the log stands at it; what the
 * rules refuse is kept, marked with the reason, and never applied.
 */
async function applyPage(db: KenseDb, page: ScreenedPage, peers: PeerRow[], anchor: string, now: Date): Promise<void> {
  const first = await firstFold(db, anchor);
  const start = (await db.sync.get('this'))!.fold ?? first;
  // An entry of an event held here is judged on this device's own copy, never the pulled one.
  const mine = await db.events.bulkGet(page.taken.map((e) => e.event.id));
  const entries = page.taken.map((e, i) => (mine[i]?.deviceId === e.event.deviceId && mine[i]?.deviceSeq === e.event.deviceSeq ? { ...e, event: mine[i]! } : e));
  const genuine = await genuineSignatures(
    entries.filter((e) => e.status !== 'quarantined').map((e) => e.event),
    anchor,
    start.registry,
    ncaRoots(),
  );
  await db.transaction('rw', SYNC_TABLES(db), async () => {
    let fold = (await db.sync.get('this'))!.fold ?? first;
    // What this device holds already, read as keys only: nothing is opened.
    const held = new Set(await keysOf(db.events, 'id', entries.map((e) => e.event.id)));
    const taken = new Set((await db.events.where('[deviceId+deviceSeq]').anyOf(entries.map((e) => [e.event.deviceId, e.event.deviceSeq])).keys()).map((k) => String(k)));
    const added: ChainEvent[] = [];
    const logged: LogRow[] = [];
    const office: OfficeEvent[] = [];
    for (const { seq, status, reason, event, knownHash } of entries) {
      const key = String([event.deviceId, event.deviceSeq]);
      const row: LogRow = { seq, status, reason, eventId: event.id, caseId: event.caseId, deviceId: event.deviceId, deviceSeq: event.deviceSeq, ...(knownHash ? { knownHash } : {}) };
      logged.push(row);
      if (status === 'quarantined') {
        row.event = event;
        continue;
      }
      // Another event of the office already has this id: kept in the log row, refused.
      const clash = held.has(event.id) && !taken.has(key);
      if (clash) row.event = event;
      else if (!taken.has(key)) {
        added.push(event);
        held.add(event.id);
        taken.add(key);
      }
      if (status === 'held') continue;
      const refusal = clash ? { status: 'rejected' as const, reason: { code: 'sync.duplicateId' as const, params: { eventId: event.id } } } : officeVerdict(event, fold, genuine);
      if (refusal) {
        Object.assign(row, { status: refusal.status, byDevice: refusal.reason, ...(status !== refusal.status ? { hubStatus: status } : {}) });
      } else if (isOfficeEvent(event)) {
        fold = foldOffice(fold, event);
        office.push(event);
        if (status !== 'accepted') Object.assign(row, { status: 'accepted', hubStatus: status });
      }
    }
    await db.events.bulkAdd(added);
    if (logged.length) await db.logPages.put(logPage(logged));
    // The office's devices first: an office record may speak of one (a revocation).
    for (const peer of peers) {
      const known = await db.peers.get(peer.deviceId);
      await db.peers.put({ ...known, ...peer });
    }
    for (const event of office) await applyOfficeEvent(db, event, anchor);
    // Entries taken now that were refused before (altered on the way) leave the refused list.
    await db.refused.where('seq').anyOf(page.taken.map((e) => e.seq)).filter((r) => r.source === 'pull').delete();
    for (const { seq, event, reason } of page.refused) {
      const key = refusedKey(seq, event);
      await db.refused.where('seq').equals(seq).filter((r) => r.key !== key).delete();
      if (!(await db.refused.get(key))) await db.refused.put({ key, seq, eventId: event?.id ?? '', event, reason, foundAt: now.toISOString(), source: 'pull' });
    }
    const { cursor, unfoldedFrom } = (await db.sync.get('this'))!;
    await db.sync.update('this', { cursor: page.through, cursorEventId: cursorEventOf(page), fold, unfoldedFrom: Math.min(unfoldedFrom ?? cursor, cursor) });
  });
}

/**
 * Forgets the pulled log: the hub lost or rewrote it, or a whole pull checks again the entries kept
 * apart (a link that changed them once may not again). It is pulled from 0.
 */
async function pullAgain(db: KenseDb, keepRefused: boolean): Promise<void> {
  await db.transaction('rw', db.logPages, db.sync, db.refused, async () => {
    await db.logPages.clear();
    if (!keepRefused) await db.refused.where('seq').above(0).delete();
    await db.sync.update('this', { cursor: 0, cursorEventId: null, fold: undefined });
  });
}

/** Notes the hub's epoch and clock; a new epoch (a hub restored from backup) means pulling the whole log again. */
export async function heard(db: KenseDb, answer: { epoch: string; now: string }, sentAt: number, answeredAt = Date.now()): Promise<boolean> {
  const row = (await db.sync.get('this'))!;
  const clockSkewMs = Date.parse(answer.now) - (sentAt + answeredAt) / 2;
  const restored = row.epoch !== null && row.epoch !== answer.epoch;
  await db.sync.update('this', { epoch: answer.epoch, clockSkewMs });
  if (restored) await pullAgain(db, false);
  return restored;
}

/** What this device holds of the chains a page names, for screenPage: read before its transaction, keys only but each chain's last event. */
async function chainView(db: KenseDb, entries: readonly LogEntry[], keys: Map<string, string>, officeId: string): Promise<ChainView> {
  const devices = [...new Set(entries.map((e) => e?.event?.deviceId).filter((d): d is string => typeof d === 'string' && keys.has(d)))];
  const tips = new Map<string, { seq: number; hash: string | null }>();
  for (const deviceId of devices) {
    const last = await db.events.where('[deviceId+deviceSeq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).last();
    // An event whose id another event holds is kept in its log row, and still links its chain.
    const inline = (await inlineOf(db, deviceId)).map((r) => r.event!).filter((e) => e.deviceSeq > (last?.deviceSeq ?? 0));
    const tip = inline.sort((a, b) => a.deviceSeq - b.deviceSeq).at(-1) ?? last;
    tips.set(deviceId, { seq: tip?.deviceSeq ?? 0, hash: tip?.hash ?? null });
  }
  const readable = entries.filter((e) => typeof e?.event?.deviceId === 'string' && Number.isInteger(e.event.deviceSeq) && typeof e.event.id === 'string');
  // Where each event this device holds under a page's id sits; a place held by another event is named by none.
  const taken = await db.events.where('[deviceId+deviceSeq]').anyOf(readable.map((e) => [e.event.deviceId, e.event.deviceSeq])).keys();
  const held = new Map<string, string>(taken.map((k) => [String(k), '']));
  for (const event of await db.events.bulkGet(readable.map((e) => e.event.id))) if (event) held.set(String([event.deviceId, event.deviceSeq]), event.id);
  const signedHeads = new Set<number>();
  for (const entry of entries) {
    const key = entry?.head && keys.get(entry.head.deviceId);
    if (key && (await headSignedBy(entry.head!, key))) signedHeads.add(entry.seq);
  }
  return { officeId, keys, tip: (deviceId) => tips.get(deviceId) ?? { seq: 0, hash: null }, held: (deviceId, seq) => held.get(String([deviceId, seq])), signedHeads };
}

/** Cases folded per transaction as a pull ends: one case-sized read and write each, bounded in memory. */
const FOLD_BATCH = 1000;

/**
 * Folds the cases of the entries applied since the sync row's mark, once per pull rather than once
 * per page that touches them. A pull cut off before it (the app closed) leaves the mark, and the
 * next sync folds them.
 */
async function foldCases(db: KenseDb): Promise<void> {
  const from = (await db.sync.get('this'))!.unfoldedFrom;
  if (from === undefined) return;
  const caseIds = [...new Set((await db.logPages.where('through').above(from).toArray()).flatMap((p) => p.caseIds))].filter((id) => id !== OFFICE_STREAM);
  for (let i = 0; i < caseIds.length; i += FOLD_BATCH) await db.transaction('rw', SYNC_TABLES(db), () => refold(db, caseIds.slice(i, i + FOLD_BATCH)));
  await db.sync.update('this', { unfoldedFrom: undefined });
}

/** Pulls the office log page by page, then folds the cases it touched, also when stopped or cut off on the way. */
export async function pullAll(db: KenseDb, transport: HubTransport, progress: (page: number, left: number) => void, signal?: AbortSignal): Promise<{ restored: boolean; ownSeq: number }> {
  try {
    return await pullPages(db, transport, progress, signal);
  } finally {
    await foldCases(db);
  }
}

/** A page asked for: the cursor it follows, and the hub's answer with when it was asked and answered. */
interface Asked {
  after: number;
  answer: Promise<{ answer: PullResponse; sentAt: number; answeredAt: number }>;
}

async function pullPages(db: KenseDb, transport: HubTransport, progress: (page: number, left: number) => void, signal?: AbortSignal): Promise<{ restored: boolean; ownSeq: number }> {
  const device = (await db.device.get('this'))!;
  const as = await asDevice(db);
  const ask = (after: number, afterId: string | null): Asked => {
    const sentAt = Date.now();
    const answer = call<PullResponse>(db, transport, '/pull', { after, afterId, limit: PULL_PAGE }, as).then((answer) => ({ answer, sentAt, answeredAt: Date.now() }));
    // Awaited on the next round; a page that fails before then must not leave it unhandled.
    answer.catch(() => {});
    return { after, answer };
  };
  let restored = false;
  let rechecked = false;
  let next: Asked | null = null;
  for (let rounds = 0; rounds < 100_000; rounds++) {
    stopIfAsked(signal);
    const sync = (await db.sync.get('this'))!;
    const asked = next?.after === sync.cursor ? next : ask(sync.cursor, sync.cursorEventId);
    next = null;
    const { answer, sentAt, answeredAt } = await asked.answer;
    restored = (await heard(db, answer, sentAt, answeredAt)) || restored;
    if (answer.reset) {
      await pullAgain(db, false);
      restored = true;
      continue;
    }
    const anchor = (await anchorOf(db))!;
    const peers: PeerRow[] = [];
    const keys = new Map((await db.peers.toArray()).map((p) => [p.deviceId, p.enrolment.enrolment.device.publicKey]));
    for (const signed of Array.isArray(answer.devices) ? answer.devices : []) {
      if (signed?.enrolment?.adminKey !== anchor || signed.enrolment.office?.id !== device.office.id || !(await enrolmentIsSigned(signed))) continue;
      keys.set(signed.enrolment.device.id, signed.enrolment.device.publicKey);
      // Only a head the device itself signed is kept to pass on in transfer files.
      const head = (Array.isArray(answer.heads) ? answer.heads : []).find((h) => h?.deviceId === signed.enrolment.device.id);
      const genuine = head && (await headSignedBy(head, signed.enrolment.device.publicKey));
      peers.push({ deviceId: signed.enrolment.device.id, enrolment: signed, ...(genuine ? { head } : {}) });
    }
    const entries = Array.isArray(answer.entries) ? answer.entries : [];
    const page = screenPage(entries, sync.cursor, await chainView(db, entries, keys, device.office.id));
    // A page whose first entry is missing or out of place carries nothing this device can take.
    if (entries.length && page.through === sync.cursor) throw new DomainError('sync.pageBroken');
    // The next page is asked for while this one is written, so the hub answers while the device works.
    if (entries.length && page.through < answer.last) next = ask(page.through, cursorEventOf(page));
    await applyPage(db, page, peers, anchor, new Date());
    progress(page.through - sync.cursor, answer.last - page.through);
    if (!entries.length || page.through >= answer.last) {
      // Entries kept apart are pulled again at each sync, on a whole pull, until the hub serves them whole.
      if (!rechecked && (await db.refused.where('seq').above(0).count())) {
        rechecked = true;
        await pullAgain(db, true);
        continue;
      }
      return { restored, ownSeq: answer.ownSeq };
    }
  }
  return { restored, ownSeq: 0 };
}
