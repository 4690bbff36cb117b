import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * The PDFs the desktop app hands to the system's viewer to print. They hold children's data, so
 * they sit in a folder of the app's own that only the user can read, and go as soon as the viewer
 * has read them, or at the next start if the viewer still held one open. Electron-free, so Node
 * tests it.
 */

/** How long the viewer is given to read a printed PDF before it is removed. */
export const PRINT_FILE_MS = 2 * 60 * 1000;

/** The folder of printed PDFs under the app's own data folder, made readable by the user alone. */
export async function printFolder(userData: string): Promise<string> {
  const dir = join(userData, 'print');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

/** Writes one PDF to print, readable by the user alone; returns its path. */
export async function writePrintFile(dir: string, bytes: Uint8Array): Promise<string> {
  const file = join(dir, `kense-${randomUUID()}.pdf`);
  await writeFile(file, bytes, { mode: 0o600 });
  return file;
}

/** Removes a printed PDF; one the viewer still holds open (Windows) stays for clearPrintFiles. */
export async function removePrintFile(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => {});
}

/** Removes every printed PDF left from before: run at start and at quit. */
export async function clearPrintFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) if (name.endsWith('.pdf')) await removePrintFile(join(dir, name));
}
