/*
 * A test PKI shaped like NCA RK's RSA hierarchy (root → intermediate → people), and a signer that
 * makes the detached CAdES-BES CMS NCALayer returns. Test code: Node only.
 *
 * Certificates are made with @peculiar/x509 and the CMS with pkijs, so the verifier under test
 * (shared/nca.ts, pkijs too) is cross-checked by openssl in the tests.
 */
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

x509.cryptoProvider.set(globalThis.crypto);
/** For tests that make odd certificates: import x509 from here, after reflect-metadata. */
export { x509 };

const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
/** NCA RK subjects carry SURNAME and SERIALNUMBER («IIN…»), which @peculiar/x509 does not name by itself. */
const NAMES = { SURNAME: '2.5.4.4', SERIALNUMBER: '2.5.4.5' };
const DAY = 24 * 60 * 60 * 1000;
const ID_DATA = '1.2.840.113549.1.7.1';
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const EKU = { emailProtection: '1.3.6.1.5.5.7.3.4', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;

/** A certificate holder: its certificate, its keys, and the CA certificates a CMS of theirs carries. */
export interface NcaParty {
  cert: x509.X509Certificate;
  der: Uint8Array;
  pem: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The issuing CA certificates (DER) NCALayer would put in the CMS next to the signer's. */
  carried: Uint8Array[];
}

export interface NcaPki {
  root: NcaParty;
  intermediate: NcaParty;
  /** A second root, unrelated to `root` but with the same name: trust must not be by name. */
  otherRoot: NcaParty;
  /** The office head, valid now. */
  head: NcaParty;
  /** Validity ended yesterday. */
  expired: NcaParty;
  /** An NCA RK authentication key: EKU clientAuth only, keyUsage digitalSignature + keyEncipherment. */
  authOnly: NcaParty;
  /** Issued by `otherRoot`. */
  stranger: NcaParty;
  /** Claims the real intermediate as issuer (name and key identifier) but is signed by `otherRoot`'s key. */
  forged: NcaParty;
  rootPem: string;
  intermediatePem: string;
  otherRootPem: string;
}

export const HEAD = { name: 'АХМЕТОВА АЙГУЛЬ', surname: 'АХМЕТОВА', iin: '800101400012', serial: '1a2b3c4d5e6f708192a3b4c5d6e7f80910111213' } as const;
export const ROOT_NAME = 'CN=KENSE TEST ROOT CA (RSA), O=KENSE TEST, C=KZ';
export const INTERMEDIATE_CN = 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST';

export function personName(name: string, surname: string, iin: string): string {
  return `CN=${name}, SURNAME=${surname}, SERIALNUMBER=IIN${iin}, C=KZ`;
}

export const keyPair = () => crypto.subtle.generateKey(RSA, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;

export interface CertifyParams {
  subject: string;
  issuer: string;
  serial: string;
  publicKey: CryptoKey;
  signingKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  extensions: x509.Extension[];
}

/** One certificate, any shape (the tests make odd ones too). */
export function certify(p: CertifyParams): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: p.serial,
    subject: new x509.Name(p.subject, NAMES),
    issuer: new x509.Name(p.issuer, NAMES),
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    publicKey: p.publicKey,
    signingKey: p.signingKey,
    signingAlgorithm: RSA,
    extensions: p.extensions,
  });
}

export function party(cert: x509.X509Certificate, keys: CryptoKeyPair, carried: readonly NcaParty[]): NcaParty {
  return { cert, der: new Uint8Array(cert.rawData), pem: cert.toString('pem'), privateKey: keys.privateKey, publicKey: keys.publicKey, carried: carried.map((c) => c.der) };
}

export const caExtensions = async (keys: CryptoKeyPair, issuerKey: CryptoKey, pathLength?: number) => [
  new x509.BasicConstraintsExtension(true, pathLength, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  await x509.AuthorityKeyIdentifierExtension.create(issuerKey),
];

/** keyUsage and EKU of an NCA RK signing certificate (its RSA «RSA_…» key). */
export const SIGNING_USAGE = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;

/** A person's extensions: keyUsage, EKU (`null`: none), key identifiers. */
export async function personExtensions(keys: CryptoKeyPair, issuerKey: CryptoKey, usages = SIGNING_USAGE, ekus: readonly string[] | null = [EKU.emailProtection]): Promise<x509.Extension[]> {
  return [
    new x509.KeyUsagesExtension(usages, true),
    ...(ekus ? [new x509.ExtendedKeyUsageExtension([...ekus], false)] : []),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuerKey),
  ];
}

