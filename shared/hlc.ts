/**
 * Hybrid logical clock: wall time in ms, a counter for events in the same ms, and the device.
 * Encoded as a fixed-width string so that string order is clock order. It orders events from
 * different devices deterministically; it never decides what a hub accepts.
 */
export interface Hlc {
  wall: number;
  counter: number;
  deviceId: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 6;

export function encodeHlc(h: Hlc): string {
  return `${String(h.wall).padStart(WALL_WIDTH, '0')}:${String(h.counter).padStart(COUNTER_WIDTH, '0')}:${h.deviceId}`;
}

export function decodeHlc(text: string): Hlc {
  const match = /^(\d{15}):(\d{6}):(.+)$/.exec(text);
  if (!match) throw new RangeError(`not a clock value: ${text}`);
  return { wall: Number(match[1]), counter: Number(match[2]), deviceId: match[3]! };
}

/**
 * A wall clock that steps back further than this was corrected, not jittering: a clock that ran
 * a day ahead must not keep dating receipts and signatures in the future once it is set right.
 */
export const CLOCK_CORRECTION_MS = 60_000;

/**
 * The clock for a new local event: never behind the last one when the wall clock jitters back,
 * but following it when it was corrected. The hub orders by its own sequence, so nothing
 * depends on a device's clock only ever rising.
 */
export function tickHlc(last: Hlc | null, nowMs: number, deviceId: string): Hlc {
  if (!last || nowMs > last.wall || last.wall - nowMs > CLOCK_CORRECTION_MS) return { wall: nowMs, counter: 0, deviceId };
  return { wall: last.wall, counter: last.counter + 1, deviceId };
}

