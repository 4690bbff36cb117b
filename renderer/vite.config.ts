import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { BROWSER_CONTENT_SECURITY_POLICY } from '../electron/security.ts';
import { ncaRootsAsset } from '../scripts/ncaRootsAsset.ts';

/** The built app carries the desktop shell's CSP, with the hub reachable; the dev server needs inline scripts for hot reload. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'kense-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${BROWSER_CONTENT_SECURITY_POLICY}" />`),
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), contentSecurityPolicy(), ncaRootsAsset()],
  // pdf-lib without what no paper uses (the standard fonts' metrics, the PNG decoder) and with a smaller deflate: see the files.
  resolve: {
    alias: [
      { find: /^@pdf-lib\/standard-fonts$/, replacement: `${import.meta.dirname}/noStandardFonts.ts` },
      { find: /^@pdf-lib\/upng$/, replacement: `${import.meta.dirname}/noPng.ts` },
      { find: /^pako$/, replacement: `${import.meta.dirname}/pakoDeflate.ts` },
    ],
  },
  // The start (sign-in, the start screen, the worklists) is one file; the other screens load with their first opening
  // (screens/laterScreens.ts), the PDF writer, QR reader, NCA checker, charts, XLSX writer and Russian/English texts with
  // their use. Budgets: 250 KB gzipped at start, 600 KB in all (`npm run size`, checked by the bench).
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    // Chromium preloads modules itself.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      treeshake: {
        // shared/ is pure (DESIGN.md "Layers"): what a screen takes from its index through `export *` goes with that
        // screen, not with the start. Reading a property does nothing either: Chart.js's unused scales go.
        moduleSideEffects: [{ test: /^(?!.*node_modules).*[\\/]shared[\\/].+\.ts$/, sideEffects: false }],
        propertyReadSideEffects: false,
      },
      output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } },
    },
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4317, strictPort: true },
});
