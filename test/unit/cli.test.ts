import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kense } from '../../server/cli';
import { newServiceFile } from '../newService';

const SERVICES = join(import.meta.dirname, '../../resources/services');

/** A catalog directory with the shipped services and whatever files a test adds. */
function catalogDir(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kense-catalog-'));
  cpSync(SERVICES, dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
}

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await kense(args, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

describe('kense command line', () => {
  it('explains itself', async () => {
    expect((await run(['--help']))).toMatchObject({ code: 0, text: expect.stringContaining('Usage:') });
    expect((await run([])).code).toBe(0);
  });
  it('refuses an unknown command with a pointer to the help', async () => {
    expect((await run(['frobnicate']))).toEqual({ code: 2, text: 'kense: unknown command "frobnicate". See kense --help.' });
  });
  it('checks the shipped catalog and prints each service with its steps and term', async () => {
    const { code, text } = (await run(['catalog', 'check']));
    expect(code).toBe(0);
    expect(text).toContain('foster-care-placement (version 3) — Placing a child (children) in foster care');
    expect(text).toContain('  review     specialist 25 calendar days   review');
    expect(text).toContain('  term: 30 calendar days, acceptance day not counted');
    expect(text).toContain('  term: the sum of the steps, acceptance day not counted');
    expect(text.split('\n').at(-1)).toBe('7 services, all valid.');
  });

  it('exits 1 naming every wrong file, the path in it and the problem', async () => {
    const s1 = JSON.parse(JSON.stringify(newServiceFile()));
    s1.steps[2].duration.unit = 'weeks';
    const dir = catalogDir({ 'wrong.json': JSON.stringify(s1), 'broken.json': '{ "id": ' });
    const { code, text } = (await run(['catalog', 'check', dir]));
    expect(code).toBe(1);
    expect(text).toMatch(/^broken\.json: \(top\): not valid JSON/m);
    expect(text).toMatch(/^wrong\.json: steps\.2\.duration\.unit: /m);
  });

  it('refuses a service defined twice, and a directory without services', async () => {
    const twice = catalogDir({ 'copy.json': JSON.stringify(newServiceFile()), 'copy2.json': JSON.stringify(newServiceFile()) });
    expect((await run(['catalog', 'check', twice]))).toEqual({ code: 1, text: 'copy2.json: id: service summer-camp-referral is defined twice' });
    expect((await run(['catalog', 'check', mkdtempSync(join(tmpdir(), 'kense-empty-'))])).code).toBe(1);
  });

  it('accepts an eighth service written from docs/catalog.md, and computes its term', async () => {
    const dir = catalogDir({ 'summer-camp-referral.json': JSON.stringify(newServiceFile(), null, 2) });
    const check = (await run(['catalog', 'check', dir]));
    expect(check.code).toBe(0);
    expect(check.text.split('\n').at(-1)).toBe('8 services, all valid.');
    // Visa by Wed 25 Nov, review 2 working days → Fri 27 Nov, handover 1 → Mon 30 Nov.
    const term = (await run(['term', 'summer-camp-referral', '--accepted', '2026-11-24', '--catalog', dir]));
    expect(term.text.split('\n').at(-1)).toBe('due: 2026-11-30');
  });

  it('prints each step’s due time and the promised date last', async () => {
    const { code, text } = (await run(['term', 'guardianship-certificate', '--accepted', '2026-03-20']));
    expect(code).toBe(0);
    const lines = text.split('\n');
    expect(lines).toContain('  review     3 working days     due 30.03.2026 23:59');
    expect(lines.at(-1)).toBe('due: 2026-03-30');
    expect((await run(['term', 'foster-care-placement', '--accepted', '2026-11-24'])).text.split('\n').at(-1)).toBe('due: 2026-12-24');
  });

  it('refuses a bad date, an unknown service and missing arguments', async () => {
    expect((await run(['term', 'guardianship-certificate', '--accepted', '20.03.2026']))).toEqual({ code: 2, text: 'kense: "20.03.2026" is not a date; write YYYY-MM-DD' });
    expect((await run(['term', 'nope', '--accepted', '2026-03-20'])).text).toMatch(/^kense: no service "nope"; the catalog has /);
    expect((await run(['term'])).code).toBe(2);
  });

  it('runs as npx kense', async () => {
    expect(execFileSync('npx', ['kense', '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
