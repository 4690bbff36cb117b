/**
 * The desktop shell's security rules as pure functions, so vitest checks them in Node.
 * Nothing here imports electron.
 */
import { createPublicKey } from 'node:crypto';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { isLoopbackHost } from '../shared/sync';
import { NCALAYER_URL, type NcaSignRequest } from '../shared/ncaLayer';

/** The renderer is served from its own privileged scheme, never from file:// or the network. */
export const APP_ORIGIN = 'app://kense';

/** No remote content: scripts, styles, fonts and data only from the app itself (children's data stays on the machine). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  // The print preview shows the PDF the renderer made, from a blob: URL.
  "frame-src blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The same policy for the app in a plain browser (`npm run web`), where the page itself calls the
 * office's hub, whose address each office sets. On the desktop the main process calls it, and the
 * shell's stricter header policy applies on top of this one.
 */
export const BROWSER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' https: http://localhost:* http://127.0.0.1:* ${NCALAYER_URL}`);

export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    // Compare scheme and host: outside Electron a custom scheme's URL has the origin 'null'.
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'kense';
  } catch {
    return false;
  }
}

/** Requests the window may make: its own files, and in-memory data it made itself. */
export function isAllowedRequest(url: string): boolean {
  return isAppUrl(url) || url.startsWith('data:') || url.startsWith('blob:app://kense/') || url.startsWith('devtools://');
}

/** The file an app:// URL names under the renderer's folder, or null for anything that would leave it. */
export function resolveAppFile(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const pathname = decodeURIComponent(new URL(url).pathname);
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  const inside = relative(root, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? file : null;
}

/**
 * The one permission the window gets: the camera (video alone, no microphone) for the app's own
 * pages, to photograph a document at intake or read a QR code. Everything else is denied.
 */
export function isPermissionAllowed(permission: string, mediaTypes: readonly string[] | undefined, requestingUrl: string): boolean {
  return permission === 'media' && isAppUrl(requestingUrl) && !!mediaTypes?.length && mediaTypes.every((type) => type === 'video');
}

/** The largest file the renderer may hand over (a year's journal is well below). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** A PDF the renderer asks to print: bytes that start as a PDF does, within the size limit. */
export function isPdfPayload(bytes: unknown): bytes is Uint8Array {
  return bytes instanceof Uint8Array && bytes.length > 4 && bytes.length <= MAX_FILE_BYTES && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}

/** A hub address the main process may call for the renderer: plain http(s), no credentials in it. */
export function isHubUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 300) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/**
 * Chromium's answer for a hub's certificate (0 take it, -2 refuse): the one whose key the device
 * pinned, whoever issued it. The first contact before a pin is main's other session, and the
 * administrator then compares the key's fingerprint with the hub's own screen.
 */
export function certificateVerdict(certificatePem: string, pinned: string): 0 | -2 {
  try {
    return createPublicKey(certificatePem).export({ type: 'spki', format: 'der' }).toString('base64') === pinned ? 0 : -2;
  } catch {
    return -2;
  }
}

/** A request to the hub as the renderer describes it: one of the hub's paths, a text body within the size limit. */
export function isHubCall(call: unknown): call is { method: 'GET' | 'POST'; path: string; body: string; auth?: string } {
  const c = call as Record<string, unknown> | null;
  return (
    typeof c === 'object' && c !== null && (c.method === 'GET' || c.method === 'POST') && typeof c.path === 'string' && /^\/[a-z/]{1,40}$/.test(c.path) &&
    typeof c.body === 'string' && c.body.length <= MAX_FILE_BYTES && (c.auth === undefined || typeof c.auth === 'string')
  );
}

/** A chunk for the safety copy of the event log: whole lines of sealed events (base64), nothing else. */
export function isEventLogChunk(lines: unknown): lines is string {
  return typeof lines === 'string' && lines.length <= MAX_FILE_BYTES && /^([A-Za-z0-9+/]+={0,2}\n)+$/.test(lines);
}

/** A signing the renderer asks of NCALayer: a payload within the size limit, a head's IIN, a language NCALayer has. */
export function isNcaSignRequest(request: unknown): request is NcaSignRequest {
  const r = request as Record<string, unknown> | null;
  return (
    typeof r === 'object' && r !== null && typeof r.data === 'string' && r.data.length <= 1_000_000 && /^[A-Za-z0-9+/]*={0,2}$/.test(r.data) &&
    typeof r.iin === 'string' && /^\d{12}$/.test(r.iin) && (r.locale === 'kk' || r.locale === 'ru' || r.locale === 'en')
  );
}

/**
 * The window's web preferences: isolated, sandboxed, no Node. Developer tools only in a
 * development run: in the installed app they would open the unlocked session to anyone at the desk.
 */
export function windowPreferences(packaged: boolean) {
  return { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false, devTools: !packaged, plugins: true } as const;
}

/** A suggested file name the save dialog may show: a plain name with an extension, no folders, no control characters. */
export function safeFileName(name: unknown): string | null {
  if (typeof name !== 'string' || name.length > 120) return null;
  return /^[\p{L}\p{N}][\p{L}\p{N} ._-]*\.(pdf|json|csv|kense)$/u.test(name) && !name.includes('..') ? name : null;
}
