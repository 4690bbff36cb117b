/**
 * The head's NCA RK signature (docs/verification.md "NCA RK signatures"): a detached CMS
 * (CAdES-BES) that NCALayer made over the Kense seal's canonical payload. This module only
 * checks one; ncaLayer.ts asks NCALayer for one.
 */

/** Extended key usage of an NCA RK signing certificate (its authentication twin has clientAuth). */
export const NCA_SIGNING_EKU = '1.3.6.1.5.5.7.3.4';

/** Why an NCA RK signature does not hold; the order of the checks is the order of this list. */
export const NCA_PROBLEMS = ['malformed', 'gostNotVerified', 'badSignature', 'otherContent', 'unknownRoot', 'notValidAtSigning', 'notSigningKey'] as const;
export type NcaProblem = (typeof NCA_PROBLEMS)[number];

/** Who signed, as the signer's certificate says. */
export interface NcaSigner {
  /** The subject's CN (surname and given name, as NCA RK writes them). */
  name: string;
  /** The 12 digits of the subject's serialNumber («IIN…»). */
  iin: string;
  /** The certificate's serial number, lower-case hex. */
  serial: string;
  /** The issuing CA's CN. */
  issuer: string;
  notBefore: string;
  notAfter: string;
}

export type NcaCheck = { ok: true; signer: NcaSigner; signedAt: string } | { ok: false; problem: NcaProblem; signer?: NcaSigner };

/*
 * The check is pkijs where pkijs answers exactly our question, and our own code where it does not:
 *
 * - pkijs parses (ContentInfo, SignedData, Certificate), verifies a signature with a certificate's
 *   key (CryptoEngine.verifyWithPublicKey, the call SignedData.verify ends with), and builds and
 *   checks the chain (CertificateChainValidationEngine: each link's signature, a path ending at a
 *   trusted certificate, every certificate of the path valid at the date, CA flags of the issuers).
 * - SignedData.verify itself is not used: it compares the messageDigest before it checks the
 *   signature, and reports a wrong digest with the same code (15) as any internal error, so it
 *   cannot tell badSignature from otherContent in our order. Nor does it check that the content is
 *   detached, or anything of the signer's certificate (keyUsage, EKU, IIN).
 * - No revocation check: the office is offline, and NCA RK's OCSP and CRLs are on the internet.
 *
 * pkijs carries its own copy of asn1js (3.x; the app's is 4.x), so the ASN.1 values it hands over
 * are read by their tags here, never by `instanceof` against an asn1js we import.
 */
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
} as const;

/**
 * Kazakh GOST 34.310 (1.2.398.3.10…) and Russian GOST R 34.10/34.11 (1.2.643…). No maintained
 * JavaScript library verifies them (WebCrypto has no GOST, pkijs neither), so such a signature is
 * named as not verified rather than as bad.
 */
const GOST = /^1\.2\.(398\.3\.10|643)(\.|$)/;

/**
 * pkijs's path building has no end of its own: two certificates that issue each other keep it
 * looking up issuers forever (memory growing). More look-ups than this for one check: unknownRoot.
 * NCA RK needs two (person → intermediate → root).
 */
const MAX_ISSUER_LOOKUPS = 16;

