/**
 * The built renderer's JavaScript, gzipped (`npm run size`, after the build; `npm run bench`
 * reports the same figures): what loads at start, and everything with the lazily loaded PDF writer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const JS_GOALS = {
  renderer_js_gzip_kb: { goal: 600, better: 'lower', unit: 'KB' },
  renderer_js_start_gzip_kb: { goal: 250, better: 'lower', unit: 'KB' },
} as const;

export function javascriptSize(dir: string): { startKb: number; totalKb: number; files: Map<string, number> } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = new Map(
    readdirSync(join(dir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => [f, gzipSync(readFileSync(join(dir, 'assets', f)), { level: 9 }).length / 1024]),
  );
  const sum = (names: string[]) => names.reduce((s, f) => s + files.get(f)!, 0);
  return { startKb: sum([...files.keys()].filter((f) => html.includes(f))), totalKb: sum([...files.keys()]), files };
}

if (process.argv[1] === import.meta.filename) {
  const { startKb, totalKb, files } = javascriptSize(resolve(import.meta.dirname, '../dist/renderer'));
  for (const [f, kb] of [...files].sort((a, b) => b[1] - a[1])) console.log(`${kb.toFixed(1).padStart(8)} KB  ${f}`);
  console.log(`renderer_js_start_gzip_kb ${Math.round(startKb)} (≤ ${JS_GOALS.renderer_js_start_gzip_kb.goal}), renderer_js_gzip_kb ${Math.round(totalKb)} (≤ ${JS_GOALS.renderer_js_gzip_kb.goal})`);
}
