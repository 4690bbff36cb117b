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

/** The clock for a new local event: never behind the last one, even if the wall clock went back. */
export function tickHlc(last: Hlc | null, nowMs: number, deviceId: string): Hlc {
  if (!last || nowMs > last.wall) return { wall: nowMs, counter: 0, deviceId };
  return { wall: last.wall, counter: last.counter + 1, deviceId };
}