/** The DER of each certificate in a PEM text; a block that is not base64 is skipped, so is anything between blocks. */
export function readCertificates(text: string): Uint8Array[] {
  const found: Uint8Array[] = [];
  for (const [, body] of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
    const base64 = body!.replace(/\s+/g, '');
    if (!base64 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) continue;
    found.push(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  }
  return found;
}

/** A CMS from NCALayer carries the signer's certificate and its CA's; more is not NCALayer's, and each costs a chain search. */
const MAX_CERTIFICATES = 8;
/** How far before the content's own time a signingTime may be: the same PC's clock makes both. */
const SKEW_MS = 10 * 60 * 1000;

/**
 * Checks a detached CMS over `content` against the root certificates (DER), the only trust
 * anchors. The signing time is the signingTime signed attribute, else `fallbackTime` (ISO):
 * the time the content was made (a seal's `issued`), before which nothing signed it, so an
 * earlier signingTime (a backdating past a certificate's end) is not valid at signing.
 * The first problem found is the answer, in the order of NCA_PROBLEMS. Never throws.
 */
export async function checkNcaSignature(cms: Uint8Array, content: Uint8Array, roots: readonly Uint8Array[], fallbackTime: string): Promise<NcaCheck> {
  let signer: NcaSigner | undefined;
  const fail = (problem: NcaProblem): NcaCheck => (signer ? { ok: false, problem, signer } : { ok: false, problem });
  try {
    const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });

    // malformed. A copy: pkijs keeps views into the bytes it parsed.
    const info = pkijs.ContentInfo.fromBER(cms.slice());
    if (info.contentType !== OID.signedData) return fail('malformed');
    const signed = new pkijs.SignedData({ schema: info.content });
    // NCALayer makes one signer; with more, which one the office head is would be a guess.
    const signerInfo = signed.signerInfos.length === 1 ? signed.signerInfos[0]! : null;
    if (!signerInfo || signed.encapContentInfo.eContent) return fail('malformed');
    const certificates = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    if (certificates.length > MAX_CERTIFICATES) return fail('malformed');
    // NCALayer names its signer by issuer and serial number (a subjectKeyIdentifier sid finds none here).
    const sid = signerInfo.sid;
    const signerCert = sid instanceof pkijs.IssuerAndSerialNumber ? certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) : undefined;
    if (!signerCert) return fail('malformed');
    signer = readSigner(signerCert) ?? undefined;
    if (!signer) return fail('malformed');
    const attrs = signerInfo.signedAttrs;
    const times = attrs?.attributes.filter((a) => a.type === OID.signingTime) ?? [];
    const signingTime = times.length === 1 && times[0]!.values.length === 1 ? timeOf(times[0]!.values[0]) : null;
    if (times.length && !signingTime) return fail('malformed');

    // gostNotVerified
    if (GOST.test(signerInfo.digestAlgorithm.algorithmId) || GOST.test(signerInfo.signatureAlgorithm.algorithmId)) return fail('gostNotVerified');

    // badSignature. Without signed attributes there is nothing that names the content: otherContent below.
    if (attrs && !(await signatureHolds(engine, signerInfo, attrs, signerCert))) return fail('badSignature');

    // otherContent: one contentType of id-data and one messageDigest that is the content's digest (RFC 5652 §11).
    const hash = hashName(engine, signerInfo.digestAlgorithm.algorithmId);
    const claimed = tagged(single(attrs, OID.messageDigest), 4)?.valueBlock.valueHexView;
    const contentType = tagged(single(attrs, OID.contentType), 6)?.valueBlock.toString?.();
    if (!hash || !claimed || contentType !== OID.data || signed.encapContentInfo.eContentType !== OID.data) return fail('otherContent');
    if (!sameBytes(new Uint8Array(await engine.digest({ name: hash }, content.slice())), claimed)) return fail('otherContent');

    // unknownRoot, then notValidAtSigning: pkijs checks the path and the dates in one go, dates first
    // (code 8). With a date problem, a second run at the certificate's own start tells whether the
    // path holds apart from the dates; an invalid fallback time is a date problem.
    const anchors = roots.flatMap((der) => parsed(der)).filter((a) => !sameBytes(a.tbsView, signerCert.tbsView));
    const carried = certificates.filter((c) => !sameBytes(c.tbsView, signerCert.tbsView) && !anchors.some((a) => sameBytes(a.tbsView, c.tbsView)));
    const signedAt = signingTime ?? new Date(fallbackTime);
    const chainAt = (at: Date) => chainAnswer(engine, signerCert, carried, anchors, at);
    const backdated = signedAt.getTime() < new Date(fallbackTime).getTime() - SKEW_MS;
    let chain = Number.isNaN(signedAt.getTime()) || backdated ? 'dates' : await chainAt(signedAt);
    if (chain === 'dates' && (await chainAt(signerCert.notBefore.value)) === 'unknownRoot') chain = 'unknownRoot';
    if (chain !== 'ok') return fail(chain === 'dates' ? 'notValidAtSigning' : 'unknownRoot');

    // notSigningKey: digitalSignature and nonRepudiation (an NCA RK signing key has both, its
    // authentication key has digitalSignature and keyEncipherment), and the signing EKU if any EKU.
    const extension = (id: string) => signerCert.extensions?.find((e) => e.extnID === id);
    const usage = (extension(OID.keyUsage)?.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)?.valueBlock?.valueHexView?.[0] ?? 0;
    const eku = extension(OID.extKeyUsage);
    const purposes = eku?.parsedValue instanceof pkijs.ExtKeyUsage ? eku.parsedValue.keyPurposes : [];
    if ((usage & 0xc0) !== 0xc0 || (eku && !purposes.includes(NCA_SIGNING_EKU))) return fail('notSigningKey');

    return { ok: true, signer, signedAt: signedAt.toISOString() };
  } catch {
    // Whatever pkijs or asn1js throw on bytes they cannot read.
    return fail('malformed');
  }
}

