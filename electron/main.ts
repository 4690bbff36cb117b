import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC } from '../shared/platform';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAllowedRequest, isAppUrl, resolveAppFile } from './security';

const rendererRoot = join(__dirname, '../renderer');

// Date pickers follow Chromium's UI locale, and Chromium has no Kazakh; Russian gives the DD.MM.YYYY offices use.
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
function handle(channel: string, listener: (event: Electron.IpcMainInvokeEvent) => Promise<unknown>) {
  ipcMain.handle(channel, (event) => {
    if (!isAppUrl(event.senderFrame?.url)) throw new Error(`refused ${channel} from an untrusted frame`);
    return listener(event);
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
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  handle(IPC.print, async (event) => {
    event.sender.print({ silent: false, printBackground: true });
  });

  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Kense',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
});

app.on('window-all-closed', () => app.quit());
