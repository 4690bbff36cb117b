import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashOf, sealEvent, verifyChain, type CaseEvent } from '../../shared';
import { device, intakeCommand } from './fixtures';

function chain(): CaseEvent[] {
  const d = device();
  d.run(intakeCommand, 'u-clerk');
  d.run({ ...intakeCommand, caseId: 'case-2' }, 'u-clerk');
  d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
  return d.events;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 'ә' }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":"ә","f":1}]},"b":1}');
  });
  it('writes what RFC 8785 (the canonicalize package) writes, the long way where the quick one cannot', () => {
    const values: unknown[] = [
      chain(),
      { '10': 'a', '9': 'b', x: { '0': 1, '01': 2 } },
      { é: 1, e: 2, É: 3, '😀': 4, z: '😀 ә \u0000 "q" \\' },
      [1e21, 1e-7, -0, 0.1 + 0.2, 2 ** 53, -1.5, true, false, null, undefined, [], {}],
      { a: undefined, b: [undefined], c: new Date('2026-11-24T06:00:00Z') },
      { ['__proto__']: { a: 1 } },
      JSON.parse('{"__proto__": {"b": 2}, "a": 1}'),
      // eslint-disable-next-line no-sparse-arrays
      [1, , 2],
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(() => canonicalJson({ a: 'x\ud800' })).toThrow('Lone surrogate');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('NaN');
    expect(() => canonicalJson(undefined)).toThrow('no canonical JSON form');
  });
  it('hashes equal data equally, whatever the key order', () => {
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
    expect(hashOf({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
  it('hashes on the hub as on a device: the hub hands in Node’s SHA-256, and the hash of text beyond ASCII stays the same', async () => {
    const value = { paper: '📄', kk: 'Әйгерім', n: 1 };
    const onDevice = '40f9f0e334e7f11f26af5425f972daf4119f95d7efcab72f688de98ba2e87e75';
    expect(hashOf(value)).toBe(onDevice);
    await import('../../server/hub');
    expect(hashOf(value)).toBe(onDevice);
  });
});

describe('hash chain', () => {
  it('holds for events as the device wrote them', () => {
    const events = chain();
    expect(events.map((e) => e.deviceSeq)).toEqual([1, 2, 3]);
    expect(events[0]!.prevHash).toBeNull();
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(verifyChain(events)).toEqual({ ok: true });
  });

  it('finds a changed event', () => {
    const events = chain();
    const forged = structuredClone(events);
    (forged[1]!.payload as { applicant: { name: string } }).applicant.name = 'Басқа адам';
    expect(verifyChain(forged)).toEqual({ ok: false, deviceSeq: 2, problem: 'hash' });
  });

  it('finds a changed event that was re-hashed, at the next link', () => {
    const events = chain();
    const { hash: _, ...rest } = events[1]!;
    const rehashed = sealEvent({ ...rest, actor: { ...rest.actor, name: 'Басқа адам' } });
    expect(verifyChain([events[0]!, rehashed, events[2]!])).toEqual({ ok: false, deviceSeq: 3, problem: 'link' });
  });

  it('finds a removed event', () => {
    const events = chain();
    expect(verifyChain([events[0]!, events[2]!])).toEqual({ ok: false, deviceSeq: 3, problem: 'gap' });
  });
});