/** The signer's facts, or null without one CN and one serialNumber «IIN» + 12 digits. */
function readSigner(cert: pkijs.Certificate): NcaSigner | null {
  const texts = (name: pkijs.RelativeDistinguishedNames, type: string) =>
    name.typesAndValues.filter((t) => t.type === type).map((t) => (t.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value);
  const names = texts(cert.subject, OID.commonName);
  const serials = texts(cert.subject, OID.serialNumber);
  const iin = serials.length === 1 && typeof serials[0] === 'string' ? /^IIN(\d{12})$/.exec(serials[0])?.[1] : undefined;
  if (names.length !== 1 || typeof names[0] !== 'string' || !iin) return null;
  const issuer = texts(cert.issuer, OID.commonName)[0];
  return {
    name: names[0],
    iin,
    serial: Array.from(cert.serialNumber.valueBlock.valueHexView, (b) => b.toString(16).padStart(2, '0')).join(''),
    issuer: typeof issuer === 'string' ? issuer : '',
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
  };
}

/** The signature over the signed attributes (their DER with the SET tag, as pkijs keeps it), as SignedData.verify checks it. */
async function signatureHolds(engine: pkijs.CryptoEngine, info: pkijs.SignerInfo, attrs: pkijs.SignedAndUnsignedAttributes, cert: pkijs.Certificate): Promise<boolean> {
  try {
    // A bare rsaEncryption names no hash: SignedData.verify takes the digest algorithm's then.
    const hash = info.signatureAlgorithm.algorithmId === OID.rsaEncryption ? (hashName(engine, info.digestAlgorithm.algorithmId) ?? undefined) : undefined;
    return await engine.verifyWithPublicKey(attrs.encodedValue, info.signature, cert.subjectPublicKeyInfo, info.signatureAlgorithm, hash);
  } catch {
    return false; // an algorithm or key WebCrypto does not know: not verified
  }
}

/** pkijs's chain check of the signer certificate at a date: 'dates' is its code 8, a path to an anchor whose dates fail. */
async function chainAnswer(engine: pkijs.CryptoEngine, leaf: pkijs.Certificate, carried: pkijs.Certificate[], anchors: pkijs.Certificate[], at: Date): Promise<'ok' | 'dates' | 'unknownRoot'> {
  let lookups = 0;
  const chain = new pkijs.CertificateChainValidationEngine({
    trustedCerts: anchors,
    certs: [...carried, leaf], // pkijs validates the last one; the leaf is in neither other list, so its de-duplication cannot drop it
    checkDate: at,
    findIssuer: (cert, validation, crypto) => {
      if (++lookups > MAX_ISSUER_LOOKUPS) throw new Error('too many issuer look-ups');
      return validation.defaultFindIssuer(cert, validation, crypto);
    },
  });
  const result = await chain.verify({}, engine);
  return result.result ? 'ok' : result.resultCode === 8 ? 'dates' : 'unknownRoot';
}

/** An ASN.1 value as pkijs's asn1js hands it over. */
interface Asn1Value {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean };
  valueBlock: { valueHexView?: Uint8Array; toString?: () => string };
  toDate?: () => Date;
}

/** The value if it is a primitive of this universal tag. */
function tagged(value: unknown, tag: number): Asn1Value | null {
  const v = value as Partial<Asn1Value> | null | undefined;
  return v?.idBlock?.tagClass === 1 && v.idBlock.tagNumber === tag && !v.idBlock.isConstructed && v.valueBlock ? (v as Asn1Value) : null;
}

/** The one value of the one attribute of this type; null if none or more (RFC 5652 §11: each once, one value). */
function single(attrs: pkijs.SignedAndUnsignedAttributes | undefined, type: string): unknown {
  const found = attrs?.attributes.filter((a) => a.type === type) ?? [];
  return found.length === 1 && found[0]!.values.length === 1 ? found[0]!.values[0] : null;
}

/** A UTCTime or GeneralizedTime as a valid Date, else null. */
function timeOf(value: unknown): Date | null {
  const v = tagged(value, 23) ?? tagged(value, 24);
  const date = v?.toDate?.();
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date : null;
}

/** The WebCrypto name of a digest algorithm OID (SHA-1/-2 only), else null. */
function hashName(engine: pkijs.CryptoEngine, oid: string): string | null {
  const algorithm = engine.getAlgorithmByOID(oid) as { name?: unknown };
  return typeof algorithm.name === 'string' && /^SHA-(1|256|384|512)$/.test(algorithm.name) ? algorithm.name : null;
}

function parsed(der: Uint8Array): pkijs.Certificate[] {
  try {
    return [pkijs.Certificate.fromBER(der.slice())];
  } catch {
    return []; // a root that does not parse anchors nothing
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
