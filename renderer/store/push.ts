import Dexie from 'dexie';
import { AUDIT_EVENT_TYPES, DomainError, isOfficeEvent, signHead, type ChainEvent, type HubTransport, type ChainHead, type PushResponse, type Segment, type Signer } from '../../shared';
import type { KenseDb } from './db';
import { call, asDevice, RequestBody, stopIfAsked } from './hubLink';
import { heard } from './pull';
import { loggedTip } from './officeLog';

/*
 * Push: this device's chain, and the chains it carries for others, under their signed heads.
 */

export const PUSH_BATCH = 500;

/** A device's own events from `from` on, at most `limit`. */
function ownFrom(db: KenseDb, deviceId: string, from: number, limit: number): Promise<ChainEvent[]> {
  return db.events.where('[deviceId+deviceSeq]').between([deviceId, from], [deviceId, Dexie.maxKey]).limit(limit).toArray();
}

/** This device's own events the hub does not hold yet. */
export async function outbox(db: KenseDb, limit = Infinity): Promise<ChainEvent[]> {
  const device = await db.device.get('this');
  const sync = await db.sync.get('this');
  if (!device) return [];
  return ownFrom(db, device.deviceId, (sync?.pushedSeq ?? 0) + 1, limit);
}

/**
 * What waits to be sent, as the office speaks of it: the applications, each with the steps taken
 * on it in order; how many of them have a signed paper among those steps; and how many of the
 * office's own records are settings (staff, keys, services, terms) or its work log (sign-ins,
 * views, exports).
 */
export interface OutboxSummary {
  applications: { caseId: string; steps: ChainEvent['type'][] }[];
  signedPapers: number;
  settings: number;
  workLog: number;
}

const SIGNING: ReadonlySet<string> = new Set(['case.signed', 'case.resultSigned', 'case.ncaSigned']);

export function outboxSummary(events: readonly ChainEvent[]): OutboxSummary {
  const steps = new Map<string, ChainEvent['type'][]>();
  let settings = 0;
  let workLog = 0;
  for (const event of events) {
    if (isOfficeEvent(event)) {
      if ((AUDIT_EVENT_TYPES as readonly string[]).includes(event.type)) workLog++;
      else settings++;
    } else {
      const taken = steps.get(event.caseId) ?? [];
      if (!taken.includes(event.type)) taken.push(event.type);
      steps.set(event.caseId, taken);
    }
  }
  const applications = [...steps].map(([caseId, taken]) => ({ caseId, steps: taken }));
  return { applications, signedPapers: applications.filter((a) => a.steps.some((s) => SIGNING.has(s))).length, settings, workLog };
}

/** A push's events up to this much JSON: a crew's packages carry scans, and the hub takes at most 32 MB a request. */
export const PUSH_BYTES = 8 * 1024 * 1024;

/** The first events of a batch that fit PUSH_BYTES; always at least one, which alone fits the hub's limit (MAX_SCANS × MAX_SCAN_BYTES). */
export function withinPushBytes(batch: ChainEvent[]): ChainEvent[] {
  let bytes = 0;
  const end = batch.findIndex((event, i) => (bytes += JSON.stringify(event).length) > PUSH_BYTES && i > 0);
  return end === -1 ? batch : batch.slice(0, end);
}

/**
 * This device's own events from `from` on, a batch under its signed head, and the push's body;
 * null when none wait. Made while the hub takes the batch before, so the hub waits less between pushes.
 */
function nextPush(db: KenseDb, as: { deviceId: string; key: Signer }, from: number): Promise<{ head: ChainHead; body: RequestBody } | null> {
  const push = (async () => {
    const batch = withinPushBytes(await ownFrom(db, as.deviceId, from, PUSH_BATCH));
    if (!batch.length) return null;
    const segment: Segment = { deviceId: as.deviceId, events: batch, head: await signHead(as.key, batch.at(-1)!) };
    return { head: segment.head, body: new RequestBody({ segments: [segment] }) };
  })();
  // A batch read ahead and then not sent (the hub answered otherwise, or the push stopped) must not fail unseen; one awaited fails as ever.
  push.catch(() => {});
  return push;
}

export async function pushOwn(db: KenseDb, transport: HubTransport, progress: () => void, signal?: AbortSignal): Promise<void> {
  const as = await asDevice(db);
  let next = nextPush(db, as, ((await db.sync.get('this'))?.pushedSeq ?? 0) + 1);
  for (let rounds = 0; rounds < 10_000; rounds++) {
    stopIfAsked(signal);
    const push = await next;
    if (!push) return;
    // The hub is expected to take it all: the batch after it is made meanwhile.
    next = nextPush(db, as, push.head.deviceSeq + 1);
    let pushedSeq;
    const sentAt = Date.now();
    try {
      const answer = await call<PushResponse>(db, transport, '/push', push.body, as);
      await heard(db, answer, sentAt);
      // Lower than before when the hub lost events: they go again.
      pushedSeq = answer.chains[as.deviceId] ?? 0;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'sync.gap')) throw error;
      pushedSeq = Number(error.params.expected) - 1;
    }
    await db.sync.update('this', { pushedSeq });
    // The hub holds the chain elsewhere than this batch's end: the next batch starts after what it holds.
    if (pushedSeq !== push.head.deviceSeq) next = nextPush(db, as, pushedSeq + 1);
    progress();
  }
}

/** Other devices' events this one carries (from a bundle) beyond what the hub has numbered: passed on under their own heads. */
export async function relay(db: KenseDb, transport: HubTransport): Promise<void> {
  const as = await asDevice(db);
  for (const peer of await db.peers.toArray()) {
    if (peer.deviceId === as.deviceId || !peer.head) continue;
    let from = (await loggedTip(db, peer.deviceId)) + 1;
    for (let attempt = 0; attempt < 2 && from <= peer.head.deviceSeq; attempt++) {
      const events = await db.events.where('[deviceId+deviceSeq]').between([peer.deviceId, from], [peer.deviceId, peer.head.deviceSeq], true, true).toArray();
      if (events.at(-1)?.hash !== peer.head.hash) break;
      try {
        await call(db, transport, '/push', { segments: [{ deviceId: peer.deviceId, events, head: peer.head }] }, as);
        break;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'sync.gap')) break;
        from = Number(error.params.expected);
      }
    }
  }
}
