import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, formatDate, formatDateTime, registrationNumber, tickHlc } from '../../shared';

describe('dates for people', () => {
  it('writes Kazakh, Russian and English long dates with our own month names', () => {
    expect(formatDate('2026-11-24', 'kk', 'long')).toBe('2026 ж. 24 қараша');
    expect(formatDate('2026-11-24', 'ru', 'long')).toBe('24 ноября 2026 г.');
    expect(formatDate('2026-03-01', 'en', 'long')).toBe('1 March 2026');
    expect(formatDate('2026-03-01', 'kk')).toBe('01.03.2026');
  });
  it('shows an instant in the office’s time zone', () => {
    expect(formatDateTime('2026-11-24T19:30:00.000Z', 300)).toBe('25.11.2026 00:30');
  });
});

describe('registration numbers', () => {
  it('are office, year, device and sequence', () => {
    expect(registrationNumber('PVL', 2026, 'K1', 42)).toBe('PVL-2026-K1-00042');
  });
  it('differ between two devices of one office with the same sequence', () => {
    expect(registrationNumber('PVL', 2026, 'K1', 1)).not.toBe(registrationNumber('PVL', 2026, 'K2', 1));
  });
  it('refuse codes that could make two numbers collide', () => {
    expect(() => registrationNumber('PV-L', 2026, 'K1', 1)).toThrow(RangeError);
    expect(() => registrationNumber('PVL', 2026, '', 1)).toThrow(RangeError);
    expect(() => registrationNumber('PVL', 2026, 'K1', 0)).toThrow(RangeError);
  });
});

describe('hybrid logical clock', () => {
  it('sorts as text in clock order', () => {
    const a = encodeHlc({ wall: 999, counter: 5, deviceId: 'b' });
    const b = encodeHlc({ wall: 1000, counter: 0, deviceId: 'a' });
    expect([b, a].sort()).toEqual([a, b]);
    expect(decodeHlc(a)).toEqual({ wall: 999, counter: 5, deviceId: 'b' });
  });
  it('never goes back when the wall clock jitters back, and follows a corrected clock', () => {
    const first = tickHlc(null, 5000, 'd');
    const second = tickHlc(first, 4000, 'd');
    expect(second).toEqual({ wall: 5000, counter: 1, deviceId: 'd' });
    const ahead = tickHlc(second, 30 * 3_600_000, 'd');
    expect(tickHlc(ahead, 6000, 'd')).toEqual({ wall: 6000, counter: 0, deviceId: 'd' });
  });
});
