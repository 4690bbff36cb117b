import type { PlatformBridge } from '../../shared';

/** The bridge in a plain browser (`npm run web`): the DOM does what Electron's main process does on the desktop. */
export const browserPlatform: PlatformBridge = {
  kind: 'browser',
  async print() {
    window.print();
  },
};
