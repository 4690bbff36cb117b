import type { PlatformBridge } from '../../shared';

/** The bridge in a plain browser (`npm run web`): the DOM does what Electron's main process does on the desktop. */
export const browserPlatform: PlatformBridge = {
  kind: 'browser',
  async saveFile(suggestedName, data, mimeType) {
    const url = URL.createObjectURL(new Blob([data as BlobPart], { type: mimeType }));
    const link = Object.assign(document.createElement('a'), { href: url, download: suggestedName });
    link.click();
    URL.revokeObjectURL(url);
    return true;
  },
  async print() {
    window.print();
  },
};