/** The whole test PKI: seven RSA-2048 keys, so slow on a busy machine; make it once per test file. */
export async function makeNcaPki(now = new Date()): Promise<NcaPki> {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const [rootKeys, interKeys, otherKeys, headKeys, expiredKeys, authKeys, strangerKeys] = await Promise.all([keyPair(), keyPair(), keyPair(), keyPair(), keyPair(), keyPair(), keyPair()]);
  const interName = `CN=${INTERMEDIATE_CN}, C=KZ`;

  const rootCert = await certify({ subject: ROOT_NAME, issuer: ROOT_NAME, serial: '01', publicKey: rootKeys.publicKey, signingKey: rootKeys.privateKey, notBefore: at(-5 * 365), notAfter: at(10 * 365), extensions: await caExtensions(rootKeys, rootKeys.publicKey) });
  const root = party(rootCert, rootKeys, []);
  const otherCert = await certify({ subject: ROOT_NAME, issuer: ROOT_NAME, serial: '01', publicKey: otherKeys.publicKey, signingKey: otherKeys.privateKey, notBefore: at(-5 * 365), notAfter: at(10 * 365), extensions: await caExtensions(otherKeys, otherKeys.publicKey) });
  const otherRoot = party(otherCert, otherKeys, []);
  const interCert = await certify({ subject: interName, issuer: ROOT_NAME, serial: '2000', publicKey: interKeys.publicKey, signingKey: rootKeys.privateKey, notBefore: at(-4 * 365), notAfter: at(8 * 365), extensions: await caExtensions(interKeys, rootKeys.publicKey, 0) });
  const intermediate = party(interCert, interKeys, [root]);

  const person = async (p: { name: string; surname: string; iin: string; serial: string; keys: CryptoKeyPair; from: number; to: number; issuerName?: string; issuerKey?: CryptoKeyPair; usages?: number; ekus?: readonly string[] | null }) =>
    certify({
      subject: personName(p.name, p.surname, p.iin),
      issuer: p.issuerName ?? interName,
      serial: p.serial,
      publicKey: p.keys.publicKey,
      signingKey: (p.issuerKey ?? interKeys).privateKey,
      notBefore: at(p.from),
      notAfter: at(p.to),
      extensions: await personExtensions(p.keys, (p.issuerKey ?? interKeys).publicKey, p.usages, p.ekus),
    });

  const head = party(await person({ ...HEAD, keys: headKeys, from: -30, to: 335 }), headKeys, [intermediate]);
  const expired = party(await person({ name: 'СЕРІКОВ ДӘУЛЕТ', surname: 'СЕРІКОВ', iin: '750315300456', serial: '3b00000000000000000000000000000000000002', keys: expiredKeys, from: -366, to: -1 }), expiredKeys, [intermediate]);
  const authOnly = party(
    await person({ ...HEAD, serial: '3b00000000000000000000000000000000000003', keys: authKeys, from: -30, to: 335, usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, ekus: [EKU.clientAuth] }),
    authKeys,
    [intermediate],
  );
  const stranger = party(
    await person({ name: 'БӨТЕН АДАМ', surname: 'БӨТЕН', iin: '900202400789', serial: '3b00000000000000000000000000000000000004', keys: strangerKeys, from: -30, to: 335, issuerName: ROOT_NAME, issuerKey: otherKeys }),
    strangerKeys,
    [otherRoot],
  );
  // The forger names the real intermediate (its DN, and its key identifier in the AKI) but can only sign with its own key.
  const forgedCert = await certify({
    subject: personName(HEAD.name, HEAD.surname, HEAD.iin),
    issuer: interName,
    serial: '3b00000000000000000000000000000000000005',
    publicKey: strangerKeys.publicKey,
    signingKey: otherKeys.privateKey,
    notBefore: at(-30),
    notAfter: at(335),
    extensions: await personExtensions(strangerKeys, interKeys.publicKey),
  });
  const forged = party(forgedCert, strangerKeys, [intermediate]);

  return { root, intermediate, otherRoot, head, expired, authOnly, stranger, forged, rootPem: root.pem, intermediatePem: intermediate.pem, otherRootPem: otherRoot.pem };
}

export interface SignOptions {
  /** The signingTime attribute; now by default, `null` for none. */
  signingTime?: Date | null;
  /** Put the content inside the CMS (NCALayer's attached mode), which the verifier refuses. */
  encapsulate?: boolean;
  /** The certificates (DER) the CMS carries; the signer's and its CAs' by default. */
  certificates?: readonly Uint8Array[];
  /** Change the SignedData after signing, before encoding (to label an algorithm falsely, say). */
  edit?: (signed: pkijs.SignedData) => void;
}

const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });
const hexOf = (bytes: ArrayBuffer) => Buffer.from(bytes).toString('hex');

/**
 * A detached CMS as NCALayer's CAdES-BES: SignedData v1, SHA-256, sha256WithRSAEncryption,
 * signed attributes contentType (id-data), messageDigest and signingTime.
 */
export async function signCms(content: Uint8Array, who: NcaParty, options: SignOptions = {}): Promise<Uint8Array> {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(who.der));
  const bytes = new Uint8Array(content);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const attributes = [attribute('1.2.840.113549.1.9.3', new asn1js.ObjectIdentifier({ value: ID_DATA })), attribute('1.2.840.113549.1.9.4', new asn1js.OctetString({ valueHex: digest }))];
  const signingTime = options.signingTime === undefined ? new Date() : options.signingTime;
  if (signingTime) attributes.push(attribute('1.2.840.113549.1.9.5', new asn1js.UTCTime({ valueDate: signingTime })));
  // DER orders a SET OF by the encodings; pkijs signs the attributes in the order given.
  // (These values are the app's asn1js 4; pkijs has its own 3.x but encodes any block it is given.)
  attributes.sort((a, b) => (hexOf(a.toSchema().toBER()) < hexOf(b.toSchema().toBER()) ? -1 : 1));

  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_DATA, ...(options.encapsulate ? { eContent: new asn1js.OctetString({ valueHex: bytes }) as unknown as pkijs.EncapsulatedContentInfo['eContent'] } : {}) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: (options.certificates ?? [who.der, ...who.carried]).map((der) => pkijs.Certificate.fromBER(new Uint8Array(der))),
  });
  await signed.sign(who.privateKey, 0, 'SHA-256');
  options.edit?.(signed);
  const info = new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signed.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER());
}

/** Writes files into a fresh temporary directory (for openssl); its path, and each file's by name. Remove `dir` when done. */
export function writeTemp(files: Record<string, string | Uint8Array>): { dir: string; paths: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'kense-nca-'));
  const paths = Object.fromEntries(
    Object.entries(files).map(([name, data]) => {
      const path = join(dir, name);
      writeFileSync(path, data);
      return [name, path];
    }),
  );
  return { dir, paths };
}
