import type { Plugin } from 'vite';
import { NCA_ROOTS_DIR, ncaRootsIn } from '../server/resources';

/**
 * The NCA RK roots of resources/trust/nca/ go beside the built app as `trust/nca.json` (DER,
 * base64), which it reads at start (renderer/app/runtime.ts): the app needs no certificate
 * parser before its first screen, and the renderer reads no folder itself.
 */
export function ncaRootsAsset(): Plugin {
  return {
    name: 'kense-nca-roots',
    apply: 'build',
    generateBundle() {
      const roots = ncaRootsIn(NCA_ROOTS_DIR).map((der) => Buffer.from(der).toString('base64'));
      this.emitFile({ type: 'asset', fileName: 'trust/nca.json', source: JSON.stringify(roots) });
    },
  };
}
