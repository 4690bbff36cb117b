// The head's NCA RK signature (shared/nca.ts) against a test PKI shaped like NCA RK's, cross-checked by openssl.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NCA_PROBLEMS, checkNcaSignature, readCertificates, type NcaCheck } from '../../shared/nca';
import { EKU, HEAD, INTERMEDIATE_CN, SIGNING_USAGE, caExtensions, certify, makeNcaPki, party, personExtensions, personName, signCms, writeTemp, x509, type NcaParty, type NcaPki, type SignOptions } from '../support/ncaPki';

// RSA-2048 key generation on a busy 2-core machine: once per file, with room.
const HOOK_MS = 120_000;
const DAY = 24 * 60 * 60 * 1000;

/** The canonical JSON of a result payload, as the Kense seal signs it. */
const content = new TextEncoder().encode('{"case":"K-2026-000042","decision":"approved","issued":"2026-03-02T09:15:00.000Z","service":"guardianship"}');
/** UTCTime has whole seconds. */
const aMinuteAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);

let pki: NcaPki;
let roots: Uint8Array[];
let genuine: Uint8Array;
const tempDirs: string[] = [];

beforeAll(async () => {
  pki = await makeNcaPki();
  roots = readCertificates(pki.rootPem);
  genuine = await signCms(content, pki.head, { signingTime: aMinuteAgo });
}, HOOK_MS);

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const check = (cms: Uint8Array, data = content, fallback = new Date().toISOString()): Promise<NcaCheck> => checkNcaSignature(cms, data, roots, fallback);
const problemOf = async (cms: Uint8Array, data = content, fallback?: string) => {
  const result = await check(cms, data, fallback);
  return result.ok ? 'ok' : result.problem;
};
const sign = (who: NcaParty, options?: SignOptions) => signCms(content, who, options);
const keysOf = (p: NcaParty): CryptoKeyPair => ({ publicKey: p.publicKey, privateKey: p.privateKey });

