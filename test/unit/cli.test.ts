import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kense } from '../../server/cli';

function run(args: string[]) {
  const lines: string[] = [];
  const code = kense(args, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

describe('kense command line', () => {
  it('explains itself', () => {
    expect(run(['--help'])).toMatchObject({ code: 0, text: expect.stringContaining('Usage:') });
    expect(run([]).code).toBe(0);
  });
  it('refuses an unknown command with a pointer to the help', () => {
    expect(run(['frobnicate'])).toEqual({ code: 2, text: 'kense: unknown command "frobnicate". See kense --help.' });
  });
  it('runs as npx kense', () => {
    expect(execFileSync('npx', ['kense', '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
