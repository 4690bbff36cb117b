import { Session } from 'node:inspector/promises';
import type { CDPSession } from '@playwright/test';

/** A V8 CPU profile as the inspector protocol gives it (Profiler.stop), the parts read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
}

/** Where the time went: the functions with the most samples of their own, as "share  name  file:line". */
export function topFunctions(profile: CpuProfile, count = 12): string[] {
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? ` ${url.replace(/^.*\/(?:node_modules\/)?/, '')}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    byName.set(name, (byName.get(name) ?? 0) + hits);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`);
}

/** Profiles the browser page behind a CDP session while `work` runs. */
export async function profilePage<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ result: T; top: string[] }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = await cdp.send('Profiler.stop');
  return { result, top: topFunctions(profile as CpuProfile) };
}

/** Profiles this Node process (the hub runs in it) while `work` runs. */
export async function profileHere<T>(work: () => Promise<T>): Promise<{ result: T; top: string[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await work();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return { result, top: topFunctions(profile as CpuProfile) };
}
