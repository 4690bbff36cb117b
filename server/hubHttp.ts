import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import {
  answerBytes,
  AUTH_HEADER,
  DomainError,
  hashOf,
  HUB_SIGNATURE_HEADER,
  joinRequestSchema,
  nulAt,
  pullRequestSchema,
  pushRequestSchema,
  reasonOf,
  signedEnrolmentSchema,
  toBase64Url,
  type HubAnswer,
  type HubCall,
} from '../shared';
import type { Hub } from './hub';
import type { Caller } from './hubAuth';

/** Requests bigger than this are refused before they are read: a month of a busy office fits in a few. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Requests the hub works on at once; more wait for a retry (503). With the body limit, this bounds its memory. */
export const MAX_CONCURRENT = 8;

/**
 * Requests one address may make in a minute, checked before anything else: far above what an
 * office's devices behind one address make (a sync is a few requests), far below a flood.
 */
export const PER_MINUTE = 3_000;

const STATUS: Partial<Record<string, number>> = {
  'sync.notEnrolled': 403,
  'sync.badSignature': 403,
  'sync.replay': 403,
  'sync.joinUnknown': 403,
  'sync.officeUnknown': 403,
  'sync.enrolmentInvalid': 403,
  'sync.gap': 409,
  'sync.deviceCodeTaken': 409,
  'sync.joinTaken': 409,
  'sync.deviceRevoked': 403,
  'sync.officeCodeTaken': 409,
  'sync.joinsFull': 429,
  'sync.wrongMethod': 405,
  'sync.noRoute': 404,
  'sync.tooLarge': 413,
  'sync.busy': 503,
  'sync.tooMany': 429,
};

/** No request of Kense's nests deeper than this; a deeper one is refused before anything recurses over it. */
const MAX_DEPTH = 64;

function tooDeep(body: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

const parse = <T>(schema: z.ZodType<T>, body: string): T => {
  if (tooDeep(body)) throw new DomainError('sync.badRequest', { detail: `nested deeper than ${MAX_DEPTH}` });
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : {};
  } catch {
    throw new DomainError('sync.badRequest', { detail: 'not JSON' });
  }
  // PostgreSQL stores no NUL in text or jsonb: a request that carries one is refused here, not at an insert.
  const nul = nulAt(json, []);
  if (nul) throw new DomainError('sync.badRequest', { detail: `a NUL character at ${nul.join('.').slice(0, 200)}` });
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DomainError('sync.badRequest', { detail: z.prettifyError(parsed.error).slice(0, 400) });
  return parsed.data;
};

interface Route {
  method: 'GET' | 'POST';
  /** Whose key signs it: an enrolled device's, a joining one's, or nobody's. */
  signer: 'device' | 'joining' | null;
  run(hub: Hub, body: string, caller: Caller): Promise<unknown>;
}

/** The hub's routes. A device's signature is checked from the headers (`admit`) before the body is read. */
const ROUTES: Record<string, Route> = {
  '/health': { method: 'GET', signer: null, run: async (hub) => ({ ok: true, epoch: await hub.currentEpoch(), hubKey: hub.identity.hubKey }) },
  '/enrol': { method: 'POST', signer: null, run: async (hub, body) => (await hub.enrol(parse(signedEnrolmentSchema, body)), { ok: true }) },
  '/join': { method: 'POST', signer: null, run: async (hub, body) => (await hub.requestJoin(parse(joinRequestSchema, body)), { ok: true }) },
  '/join/status': { method: 'POST', signer: 'joining', run: async (hub, _body, { deviceId }) => ({ enrolment: await hub.enrolmentOf(deviceId) }) },
  '/joins': { method: 'POST', signer: 'device', run: async (hub, _body, { officeId }) => ({ joins: await hub.pendingJoins(officeId!) }) },
  '/push': { method: 'POST', signer: 'device', run: (hub, body, { officeId }) => hub.push(officeId!, parse(pushRequestSchema, body)) },
  '/notifications': { method: 'POST', signer: 'device', run: (hub, _body, { officeId }) => hub.notificationQueue(officeId!) },
  '/pull': { method: 'POST', signer: 'device', run: (hub, body, { officeId, deviceId }) => hub.pull(officeId!, deviceId, parse(pullRequestSchema, body)) },
};

const ANONYMOUS: Caller = { deviceId: '', officeId: null, bodyHash: '' };

/** The route a request asks for: a known path with another method is 405, an unknown path 404. */
function routeOf({ method, path }: Pick<HubCall, 'method' | 'path'>): Route {
  const route = Object.hasOwn(ROUTES, path) ? ROUTES[path]! : null;
  if (!route) throw new DomainError('sync.noRoute', { path: path.slice(0, 200) });
  if (route.method !== method) throw new DomainError('sync.wrongMethod', { method: method.slice(0, 20), path });
  return route;
}

