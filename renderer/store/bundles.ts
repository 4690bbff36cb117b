import Dexie from 'dexie';
import {
  bundleSchema,
  DomainError,
  enrolmentIsSigned,
  foldOffice,
  fromBase64,
  genuineSignatures,
  hashHolds,
  headSignedBy,
  isOfficeEvent,
  officeVerdict,
  openBytes,
  sealBytes,
  sealedBundleSchema,
  signHead,
  toBase64,
  type Actor,
  type Bundle,
  type SealedBundle,
  type Segment,
} from '../../shared';
import { ncaRoots } from './ncaTrust';
import type { KenseDb } from './db';
import { recordAudit } from './accounts';
import { deviceFold } from './commands';
import type { PeerRow } from './rows';
import { signerOf, deviceWithKey, anchorOf } from './hubLink';
import { refold, SYNC_TABLES, applyOfficeEvent } from './projection';

/*
 * Bundles: the same chains on a USB stick, checked by the same rules as a pull.
 */

/** Every chain this device holds, each closed by its device's signed head, with the office's enrolments to check them by. */
export async function exportBundle(db: KenseDb, now = new Date()): Promise<Bundle> {
  const device = await deviceWithKey(db);
  const segments: Segment[] = [];
  const own = await db.events.where('[deviceId+deviceSeq]').between([device.deviceId, Dexie.minKey], [device.deviceId, Dexie.maxKey]).toArray();
  if (own.length) segments.push({ deviceId: device.deviceId, events: own, head: await signHead(await signerOf(db, device.deviceKey), own.at(-1)!) });
  const peers = await db.peers.toArray();
  for (const peer of peers) {
    if (peer.deviceId === device.deviceId || !peer.head) continue;
    const events = await db.events.where('[deviceId+deviceSeq]').between([peer.deviceId, 1], [peer.deviceId, peer.head.deviceSeq], true, true).toArray();
    if (events.length === peer.head.deviceSeq && events.at(-1)!.hash === peer.head.hash) segments.push({ deviceId: peer.deviceId, events, head: peer.head });
  }
  return { format: 'kense-bundle/1', officeId: device.office.id, exportedBy: device.deviceId, createdAt: now.toISOString(), segments, devices: peers.map((p) => p.enrolment) };
}

/** The bundle sealed with the office key, as the file's text; the export is recorded in the audit trail. */
export async function exportSealedBundle(db: KenseDb, actor: Actor, what: 'transfer' | 'backup', now = new Date()): Promise<string> {
  const key = db.officeKey;
  if (!key) throw new DomainError('auth.locked');
  const bundle = await exportBundle(db, now);
  const file: SealedBundle = { format: 'kense-sealed-bundle/1', officeId: bundle.officeId, createdAt: bundle.createdAt, sealed: toBase64(sealBytes(key, new TextEncoder().encode(JSON.stringify(bundle)))) };
  await recordAudit(db, actor, { type: 'office.exported', payload: { what, count: bundle.segments.reduce((n, s) => n + s.events.length, 0) } }, now);
  return JSON.stringify(file);
}

/**
 * Takes a transfer file or restores a backup. It opens only with this office's key, and goes
 * through importBundle: events already here are skipped and nothing here is overwritten.
 */
export async function importSealedBundle(db: KenseDb, text: string, now = new Date()): Promise<ImportSummary> {
  const key = db.officeKey;
  if (!key) throw new DomainError('auth.locked');
  let file: SealedBundle;
  try {
    file = sealedBundleSchema.parse(JSON.parse(text));
  } catch {
    throw new DomainError('sync.bundleInvalid');
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(new TextDecoder().decode(openBytes(key, fromBase64(file.sealed))));
  } catch {
    throw new DomainError('backup.wrongOffice');
  }
  return importBundle(db, bundle, now);
}

export interface ImportSummary {
  added: number;
  known: number;
  forks: number;
  /** Segments that start after a gap in what this device holds; their earlier events must come first. */
  gaps: number;
}

/**
 * Takes a bundle from another device of the office. Every segment must carry its device's
 * signature over the head; events already here are skipped, another event under a known
 * (device, seq) is kept aside as a fork, and nothing beyond a gap is taken.
 */
