import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC } from '../shared/platform';
import { clearPrintFiles, PRINT_FILE_MS, printFolder, removePrintFile, writePrintFile } from './printFiles';
import { fetchHub } from '../shared/sync';
import { askNcaLayer, NCALAYER_URL, type SocketLike } from '../shared/ncaLayer';
import WebSocket from 'ws';
import { APP_ORIGIN, certificateVerdict, CONTENT_SECURITY_POLICY, isAllowedRequest, isAppUrl, isEventLogChunk, isHubCall, isHubUrl, isNcaSignRequest, isPdfPayload, isPermissionAllowed, MAX_FILE_BYTES, resolveAppFile, safeFileName, windowPreferences } from './security';

const rendererRoot = join(__dirname, '../renderer');

// Chromium's own menus and dialogs (the context menu, printing) follow its UI locale, which has no Kazakh: Russian is the nearer one.
// Dates do not depend on it: the date field is the app's own (renderer/screens/DateField.tsx).
app.commandLine.appendSwitch('lang', 'ru');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// Every window and frame: no navigation away from the app, no new windows, no webviews.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

/** Handles one IPC channel, only for the app's own frames. */
function handle(channel: string, listener: (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    if (!isAppUrl(event.senderFrame?.url)) throw new Error(`refused ${channel} from an untrusted frame`);
    return listener(event, ...args);
  });
}

app.whenReady().then(() => {
  protocol.handle('app', (request) => {
    const file = resolveAppFile(rendererRoot, request.url);
    return file ? net.fetch(pathToFileURL(file).toString()) : new Response('Not found', { status: 404 });
  });
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, 'mediaTypes' in details ? details.mediaTypes : undefined, details.requestingUrl)),
  );

  // Electron's own viewer cannot print a PDF, so the system's PDF application opens it with its print
  // dialog, from a folder only the user reads; the file goes once the viewer has had time to read it.
  const printing = printFolder(app.getPath('userData')).then(async (dir) => (await clearPrintFiles(dir), dir));
  app.on('will-quit', () => void printing.then(clearPrintFiles));
  handle(IPC.printPdf, async (_event, bytes) => {
    if (!isPdfPayload(bytes)) throw new Error('refused printPdf: not a PDF');
    const file = await writePrintFile(await printing, bytes);
    const problem = await shell.openPath(file);
    setTimeout(() => void removePrintFile(file), problem ? 0 : PRINT_FILE_MS);
    if (problem) throw new Error(problem);
  });
  handle(IPC.saveFile, async (event, name, bytes) => {
    const safe = safeFileName(name);
    if (!safe || !(bytes instanceof Uint8Array) || bytes.length > MAX_FILE_BYTES) throw new Error('refused saveFile: bad name or content');
    const window = BrowserWindow.fromWebContents(event.sender);
    const choice = window ? await dialog.showSaveDialog(window, { defaultPath: safe }) : await dialog.showSaveDialog({ defaultPath: safe });
    if (!choice.canceled && choice.filePath) await writeFile(choice.filePath, bytes);
  });

  // The hub's sessions: Chromium's TLS, held to the key the device pinned (certificateVerdict),
  // not to a CA's word. A first contact, before any pin (the GET /health of a connect or a join),
  // has a session of its own, so no certificate it took is remembered for the pinned calls.
  const pins = new Map<string, string>();
  const refused = new Set<string>();
  const firstContact = session.fromPartition('kense-hub-first-contact');
  const pinned = session.fromPartition('kense-hub');
  firstContact.setCertificateVerifyProc((_request, callback) => callback(0));
  pinned.setCertificateVerifyProc((request, callback) => {
    const verdict = certificateVerdict(request.certificate.data, pins.get(request.hostname) ?? '');
    if (verdict !== 0) refused.add(request.hostname);
    callback(verdict);
  });
  handle(IPC.hubCall, async (_event, hubUrl, call, hubKey) => {
    if (!isHubUrl(hubUrl) || !isHubCall(call) || (hubKey !== null && typeof hubKey !== 'string')) throw new Error('refused hubCall: bad address or request');
    const host = new URL(hubUrl).hostname;
    if (hubKey === null && call.method !== 'GET') throw new Error('refused hubCall: only GET /health goes to a hub not pinned yet');
    if (hubKey !== null) pins.set(host, hubKey);
    refused.delete(host);
    const through = hubKey === null ? firstContact : pinned;
    try {
      return await fetchHub((url, init) => through.fetch(String(url), init), hubUrl, call);
    } catch (error) {
      // Another certificate: an answer no hub signed, which the renderer names as not the pinned hub.
      if (refused.has(host)) return { status: 495, body: null };
      throw error;
    }
  });
  // The safety copy: every committed event, one JSON line each, beside the IndexedDB it can rebuild.
  const eventLog = join(app.getPath('userData'), 'events.jsonl');
  handle(IPC.appendEventLog, async (_event, lines) => {
    if (!isEventLogChunk(lines)) throw new Error('refused appendEventLog: not sealed lines');
    await appendFile(eventLog, lines);
  });
  handle(IPC.readEventLog, async () => (existsSync(eventLog) ? readFile(eventLog, 'utf8') : null));
  // NCALayer on this machine's loopback, with the certificate it made for itself at install; a
  // process posing as it can only hand back a CMS, which nca.ts checks like any other.
  handle(IPC.ncaSign, async (_event, request) => {
    if (!isNcaSignRequest(request)) throw new Error('refused ncaSign: bad request');
    return askNcaLayer((url) => new WebSocket(url, { rejectUnauthorized: false }) as unknown as SocketLike, NCALAYER_URL, request);
  });

  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Kense',
    // plugins: Chromium's PDF viewer for the print preview.
    webPreferences: { preload: join(__dirname, 'preload.cjs'), ...windowPreferences(app.isPackaged) },
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
});

app.on('window-all-closed', () => app.quit());
