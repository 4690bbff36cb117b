/**
 * The `kense` command line. Each subcommand is a pure function of its arguments and an
 * output stream, so tests run it in-process.
 */
import { readFileSync } from 'node:fs';

const HELP = `kense — offline-first state services for district education offices

Usage:
  kense --help        this text
  kense --version     the version of Kense

The desktop app: npm start. The same app in a browser: npm run web.
Subcommands come with later releases: catalog check, term, verify, demo, sync-server.`;

export function kense(args: readonly string[], out: (line: string) => void): number {
  const [first] = args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    out(HELP);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    out(pkg.version);
    return 0;
  }
  out(`kense: unknown command "${first}". See kense --help.`);
  return 2;
}
