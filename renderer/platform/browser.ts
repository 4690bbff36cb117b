import { AUTH_HEADER, type PlatformBridge } from '../../shared';

const PDF = 'application/pdf';

/** The bridge in a plain browser (`npm run web`): the DOM does what Electron's main process does on the desktop. */
export const browserPlatform: PlatformBridge = {
  kind: 'browser',
  async printPdf(bytes) {
    // The browser's PDF viewer in a hidden frame prints the file as it is, with its own dialog.
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: PDF }));
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    frame.src = url;
    frame.onload = () => frame.contentWindow?.print();
    document.body.append(frame);
    setTimeout(() => {
      frame.remove();
      URL.revokeObjectURL(url);
    }, 60_000);
  },
  async saveFile(name, bytes) {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: name.endsWith('.pdf') ? PDF : 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  async hubCall(hubUrl, call) {
    const response = await fetch(`${hubUrl}${call.path}`, {
      method: call.method,
      headers: { 'content-type': 'application/json', ...(call.auth ? { [AUTH_HEADER]: call.auth } : {}) },
      body: call.method === 'POST' ? call.body : undefined,
    });
    return { status: response.status, body: await response.json() };
  },
  // A browser has no data folder of its own: the safety copy is the desktop app's.
  appendEventLog: async () => {},
  readEventLog: async () => null,
};
