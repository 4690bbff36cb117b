/*
 * A stand-in for NCALayer: it speaks its WebSocket protocol (the greeting, then one answer to
 * `kz.gov.pki.knca.basics` `sign`, as shared/ncaLayer.ts documents it) and signs with a test PKI's
 * key (ncaPki.ts). The code under test is the real client and the real verifier.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { hubTls } from '../../server/hubTls';
import { signCms, type NcaParty } from './ncaPki';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeNcaLayer {
  url: string;
  /** Whose key signs the next request, or how NCALayer answers instead. */
  answer: { sign: NcaParty } | 'cancel' | 'refuse';
  /** The requests it was sent, parsed. */
  requests: { module: string; method: string; args: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** Listens with TLS (a certificate of its own, as NCALayer's) on `port`; 13579 is NCALayer's. */
export async function startFakeNcaLayer(signer: NcaParty, port = 0): Promise<FakeNcaLayer> {
  const tls = await hubTls(mkdtempSync(join(tmpdir(), 'kense-ncalayer-')));
  const server = createServer({ cert: tls.cert, key: tls.key });
  const sockets = new WebSocketServer({ server });
  const fake: FakeNcaLayer = {
    url: '',
    answer: { sign: signer },
    requests: [],
    close: () => new Promise((resolve) => (sockets.clients.forEach((c) => c.terminate()), sockets.close(), server.close(() => resolve()))),
  };
  sockets.on('connection', (socket) => {
    socket.send(JSON.stringify({ result: { version: '1.4' } }));
    socket.on('message', async (raw) => {
      const request = JSON.parse(String(raw)) as FakeNcaLayer['requests'][number];
      fake.requests.push(request);
      const { answer } = fake;
      if (answer === 'cancel') return socket.send(JSON.stringify({ status: true, body: {} }));
      if (answer === 'refuse') return socket.send(JSON.stringify({ status: false, code: '500', message: 'Ошибка', details: 'token removed' }));
      const data = Buffer.from(String(request.args.data), 'base64');
      const cms = await signCms(data, answer.sign);
      socket.send(JSON.stringify({ status: true, body: { result: [Buffer.from(cms).toString('base64')] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  fake.url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
