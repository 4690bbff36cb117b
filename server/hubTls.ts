import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { ecdsaSigner, keyIdOf, type HubIdentity } from '../shared';

/*
 * The hub's certificate and the identity it signs answers with: one P-256 key. Devices pin its
 * public key when they connect, so TLS and the answers' signatures name the same hub.
 */

export interface HubTls {
  cert: string;
  key: string;
  identity: HubIdentity;
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Names a device may reach the hub by: loopback, this machine's name and its addresses. */
function hubNames(): x509.GeneralName[] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((a) => (a && a.family === 'IPv4' ? [a.address] : []));
  return [
    new x509.GeneralName('dns', 'localhost'),
    new x509.GeneralName('dns', hostname()),
    ...[...new Set(['127.0.0.1', ...addresses])].map((ip) => new x509.GeneralName('ip', ip)),
  ];
}

/** A self-signed certificate for the hub, valid for 20 years: devices pin its key, not a CA's word. */
async function makeCertificate(): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as Crypto);
  const keys = (await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: 'CN=Kense sync hub',
    notBefore: new Date(now - 24 * 3600 * 1000),
    notAfter: new Date(now + 20 * 365 * 24 * 3600 * 1000),
    signingAlgorithm: ECDSA,
    keys,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.SubjectAlternativeNameExtension(hubNames())],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { cert: certificate.toString('pem'), key: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n` };
}

/** The identity a certificate's key gives: answers signed with the key the TLS handshake shows. */
export async function identityOf(cert: string, key: string): Promise<HubIdentity> {
  // The certificate's key (SPKI) is what devices pin.
  const hubKey = createPublicKey(cert).export({ type: 'spki', format: 'der' }).toString('base64');
  const der = createPrivateKey(key).export({ type: 'pkcs8', format: 'der' });
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']).catch(() => {
    throw new Error('the hub key must be a P-256 (prime256v1) ECDSA key: devices check its signatures with it');
  });
  return { hubKey, signer: ecdsaSigner(privateKey as CryptoKey, keyIdOf(Buffer.from(hubKey, 'base64'))) };
}

/**
 * The hub's certificate: the one given (`--cert`, `--key`), or the one in `<data>/tls/`, made at
 * the first start. The key file is the operator's alone.
 */
export async function hubTls(data: string, given?: { cert: string; key: string }): Promise<HubTls> {
  const folder = join(data, 'tls');
  const files = given ?? { cert: join(folder, 'cert.pem'), key: join(folder, 'key.pem') };
  if (!given && !existsSync(files.cert)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const made = await makeCertificate();
    writeFileSync(files.key, made.key, { mode: 0o600 });
    chmodSync(files.key, 0o600);
    writeFileSync(files.cert, made.cert);
  }
  const cert = readFileSync(files.cert, 'utf8');
  const key = readFileSync(files.key, 'utf8');
  return { cert, key, identity: await identityOf(cert, key) };
}