export async function importBundle(db: KenseDb, data: unknown, now = new Date()): Promise<ImportSummary> {
  const parsed = bundleSchema.safeParse(data);
  if (!parsed.success) throw new DomainError('sync.bundleInvalid');
  const device = await deviceWithKey(db);
  if (parsed.data.officeId !== device.office.id) throw new DomainError('sync.bundleOtherOffice');
  const anchor = await anchorOf(db);
  const keys = new Map<string, string>([[device.deviceId, device.deviceKey.publicKey]]);
  const known = await db.peers.toArray();
  for (const peer of known) keys.set(peer.deviceId, peer.enrolment.enrolment.device.publicKey);
  // A revoked device's chain comes only through the hub, as far as the hub took it before.
  const revoked = new Set(known.filter((p) => p.revoked).map((p) => p.deviceId));
  const newPeers: PeerRow[] = [];
  for (const signed of parsed.data.devices) {
    if (signed.enrolment.adminKey === anchor && signed.enrolment.office.id === device.office.id && (await enrolmentIsSigned(signed))) {
      keys.set(signed.enrolment.device.id, signed.enrolment.device.publicKey);
      newPeers.push({ deviceId: signed.enrolment.device.id, enrolment: signed });
    }
  }
  const segments: Segment[] = [];
  for (const segment of parsed.data.segments) {
    if (revoked.has(segment.deviceId)) continue;
    const key = keys.get(segment.deviceId);
    const linked = segment.events.every((e, i) => hashHolds(e) && (i === 0 || e.prevHash === segment.events[i - 1]!.hash));
    if (!key || !linked || !(await headSignedBy(segment.head, key))) throw new DomainError('sync.bundleInvalid');
    segments.push(segment);
  }
  // The events judged by the rulebook against the office as this device has it: provisional, until the hub numbers them.
  let fold = await deviceFold(db, anchor!);
  const genuine = await genuineSignatures(segments.flatMap((s) => s.events), anchor!, fold.registry, ncaRoots());
  const summary: ImportSummary = { added: 0, known: 0, forks: 0, gaps: 0 };
  await db.transaction('rw', [...SYNC_TABLES(db), db.forks], async () => {
    fold = await deviceFold(db, anchor!);
    const touched = new Set<string>();
    for (const peer of newPeers) await db.peers.put({ ...(await db.peers.get(peer.deviceId)), ...peer });
    for (const segment of segments) {
      const chain = db.events.where('[deviceId+deviceSeq]');
      let last = await chain.between([segment.deviceId, Dexie.minKey], [segment.deviceId, Dexie.maxKey]).last();
      for (const event of segment.events) {
        const held = await chain.equals([event.deviceId, event.deviceSeq]).first();
        if (held) {
          if (held.hash === event.hash) summary.known++;
          else {
            summary.forks++;
            await db.forks.put({ id: event.id, event, knownHash: held.hash, foundAt: now.toISOString() });
            break;
          }
        } else if (event.deviceSeq === (last?.deviceSeq ?? 0) + 1 && event.prevHash === (last?.hash ?? null) && event.officeId === device.office.id && !(await db.events.where('id').equals(event.id).count())) {
          await db.events.add(event);
          last = event;
          summary.added++;
          const refusal = officeVerdict(event, fold, genuine);
          if (refusal) {
            await db.refused.put({ key: `bundle:${event.id}`, seq: 0, eventId: event.id, event, reason: refusal.reason, foundAt: now.toISOString(), source: 'bundle' });
          } else if (isOfficeEvent(event)) {
            fold = foldOffice(fold, event);
            await applyOfficeEvent(db, event, anchor!);
          }
          if (!isOfficeEvent(event)) touched.add(event.caseId);
        } else {
          summary.gaps++;
          break;
        }
      }
      if (segment.deviceId !== device.deviceId && last?.hash === segment.head.hash) await db.peers.update(segment.deviceId, { head: segment.head });
    }
    await refold(db, [...touched]);
  });
  return summary;
}
