/**
 * What sealing costs: one case row sealed and opened, and one sign-in's PBKDF2, on this machine.
 * `npx tsx scripts/measure-sealing.ts` (the full benchmark comes with `npm run bench`).
 */
import { foldEvents, makeCredential, newOfficeKey, openCredential, PBKDF2_ITERATIONS } from '../shared';
import { caseRow } from '../renderer/store/db';
import { openRow, sealRow, SEALED_TABLES } from '../renderer/store/sealing';
import { catalog, device, intakeCommand } from '../test/unit/fixtures';

const d = device();
d.run(intakeCommand, 'u-clerk');
d.run({ type: 'visa', caseId: 'case-1', resolution: 'Қарап, анықтама дайындалсын', specialistId: 'u-spec' }, 'u-head');
const row = caseRow(foldEvents(d.events)!, catalog) as unknown as Record<string, unknown>;
const key = newOfficeKey();
const runs = 5000;
const median = (f: () => void) => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[runs >> 1]!;
};
const sealed = sealRow(key, SEALED_TABLES.cases!, row);
console.log(`case row: ${JSON.stringify(row).length} bytes of JSON`);
console.log(`seal p50: ${(median(() => sealRow(key, SEALED_TABLES.cases!, row)) * 1000).toFixed(0)} µs`);
console.log(`open p50: ${(median(() => openRow(key, sealed)) * 1000).toFixed(0)} µs`);
const t = performance.now();
const credential = await makeCredential('құпия сөз 2026', key);
await openCredential(credential, 'құпия сөз 2026');
console.log(`PBKDF2-SHA-256 ×${PBKDF2_ITERATIONS} (make + open): ${(performance.now() - t).toFixed(0)} ms`);