describe('readCertificates', () => {
  it('reads every PEM block, skipping what is between and around them', () => {
    const text = `bundle of 2 roots\r\n${pki.rootPem.replace(/\n/g, '\r\n')}\n# a comment\n${pki.intermediatePem}trailing junk -----BEGIN`;
    expect(readCertificates(text)).toEqual([pki.root.der, pki.intermediate.der]);
  });

  it('gives nothing for a text without certificates, and skips a block that is not base64', () => {
    expect(readCertificates('')).toEqual([]);
    expect(readCertificates('no pem here')).toEqual([]);
    expect(readCertificates(`-----BEGIN CERTIFICATE-----\n**not base64**\n-----END CERTIFICATE-----\n${pki.rootPem}`)).toEqual([pki.root.der]);
    expect(readCertificates('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toEqual([]);
  });
});

describe('checkNcaSignature', () => {
  it('holds for the head’s genuine signature, and names the signer as the certificate does', async () => {
    expect(await check(genuine)).toEqual({
      ok: true,
      signer: { name: HEAD.name, iin: HEAD.iin, serial: HEAD.serial, issuer: INTERMEDIATE_CN, notBefore: pki.head.cert.notBefore.toISOString(), notAfter: pki.head.cert.notAfter.toISOString() },
      signedAt: aMinuteAgo.toISOString(),
    });
  });

  it('takes roots from a bundle with other certificates and junk in it', async () => {
    const bundle = readCertificates(`${pki.intermediatePem}\njunk\n${pki.rootPem}`).concat([new Uint8Array([1, 2, 3])]);
    expect((await checkNcaSignature(genuine, content, bundle, new Date().toISOString())).ok).toBe(true);
  });

  describe('malformed', () => {
    it('for junk bytes, empty input, a truncated CMS and a certificate instead of a CMS', async () => {
      expect(await problemOf(crypto.getRandomValues(new Uint8Array(300)))).toBe('malformed');
      expect(await problemOf(new Uint8Array(0))).toBe('malformed');
      expect(await problemOf(genuine.slice(0, genuine.length - 40))).toBe('malformed');
      expect(await problemOf(pki.head.der)).toBe('malformed');
    });

    it('for encapsulated content: the CMS must be detached', async () => {
      expect(await problemOf(await sign(pki.head, { encapsulate: true }))).toBe('malformed');
    });

    it('when the signer’s certificate is not in the CMS', async () => {
      expect(await problemOf(await sign(pki.head, { certificates: [pki.intermediate.der] }))).toBe('malformed');
    });

    it('when the signer’s subject has no serialNumber «IIN» + 12 digits (a CA signing, say)', async () => {
      const result = await check(await sign(pki.intermediate));
      expect(result).toEqual({ ok: false, problem: 'malformed' });
    });

    it('never throws on hostile bytes: every byte changed in turn, and every cut', async () => {
      const answers = new Set<string>();
      for (let i = 0; i < genuine.length; i += 11) {
        const bad = genuine.slice();
        bad[i] = bad[i]! ^ 0xff;
        answers.add(await problemOf(bad));
      }
      for (let n = 0; n < genuine.length; n += 97) answers.add(await problemOf(genuine.slice(0, n)));
      expect([...answers].every((a) => a === 'ok' || (NCA_PROBLEMS as readonly string[]).includes(a))).toBe(true);
      expect(answers.has('malformed')).toBe(true);
    });
  });

  describe('gostNotVerified', () => {
    it('for a GOST 34.310 signature algorithm, with the signer named', async () => {
      const cms = await sign(pki.head, { edit: (sd) => void (sd.signerInfos[0]!.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.398.3.10.1.1.1.2' })) });
      const result = await check(cms);
      expect(result).toMatchObject({ ok: false, problem: 'gostNotVerified', signer: { iin: HEAD.iin } });
    });

    it('for a GOST R 34.11 digest algorithm', async () => {
      const cms = await sign(pki.head, { edit: (sd) => void (sd.signerInfos[0]!.digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.643.7.1.1.2.2' })) });
      expect(await problemOf(cms)).toBe('gostNotVerified');
    });
  });

  describe('badSignature', () => {
    // No unsigned attributes follow the signature, so the CMS's last byte is the signature's.
    const flipLast = (cms: Uint8Array) => {
      const bad = cms.slice();
      bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x01;
      return bad;
    };

    it('for a flipped signature byte', async () => {
      const info = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(genuine.slice()).content });
      expect(info.signerInfos[0]!.unsignedAttrs).toBeUndefined();
      expect(await problemOf(flipLast(genuine))).toBe('badSignature');
    });

    it('before otherContent, when both are wrong', async () => {
      const changed = content.slice();
      changed[0] = changed[0]! ^ 0x01;
      expect(await problemOf(flipLast(genuine), changed)).toBe('badSignature');
    });
  });

  describe('otherContent', () => {
    it('for content changed by one byte', async () => {
      const changed = content.slice();
      changed[20] = changed[20]! ^ 0x01;
      expect(await problemOf(genuine, changed)).toBe('otherContent');
    });

    it('without signed attributes: nothing then names the content', async () => {
      expect(await problemOf(await sign(pki.head, { edit: (sd) => void (sd.signerInfos[0]!.signedAttrs = undefined) }))).toBe('otherContent');
    });
  });

  describe('unknownRoot', () => {
    it('for a certificate of another root (named like ours), with the signer named', async () => {
      expect(await check(await sign(pki.stranger))).toMatchObject({ ok: false, problem: 'unknownRoot', signer: { iin: '900202400789', name: 'БӨТЕН АДАМ' } });
    });

    it('for a certificate naming our intermediate but signed by another key', async () => {
      expect(await problemOf(await sign(pki.forged))).toBe('unknownRoot');
    });

    it('when the CMS lacks the intermediate, or no roots are given', async () => {
      expect(await problemOf(await sign(pki.head, { certificates: [pki.head.der] }))).toBe('unknownRoot');
      expect(await checkNcaSignature(genuine, content, [], new Date().toISOString())).toMatchObject({ ok: false, problem: 'unknownRoot' });
    });

    it('for an issuer under our root that is no CA, before notValidAtSigning (pkijs checks dates first)', async () => {
      const issuer = keysOf(pki.otherRoot);
      const notCa = await certify({
        subject: 'CN=NOT A CA, C=KZ',
        issuer: pki.root.cert.subject,
        serial: '0d',
        publicKey: issuer.publicKey,
        signingKey: pki.root.privateKey,
        notBefore: new Date(Date.now() - 400 * DAY),
        notAfter: new Date(Date.now() + 400 * DAY),
        extensions: [await x509.AuthorityKeyIdentifierExtension.create(pki.root.publicKey)],
      });
      const leafFrom = async (from: number, to: number, serial: string) => {
        const leaf = await certify({ subject: personName(HEAD.name, HEAD.surname, HEAD.iin), issuer: 'CN=NOT A CA, C=KZ', serial, publicKey: pki.head.publicKey, signingKey: issuer.privateKey, notBefore: new Date(Date.now() + from * DAY), notAfter: new Date(Date.now() + to * DAY), extensions: await personExtensions(keysOf(pki.head), issuer.publicKey) });
        const signer = party(leaf, keysOf(pki.head), []);
        return sign(signer, { certificates: [signer.der, new Uint8Array(notCa.rawData)] });
      };
      expect(await problemOf(await leafFrom(-30, 300, '0e'))).toBe('unknownRoot');
      expect(await problemOf(await leafFrom(-300, -1, '0f'))).toBe('unknownRoot');
    });

    it('for two certificates that issue each other (pkijs alone would follow them forever)', async () => {
      const x = keysOf(pki.otherRoot);
      const y = keysOf(pki.stranger);
      const validity = { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 300 * DAY) };
      const xCert = await certify({ subject: 'CN=LOOP X, C=KZ', issuer: 'CN=LOOP Y, C=KZ', serial: '0a', publicKey: x.publicKey, signingKey: y.privateKey, ...validity, extensions: await caExtensions(x, y.publicKey) });
      const yCert = await certify({ subject: 'CN=LOOP Y, C=KZ', issuer: 'CN=LOOP X, C=KZ', serial: '0b', publicKey: y.publicKey, signingKey: x.privateKey, ...validity, extensions: await caExtensions(y, x.publicKey) });
      const leaf = await certify({ subject: personName(HEAD.name, HEAD.surname, HEAD.iin), issuer: 'CN=LOOP X, C=KZ', serial: '0c', publicKey: pki.head.publicKey, signingKey: x.privateKey, ...validity, extensions: await personExtensions(keysOf(pki.head), x.publicKey) });
      const signer = party(leaf, keysOf(pki.head), []);
      const cms = await sign(signer, { certificates: [signer.der, new Uint8Array(xCert.rawData), new Uint8Array(yCert.rawData)] });
      expect(await problemOf(cms)).toBe('unknownRoot');
    });
  });

  describe('notValidAtSigning', () => {
    it('for a certificate that expired yesterday, signed now', async () => {
      expect(await problemOf(await sign(pki.expired))).toBe('notValidAtSigning');
    });

    it('but not for one signed while it was valid (CAdES: valid at signing time), over content made then', async () => {
      const twoDaysAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * DAY);
      expect(await check(await sign(pki.expired, { signingTime: twoDaysAgo }), content, twoDaysAgo.toISOString())).toMatchObject({ ok: true, signedAt: twoDaysAgo.toISOString() });
    });

    it('for a signingTime before the content was made: a backdating past the certificate’s end', async () => {
      const twoDaysAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * DAY);
      expect(await problemOf(await sign(pki.expired, { signingTime: twoDaysAgo }))).toBe('notValidAtSigning');
    });

    it('for a signing time before the certificate began', async () => {
      expect(await problemOf(await sign(pki.head, { signingTime: new Date(pki.head.cert.notBefore.getTime() - DAY) }))).toBe('notValidAtSigning');
    });

    it('uses the fallback time without a signingTime attribute, and refuses a fallback that is no time', async () => {
      const untimed = await sign(pki.expired, { signingTime: null });
      const during = new Date(pki.expired.cert.notAfter.getTime() - DAY).toISOString();
      expect(await check(untimed, content, during)).toMatchObject({ ok: true, signedAt: during });
      expect(await problemOf(untimed, content, new Date().toISOString())).toBe('notValidAtSigning');
      expect(await problemOf(untimed, content, 'yesterday')).toBe('notValidAtSigning');
    });
  });

  describe('notSigningKey', () => {
    it('for an NCA RK authentication key (EKU clientAuth, keyUsage digitalSignature + keyEncipherment)', async () => {
      expect(await check(await sign(pki.authOnly))).toMatchObject({ ok: false, problem: 'notSigningKey', signer: { iin: HEAD.iin } });
    });

    it('for keyUsage without nonRepudiation, even with the signing EKU; and holds with both bits and no EKU', async () => {
      const issue = async (usages: number, ekus: readonly string[] | null, serial: string) => {
        const cert = await certify({
          subject: personName(HEAD.name, HEAD.surname, HEAD.iin),
          issuer: `CN=${INTERMEDIATE_CN}, C=KZ`,
          serial,
          publicKey: pki.head.publicKey,
          signingKey: pki.intermediate.privateKey,
          notBefore: new Date(Date.now() - DAY),
          notAfter: new Date(Date.now() + 300 * DAY),
          extensions: await personExtensions(keysOf(pki.head), pki.intermediate.publicKey, usages, ekus),
        });
        return sign(party(cert, keysOf(pki.head), [pki.intermediate]));
      };
      expect(await problemOf(await issue(x509.KeyUsageFlags.digitalSignature, [EKU.emailProtection], '3c01'))).toBe('notSigningKey');
      expect(await problemOf(await issue(SIGNING_USAGE, [EKU.clientAuth, '1.3.6.1.5.5.7.3.1'], '3c02'))).toBe('notSigningKey');
      expect(await problemOf(await issue(SIGNING_USAGE, null, '3c03'))).toBe('ok');
    });
  });
});

describe('openssl cms -verify, as a second opinion', () => {
  /*
   * -binary: the content is bytes, not MIME text to turn into CRLF lines.
   * -inform DER: NCALayer's CMS is DER, openssl expects S/MIME by default.
   * -CAfile with the test root only, and -no-CApath -no-CAstore: without these openssl also
   *   trusts the system's certificates. The intermediate comes from the CMS (no -certfile).
   * No -noverify (which would skip the chain), and no -purpose: the default smimesign purpose
   *   wants what notSigningKey wants (EKU emailProtection if any, and digitalSignature or nonRepudiation).
   */
  function openssl(cms: Uint8Array, data: Uint8Array): { status: number; stderr: string } {
    const { dir, paths } = writeTemp({ 'signature.p7s': cms, 'content.json': data, 'root.pem': pki.rootPem });
    tempDirs.push(dir);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', paths['signature.p7s']!, '-content', paths['content.json']!, '-CAfile', paths['root.pem']!, '-no-CApath', '-no-CAstore', '-out', `${dir}/out`];
    try {
      return { status: 0, stderr: execFileSync('/usr/bin/openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }) };
    } catch (error) {
      const e = error as { status: number; stderr: string };
      return { status: e.status, stderr: e.stderr };
    }
  }

  it('accepts the genuine CMS', () => {
    expect(openssl(genuine, content).status).toBe(0);
  });

  it('refuses the changed content', () => {
    const changed = content.slice();
    changed[20] = changed[20]! ^ 0x01;
    const answer = openssl(genuine, changed);
    expect(answer.status).toBe(4);
    // OpenSSL 3's word for a messageDigest that is not the content's (the signature itself is checked after).
    expect(answer.stderr).toMatch(/CMS_SignerInfo_verify_content:verification failure/);
  });

  it('checks the chain to the test root: refuses the stranger’s CMS, the forged one, and the authentication key’s', async () => {
    const stranger = openssl(await sign(pki.stranger), content);
    expect(stranger.status).toBe(4);
    expect(stranger.stderr).toMatch(/certificate verify error.*Verify error: self-signed certificate in certificate chain/);
    const forged = openssl(await sign(pki.forged), content);
    expect(forged.status).toBe(4);
    expect(forged.stderr).toMatch(/certificate verify error.*Verify error: certificate signature failure/);
    const auth = openssl(await sign(pki.authOnly), content);
    expect(auth.status).toBe(4);
    expect(auth.stderr).toMatch(/certificate verify error.*Verify error: unsuitable certificate purpose/);
  });
});
