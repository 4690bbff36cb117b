/**
 * Asks NCALayer, the NCA RK's signing application on the office PC, for a CMS signature. Its
 * `kz.gov.pki.knca.basics` module's `sign` (github.com/pkigovkz/sdkinfo/wiki/KNCA-Basics-Module,
 * as sigex-kz/ncalayer-js-client speaks it): on connecting NCALayer says its version, then
 * answers one request with `{ status, body: { result: [cms] } }`, an empty body when the person
 * cancelled, or `{ status: false, code, message, details }`. What it returns is not trusted:
 * nca.ts checks it like any other signature.
 */

export const NCALAYER_URL = 'wss://127.0.0.1:13579';

/** What Kense asks NCALayer to sign: the seal's canonical payload, by the head whose IIN the staff record holds. */
export interface NcaSignRequest {
  /** The payload's bytes, base64. */
  data: string;
  /** NCALayer offers only this person's keys. */
  iin: string;
  locale: 'kk' | 'ru' | 'en';
}

export type NcaLayerAnswer =
  | { ok: true; cms: string }
  | { ok: false; problem: 'notRunning' | 'cancelled' | 'refused' | 'protocol'; detail?: string };

/** The part of a WebSocket both the DOM's and the `ws` package's have. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

/** NCALayer answers its greeting at once; the signing itself waits for the person, their token and PIN, but not for ever. */
const GREETING_MS = 15_000;
const SIGNING_MS = 10 * 60_000;

/** The `basics` request: a detached CMS (the payload travels beside it) from a signing key, never an authentication one. */
export function basicsSignRequest(request: NcaSignRequest) {
  return {
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      allowedStorages: ['PKCS12', 'AKKaztokenStore', 'AKKZIDCardStore', 'AKEToken72KStore', 'AKEToken5110Store', 'AKJaCartaStore', 'AKAKEYStore'],
      format: 'cms',
      data: request.data,
      signingParams: { decode: true, encapsulate: false, digested: false },
      signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'], iin: request.iin },
      locale: request.locale,
    },
  };
}

/** NCALayer's answer to the request, read without trusting its shape. */
export function readBasicsAnswer(text: unknown): NcaLayerAnswer {
  let answer: { status?: unknown; body?: { result?: unknown }; code?: unknown; message?: unknown; details?: unknown };
  try {
    answer = JSON.parse(String(text)) as typeof answer;
  } catch {
    return { ok: false, problem: 'protocol', detail: 'not JSON' };
  }
  if (answer?.status === false) return { ok: false, problem: 'refused', detail: [answer.code, answer.message, answer.details].filter(Boolean).join(': ').slice(0, 300) };
  if (answer?.status !== true || typeof answer.body !== 'object' || answer.body === null) return { ok: false, problem: 'protocol', detail: 'no status' };
  if (!('result' in answer.body)) return { ok: false, problem: 'cancelled' };
  const result = Array.isArray(answer.body.result) ? answer.body.result[0] : answer.body.result;
  if (typeof result !== 'string' || !/^[A-Za-z0-9+/=\r\n]+$/.test(result)) return { ok: false, problem: 'protocol', detail: 'no CMS' };
  return { ok: true, cms: result.replace(/[\r\n]/g, '') };
}

/** One signing through NCALayer at `url`, over a socket `open` makes; it never throws. */
export function askNcaLayer(open: (url: string) => SocketLike, url: string, request: NcaSignRequest): Promise<NcaLayerAnswer> {
  return new Promise((resolve) => {
    let socket: SocketLike;
    let greeted = false;
    let done = false;
    const finish = (answer: NcaLayerAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // Closing a socket that never opened.
      }
      resolve(answer);
    };
    let timer = setTimeout(() => finish({ ok: false, problem: 'notRunning', detail: 'no greeting' }), GREETING_MS);
    try {
      socket = open(url);
    } catch (error) {
      finish({ ok: false, problem: 'notRunning', detail: String(error).slice(0, 200) });
      return;
    }
    socket.onerror = () => finish({ ok: false, problem: greeted ? 'protocol' : 'notRunning' });
    socket.onclose = () => finish({ ok: false, problem: greeted ? 'protocol' : 'notRunning', detail: 'closed' });
    socket.onmessage = ({ data }) => {
      if (greeted) return finish(readBasicsAnswer(data));
      greeted = true;
      clearTimeout(timer);
      timer = setTimeout(() => finish({ ok: false, problem: 'protocol', detail: 'no answer in 10 minutes' }), SIGNING_MS);
      socket.send(JSON.stringify(basicsSignRequest(request)));
    };
  });
}
