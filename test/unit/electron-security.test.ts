import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateVerdict, windowPreferences, BROWSER_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY, isAllowedRequest, isAppUrl, isEventLogChunk, isHubCall, isHubUrl, isNcaSignRequest, isPdfPayload, isPermissionAllowed, resolveAppFile, safeFileName } from '../../electron/security';
import { clearPrintFiles, printFolder, removePrintFile, writePrintFile } from '../../electron/printFiles';
import { hubTls } from '../../server/hubTls';

describe('desktop shell security', () => {
  it('grants the camera alone, to the app alone; every other permission is denied', () => {
    expect(isPermissionAllowed('media', ['video'], 'app://kense/index.html#/intake')).toBe(true);
    expect(isPermissionAllowed('media', ['video', 'audio'], 'app://kense/index.html')).toBe(false);
    expect(isPermissionAllowed('media', ['audio'], 'app://kense/index.html')).toBe(false);
    expect(isPermissionAllowed('media', [], 'app://kense/index.html')).toBe(false);
    expect(isPermissionAllowed('media', undefined, 'app://kense/index.html')).toBe(false);
    expect(isPermissionAllowed('media', ['video'], 'https://evil.example/')).toBe(false);
    for (const other of ['geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(isPermissionAllowed(other, ['video'], 'app://kense/')).toBe(false);
  });

  it('trusts only the app’s own origin as an IPC sender or navigation target', () => {
    expect(isAppUrl('app://kense/index.html#/case/1')).toBe(true);
    expect(isAppUrl('app://kense.evil/index.html')).toBe(false);
    expect(isAppUrl('https://kense/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('lets the window load nothing from the network', () => {
    expect(isAllowedRequest('app://kense/assets/index.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AA==')).toBe(true);
    expect(isAllowedRequest('https://fonts.googleapis.com/css')).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1:8080/')).toBe(false);
  });

  it('serves files from the renderer folder only', () => {
    expect(resolveAppFile('/opt/kense/renderer', 'app://kense/')).toBe('/opt/kense/renderer/index.html');
    expect(resolveAppFile('/opt/kense/renderer', 'app://kense/assets/a.js')).toBe('/opt/kense/renderer/assets/a.js');
    expect(resolveAppFile('/opt/kense/renderer', 'app://kense/..%2F..%2Fetc/passwd')).toBeNull();
    expect(resolveAppFile('/opt/kense/renderer', 'app://other/index.html')).toBeNull();
  });

  it('has a CSP that allows no remote or inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });

  it('prints only what is a PDF, within the size limit', () => {
    expect(isPdfPayload(new TextEncoder().encode('%PDF-1.7 …'))).toBe(true);
    expect(isPdfPayload(new TextEncoder().encode('<html>'))).toBe(false);
    expect(isPdfPayload('%PDF-1.7')).toBe(false);
    expect(isPdfPayload(new Uint8Array(60 * 1024 * 1024).fill(0x25))).toBe(false);
  });

  it('suggests only plain file names to the save dialog', () => {
    expect(safeFileName('анықтама-PVL-2026-K1-00001.pdf')).toBe('анықтама-PVL-2026-K1-00001.pdf');
    expect(safeFileName('trust.json')).toBe('trust.json');
    expect(safeFileName('../../etc/passwd.pdf')).toBeNull();
    expect(safeFileName('C:\\Windows\\a.pdf')).toBeNull();
    expect(safeFileName('run.exe')).toBeNull();
    expect(safeFileName(42)).toBeNull();
  });

  it('takes a hub’s certificate only when its key is the one the device pinned', async () => {
    const [a, b] = await Promise.all([hubTls(mkdtempSync(join(tmpdir(), 'kense-pin-a-'))), hubTls(mkdtempSync(join(tmpdir(), 'kense-pin-b-')))]);
    expect(certificateVerdict(a.cert, a.identity.hubKey)).toBe(0);
    expect(certificateVerdict(b.cert, a.identity.hubKey)).toBe(-2);
    expect(certificateVerdict('not a certificate', a.identity.hubKey)).toBe(-2);
    expect(certificateVerdict(a.cert, '')).toBe(-2);
  });

  it('lets the window reach no network itself; in a plain browser it may call the office hub and NCALayer, and only that changes', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self';");
    expect(BROWSER_CONTENT_SECURITY_POLICY).toContain("connect-src 'self' https: http://localhost:* http://127.0.0.1:* wss://127.0.0.1:13579;");
    expect(BROWSER_CONTENT_SECURITY_POLICY.replace(' https: http://localhost:* http://127.0.0.1:* wss://127.0.0.1:13579', '')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('asks NCALayer for the renderer only a payload in base64, a 12-digit IIN and a language NCALayer has', () => {
    const request = { data: 'eyJ2IjoxfQ==', iin: '800101400012', locale: 'kk' };
    expect(isNcaSignRequest(request)).toBe(true);
    expect(isNcaSignRequest({ ...request, data: '{"v":1}' })).toBe(false);
    expect(isNcaSignRequest({ ...request, data: 'A'.repeat(1_000_004) })).toBe(false);
    expect(isNcaSignRequest({ ...request, iin: '80010140001' })).toBe(false);
    expect(isNcaSignRequest({ ...request, locale: 'de' })).toBe(false);
    expect(isNcaSignRequest(null)).toBe(false);
  });

  it('calls for the renderer only an https hub address (plain http to this machine only), with one of its paths', () => {
    expect(isHubUrl('https://192.168.1.10:8470')).toBe(true);
    expect(isHubUrl('http://192.168.1.10:8470')).toBe(false);
    expect(isHubUrl('http://127.0.0.1:8470')).toBe(true);
    expect(isHubUrl('https://hub.pavlodar.example')).toBe(true);
    expect(isHubUrl('file:///etc/passwd')).toBe(false);
    expect(isHubUrl('http://user:secret@hub')).toBe(false);
    expect(isHubUrl(42)).toBe(false);
    expect(isHubCall({ method: 'POST', path: '/push', body: '{}', auth: 'x' })).toBe(true);
    expect(isHubCall({ method: 'DELETE', path: '/push', body: '{}' })).toBe(false);
    expect(isHubCall({ method: 'POST', path: '/../../etc', body: '{}' })).toBe(false);
    expect(isHubCall({ method: 'POST', path: '/push', body: 7 })).toBe(false);
    expect(isHubCall(null)).toBe(false);
  });

  it('appends to the safety copy only whole lines of sealed events', () => {
    expect(isEventLogChunk('q83vEjRWeJA=\nAAEC\n')).toBe(true);
    expect(isEventLogChunk('{"id":"e1"}\n')).toBe(false); // a plain event: personal data in clear
    expect(isEventLogChunk('q83vEjRWeJA=')).toBe(false);
    expect(isEventLogChunk(new Uint8Array(3))).toBe(false);
    expect(isEventLogChunk(`${'A'.repeat(50 * 1024 * 1024)}\n`)).toBe(false);
  });

  it('refuses hostile addresses and payloads', () => {
    expect(isHubUrl('javascript:alert(1)')).toBe(false);
    expect(isHubUrl('data:text/html,<script>')).toBe(false);
    expect(isHubUrl(`http://hub/${'a'.repeat(400)}`)).toBe(false);
    expect(isAppUrl('app://kense@evil.example/index.html')).toBe(false);
    expect(isAppUrl('app://kense.evil.example/')).toBe(false);
    expect(isAppUrl('javascript:app://kense/')).toBe(false);
    expect(isAllowedRequest('blob:https://evil.example/1')).toBe(false);
    // Whatever a path says, the file it names stays inside the renderer's folder, or is refused.
    for (const path of ['%2e%2e/%2e%2e/etc/passwd', '..%2f..%2fetc/passwd', 'assets/..%5c..%5c..%5cwin.ini', '%00/../../x']) {
      const file = resolveAppFile('/opt/kense/renderer', `app://kense/${path}`);
      expect(file === null || file.startsWith('/opt/kense/renderer/'), path).toBe(true);
    }
    expect(isHubCall({ method: 'POST', path: '/push', body: 'x'.repeat(50 * 1024 * 1024 + 1) })).toBe(false);
    expect(isHubCall({ method: 'POST', path: '/push?x=1', body: '{}' })).toBe(false);
    expect(safeFileName('audit-PVL-2026-11-24.csv')).toBe('audit-PVL-2026-11-24.csv');
    expect(safeFileName('backup.kense')).toBe('backup.kense');
    expect(safeFileName('backup.kense.exe')).toBeNull();
    expect(safeFileName('.bashrc.csv')).toBeNull();
  });

  it('turns developer tools off in the installed app, and keeps the window isolated', () => {
    expect(windowPreferences(true)).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(windowPreferences(false).devTools).toBe(true);
  });
});

describe('printed PDFs on the desktop', () => {
  it('sit in a folder only the user can read, and are gone after printing and at the next start', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'kense-user-'));
    const dir = await printFolder(userData);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const file = await writePrintFile(dir, new TextEncoder().encode('%PDF-1.7'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await removePrintFile(file);
    expect(existsSync(file)).toBe(false);
    // One the viewer held open stays until the next start clears the folder.
    const left = await writePrintFile(dir, new TextEncoder().encode('%PDF-1.7'));
    await clearPrintFiles(await printFolder(userData));
    expect(existsSync(left)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