/** Who asks, from the headers alone: the route, and for a signed route the signature and nonce. */
async function admit(hub: Hub, call: Pick<HubCall, 'method' | 'path' | 'auth'>): Promise<Caller> {
  const route = routeOf(call);
  return route.signer ? hub.authenticate(call.auth, call.method, call.path, route.signer === 'joining') : ANONYMOUS;
}

/** Runs an admitted request: the body must be the one the signature named. */
async function run(hub: Hub, call: HubCall, caller: Caller): Promise<unknown> {
  const route = routeOf(call);
  if (route.signer && hashOf(call.body) !== caller.bodyHash) throw new DomainError('sync.badSignature');
  return route.run(hub, call.body, caller);
}

/** An answer, signed with the hub's key; errors become `{error: {code, params}}` with an HTTP status. */
async function answer(hub: Hub, call: Pick<HubCall, 'method' | 'path' | 'auth'>, work: () => Promise<unknown>): Promise<HubAnswer> {
  let status = 200;
  let body: unknown;
  try {
    body = await work();
  } catch (error) {
    if (!(error instanceof DomainError)) console.error(error);
    status = error instanceof DomainError ? (STATUS[error.code] ?? 400) : 500;
    body = { error: reasonOf(error) };
  }
  return { status, body, signature: toBase64Url(await hub.identity.signer.sign(answerBytes(call, status, body))) };
}

/** One request to the hub, whatever carried it: the same steps as over HTTP, in one go. */
export function handle(hub: Hub, call: HubCall): Promise<HubAnswer> {
  return answer(hub, call, async () => run(hub, call, await admit(hub, call)));
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * The hub over HTTPS (or plain HTTP on loopback), on Fastify: it refuses a body past the limit
 * with 413 before reading it, bounds requests at once and per address a minute, and its hooks
 * check a device's signature before the body is read.
 * Any origin may call it: requests carry device signatures, not cookies, and the desktop app's
 * pages have no web origin of their own.
 */
export async function serveHub(hub: Hub, options: { tls: { cert: string; key: string } | null; log: boolean; perMinute?: number }): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    // A slow sender cannot hold a place for ever.
    requestTimeout: 120_000,
    logger: options.log ? { level: 'info' } : false,
    // Malformed HTTP (a length that is no number, a broken header) never reaches a route: a 400 with the reason all the same.
    clientErrorHandler: (error: Error & { code?: string }, socket: import('node:net').Socket) => {
      const body = JSON.stringify({ error: { code: 'sync.badRequest', params: { detail: `malformed HTTP: ${error.code ?? 'unreadable'}` } } });
      if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    },
    ...(options.tls ? { https: options.tls } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': `content-type, ${AUTH_HEADER}`, 'access-control-allow-methods': 'GET, POST', 'access-control-expose-headers': HUB_SIGNATURE_HEADER };
  const send = (reply: FastifyReply, a: HubAnswer) => reply.code(a.status).headers({ ...cors, [HUB_SIGNATURE_HEADER]: a.signature! }).type('application/json').send(JSON.stringify(a.body));
  const callOf = (req: { method: string; url: string; headers: Record<string, unknown> }) => ({ method: req.method, path: req.url.split('?')[0]!, auth: req.headers[AUTH_HEADER] as string | undefined });
  let working = 0;

  await app.register(rateLimit, { global: true, max: options.perMinute ?? PER_MINUTE, timeWindow: 60_000 });

  // Every body is text, whatever its declared type: the routes parse it themselves, strictly.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'OPTIONS') return reply.code(204).headers(cors).send();
    if (working >= MAX_CONCURRENT) return send(reply.header('retry-after', '5'), await answer(hub, callOf(req), () => Promise.reject(new DomainError('sync.busy'))));
    working++;
    reply.raw.once('close', () => working--);
  });
  // After the rate limit (a route's onRequest), before the body is read: who asks, from the headers alone.
  app.addHook('preParsing', async (req, reply, payload) => {
    const call = callOf(req);
    const admitted = await answer(hub, call, async () => (req.caller = await admit(hub, call)));
    if (admitted.status !== 200) send(reply, admitted);
    return payload;
  });
  app.all('/*', async (req, reply) => send(reply, await answer(hub, callOf(req), () => run(hub, { ...callOf(req), body: typeof req.body === 'string' ? req.body : '' }, req.caller!))));
  app.setErrorHandler(async (error: { code?: string; statusCode?: number }, req, reply) => {
    // Fastify's own refusals: a body past the limit (declared or arriving), a malformed length, too many requests.
    const refusal =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new DomainError('sync.tooLarge', { max: MAX_BODY_BYTES })
        : error.statusCode === 429
          ? new DomainError('sync.tooMany', { seconds: Number(reply.getHeader('retry-after') ?? 60) })
          : (error.statusCode ?? 500) < 500
            ? new DomainError('sync.badRequest', { detail: String(error.code ?? 'bad request') })
            : error;
    send(reply, await answer(hub, callOf(req), () => Promise.reject(refusal)));
  });
  return app;
}
