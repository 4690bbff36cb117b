import { createServer, type Server } from 'node:http';
import { z } from 'zod';
import { AUTH_HEADER, DomainError, joinRequestSchema, nulAt, pullRequestSchema, pushRequestSchema, reasonOf, signedEnrolmentSchema, type HubAnswer, type HubCall } from '../shared';
import type { Hub } from './hub';

/** Requests bigger than this are refused before they are read: a month of a busy office fits in a few. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

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

/** One request to the hub, whatever carried it. Errors become `{error: {code, params}}` with an HTTP status. */
export async function handle(hub: Hub, call: HubCall): Promise<HubAnswer> {
  try {
    return { status: 200, body: await route(hub, call) };
  } catch (error) {
    if (!(error instanceof DomainError)) {
      console.error(error);
      return { status: 500, body: { error: reasonOf(error) } };
    }
    return { status: STATUS[error.code] ?? 400, body: { error: reasonOf(error) } };
  }
}

/** The hub's paths: each answers one method (GET /health, POST the rest). */
const ROUTES = new Set(['/health', '/enrol', '/join', '/join/status', '/joins', '/push', '/notifications', '/pull']);

async function route(hub: Hub, { method, path, body, auth }: HubCall): Promise<unknown> {
  const signed = () => hub.authenticate(auth, method, path, body);
  switch (`${method} ${path}`) {
    case 'GET /health':
      return { ok: true, epoch: hub.epoch };
    case 'POST /enrol':
      await hub.enrol(parse(signedEnrolmentSchema, body));
      return { ok: true };
    case 'POST /join':
      await hub.requestJoin(parse(joinRequestSchema, body));
      return { ok: true };
    case 'POST /join/status': {
      const { deviceId } = await hub.authenticate(auth, method, path, body, true);
      return { enrolment: await hub.enrolmentOf(deviceId) };
    }
    case 'POST /joins': {
      const { officeId } = await signed();
      return { joins: await hub.pendingJoins(officeId!) };
    }
    case 'POST /push': {
      const { officeId } = await signed();
      return hub.push(officeId!, parse(pushRequestSchema, body));
    }
    case 'POST /notifications': {
      const { officeId } = await signed();
      return hub.notificationQueue(officeId!);
    }
    case 'POST /pull': {
      const { officeId, deviceId } = await signed();
      return hub.pull(officeId!, deviceId, parse(pullRequestSchema, body));
    }
    default:
      // A known path asked with another method is 405; a path the hub does not have, 404.
      if (ROUTES.has(path)) throw new DomainError('sync.wrongMethod', { method: method.slice(0, 20), path });
      throw new DomainError('sync.noRoute', { path: path.slice(0, 200) });
  }
}

/**
 * The hub over HTTP. Any origin may call it: requests carry device signatures, not cookies, and
 * the desktop app's pages have no web origin of their own.
 */
export function serveHub(hub: Hub): Server {
  return createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': `content-type, ${AUTH_HEADER}`, 'access-control-allow-methods': 'GET, POST' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const answer = (status: number, body: unknown) => res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(body));
    // Too large, by what it declares or by what arrives: 413 with the reason, and the rest unread.
    const tooLarge = () => {
      answer(413, { error: { code: 'sync.tooLarge', params: { max: MAX_BODY_BYTES } } });
      req.destroy();
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const call: HubCall = {
        method: req.method ?? '',
        path: (req.url ?? '/').split('?')[0]!,
        body: Buffer.concat(chunks).toString('utf8'),
        auth: req.headers[AUTH_HEADER] as string | undefined,
      };
      void handle(hub, call).then((reply) => answer(reply.status, reply.body));
    });
  });
}
