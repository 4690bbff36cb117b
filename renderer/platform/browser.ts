import { askNcaLayer, fetchHub, NCALAYER_URL, type PlatformBridge, type SocketLike } from '../../shared';

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
  // The browser holds TLS to the certificates it trusts; the pin is checked on each answer's signature (hubLink).
  hubCall: (hubUrl, call) => fetchHub(fetch, hubUrl, call),
  // A browser has no data folder of its own: the safety copy is the desktop app's.
  appendEventLog: async () => {},
  readEventLog: async () => null,
  // The page speaks to NCALayer itself, as the state's portals do; the browser holds NCALayer's TLS certificate as installed.
  ncaSign: (request) => askNcaLayer((url) => new WebSocket(url) as unknown as SocketLike, NCALAYER_URL, request),
};
