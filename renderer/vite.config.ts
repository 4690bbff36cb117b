import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSER_CONTENT_SECURITY_POLICY } from '../electron/security.ts';
import { readCertificates } from '../shared/nca.ts';

/** The built app carries the desktop shell's CSP, with the hub reachable; the dev server needs inline scripts for hot reload. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'kense-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${BROWSER_CONTENT_SECURITY_POLICY}" />`),
  };
}

/**
 * The NCA RK roots of resources/trust/nca/ go beside the built app as `trust/nca.json` (DER,
 * base64), which it reads at start: the app needs no certificate parser before its first screen.
 */
function ncaRoots(): Plugin {
  const dir = join(import.meta.dirname, '../resources/trust/nca');
  return {
    name: 'kense-nca-roots',
    apply: 'build',
    generateBundle() {
      const roots = readdirSync(dir).filter((f) => f.endsWith('.pem')).sort().flatMap((f) => readCertificates(readFileSync(join(dir, f), 'utf8')));
      this.emitFile({ type: 'asset', fileName: 'trust/nca.json', source: JSON.stringify(roots.map((der) => Buffer.from(der).toString('base64'))) });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), contentSecurityPolicy(), ncaRoots()],
  // One bundle is fine offline; the budget that matters is 600 KB gzipped (checked by the bench).
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: { port: 5173, strictPort: false },
  preview: { port: 4317, strictPort: true },
});
