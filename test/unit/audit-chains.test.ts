import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEvent, encodeHlc, OFFICE_STREAM, sealEvent, verifyChain, type ChainEvent } from '../../shared';
import { CHECK_PAGE, verifyAuditChains, type ChainsProgress } from '../../renderer/store/audit';
import { KenseDb } from '../../renderer/store/db';

const actor = { userId: 'u-1', role: 'clerk', name: 'Әйгерім Сәрсенова' } as const;
const DEVICES = ['device-a', 'device-b'];
/** Device a's chain runs over two pages; device b's starts on the third. */
const LENGTHS = [CHECK_PAGE + 1500, 1200];

/** A device's chain of sign-ins, `length` long. */
function chainOf(deviceId: string, length: number): ChainEvent[] {
  const events: ChainEvent[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const head = { officeId: 'o-1', deviceId, lastSeq: seq - 1, lastHash: events.at(-1)?.hash ?? null };
    events.push(chainEvent(head, { type: 'office.signedIn', payload: { failedBefore: 0 }, caseId: OFFICE_STREAM }, actor, encodeHlc({ wall: Date.UTC(2026, 0, 1) + seq * 60_000, counter: 0, deviceId }), `${deviceId}-${seq}`));
  }
  return events;
}

describe('checking the chains a page at a time', () => {
  const db = new KenseDb(`audit-chains-${crypto.randomUUID()}`);
  const chains = DEVICES.map((d, i) => chainOf(d, LENGTHS[i]!));
  const total = LENGTHS[0]! + LENGTHS[1]!;
  beforeAll(async () => {
    db.officeKey = crypto.getRandomValues(new Uint8Array(32));
    await db.events.bulkAdd(chains.flat());
  });
  afterAll(() => db.delete());

  it('reports its progress page by page and finds what the whole check finds', async () => {
    const progress: ChainsProgress[] = [];
    const checked = await verifyAuditChains(db, (p) => progress.push(p));
    expect(progress).toEqual([CHECK_PAGE, 2 * CHECK_PAGE, total].map((n) => ({ checked: n, total })));
    expect(checked).toEqual({
      stopped: false,
      checked: total,
      total,
      chains: chains.map((chain, i) => ({ deviceId: DEVICES[i], deviceCode: DEVICES[i]!.slice(0, 8), events: chain.length, check: verifyChain(chain) })),
    });
    expect(checked.chains.map((c) => c.check)).toEqual([{ ok: true }, { ok: true }]);
  });

  it('finds a broken link on a later page, where the whole check finds it', async () => {
    const seq = CHECK_PAGE + 700;
    const original = chains[0]![seq - 1]!;
    // Relinked and hashed again: its own hash holds, so only the link gives it away.
    const relinked = sealEvent({ ...original, hash: undefined, prevHash: chains[0]![seq - 3]!.hash }) as ChainEvent;
    await db.events.put(relinked);
    const { chains: found } = await verifyAuditChains(db);
    const whole = chains[0]!.map((e) => (e.id === relinked.id ? relinked : e));
    expect(found.map((c) => c.check)).toEqual([verifyChain(whole), { ok: true }]);
    expect(found[0]!.check).toEqual({ ok: false, deviceSeq: seq, problem: 'link' });
    await db.events.put(original);
  });

  it('stops when asked, claims no chain intact, and changes nothing', async () => {
    const stop = new AbortController();
    const checked = await verifyAuditChains(db, () => stop.abort(), stop.signal);
    expect(checked).toEqual({ stopped: true, checked: CHECK_PAGE, total, chains: [] });
    expect(await db.events.count()).toBe(total);
    // A chain found broken before the stop is still reported broken.
    const changed = chains[0]![10]!;
    await db.events.put({ ...changed, actor: { ...actor, name: 'Басқа' } });
    const again = new AbortController();
    expect((await verifyAuditChains(db, () => again.abort(), again.signal)).chains.map((c) => c.check)).toEqual([{ ok: false, deviceSeq: 11, problem: 'hash' }]);
    await db.events.put(changed);
  });
});
