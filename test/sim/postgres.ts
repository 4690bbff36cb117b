import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** pg_ctl from PATH or Debian's versioned folder. */
function postgresBin(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) if (existsSync(join(dir, 'pg_ctl'))) return dir;
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  if (version && existsSync(join(root, version, 'bin/pg_ctl'))) return join(root, version, 'bin');
  throw new Error('PostgreSQL is not installed (pg_ctl not found): apt-get install postgresql');
}

/** A port nothing listens on now, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL server on loopback, in a temporary folder; as root it runs as the postgres user. */
export async function startPostgres(): Promise<{ url: string; stop(): void }> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'kense-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (tool: string, args: string[]) => execFileSync(asPostgres[0] ?? join(bin, tool), [...asPostgres.slice(1), ...(asPostgres.length ? [join(bin, tool)] : []), ...args], { stdio: 'pipe' });
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
