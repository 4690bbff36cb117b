/** `kense verify`: what a printed result certifies, and whether its seal holds. */
import { existsSync, readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import {
  canonicalJson,
  formatDate,
  formatDateTime,
  localDateOf,
  mergeTrust,
  paperValue,
  resultVariant,
  trustFileSchema,
  verifySeal,
  type FieldValue,
  type SealProblem,
  type TrustFile,
  type Verdict,
} from '../shared';
import { attachmentsOfPdf, sealTextOfPdf } from '../shared/paper/layout';
import { checkNcaSignature, readCertificates, type NcaProblem } from '../shared/nca';
import { readQr } from '../shared/qr';
import { loadCatalog, NCA_ROOTS_DIR, ncaRootsIn, OFFSET_MINUTES, shippedTrust } from './resources';

/** Where the command line writes its lines. */
export type Out = (line: string) => void;

const PROBLEMS: Record<SealProblem, string> = {
  malformed: 'malformed — this is not a Kense seal, or it was cut or re-typed',
  unknownKey: 'unknown key — no trusted office registry has the key that signed it',
  badSignature: 'bad signature — the data was changed after signing, or another key signed it',
  revokedKey: 'revoked key — the office revoked the signing key before this was signed',
  keyNotValid: 'key not valid — it was signed outside the key’s period of validity',
  expired: 'expired — the document’s validity has ended',
};

const NCA_PROBLEMS: Record<NcaProblem, string> = {
  malformed: 'malformed — not a detached CMS with its signer’s certificate and IIN',
  gostNotVerified: 'GOST — signed with a GOST key, which Kense does not verify (only RSA)',
  badSignature: 'bad signature — the CMS does not verify with its certificate',
  otherContent: 'other content — the CMS is over other data than this document’s',
  unknownRoot: 'unknown root — the certificate does not chain to a trusted NCA RK root',
  notValidAtSigning: 'certificate not valid — expired or not yet valid when it signed',
  notSigningKey: 'not a signing key — an authentication (AUTH) key signed it',
};

/**
 * The NCA RK signature a PDF carries beside its seal (paper/documents.ts attaches the signed
 * payload and its CMS): checked over the seal's own payload, so it certifies what the QR does.
 * Returns whether it holds; true when there is none to check.
 */
async function verifyNcaSignature(pdf: Uint8Array, sealJson: string, issued: string, roots: readonly Uint8Array[], out: Out): Promise<boolean> {
  const files = await attachmentsOfPdf(pdf);
  const cmsName = [...files.keys()].find((n) => n.endsWith('.json.cms'));
  if (!cmsName) {
    out('NCA RK:      none attached');
    return true;
  }
  const content = files.get(cmsName.slice(0, -'.cms'.length));
  if (!content || Buffer.from(content).toString('utf8') !== sealJson) {
    out(`NCA RK INVALID: ${NCA_PROBLEMS.otherContent}`);
    return false;
  }
  const check = await checkNcaSignature(files.get(cmsName)!, content, roots, issued);
  if (check.signer) out(`NCA RK:      ${check.signer.name.slice(0, 200)}, IIN ${check.signer.iin}, certificate ${check.signer.serial.slice(0, 64)} (${check.signer.issuer.slice(0, 200)})`);
  if (!check.ok) {
    out(`NCA RK INVALID: ${NCA_PROBLEMS[check.problem]}`);
    return false;
  }
  out(`NCA RK VALID: signed ${formatDateTime(check.signedAt, OFFSET_MINUTES)}; revocation not checked (offline)`);
  return true;
}

/** A picture of a QR code larger than this (in megapixels) is refused before it is decoded: a phone's photo is under 50. */
export const MAX_IMAGE_MP = 50;

/**
 * What the terminal shows of a line: control characters (escape codes that move the cursor or
 * recolour, which a forged seal could carry to paint a false "VALID") and bidirectional overrides
 * become U+FFFD.
 */
export const printable = (line: string) => line.replace(/[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, '\ufffd');

/** The seal text from a PDF Kense printed, a PNG or JPEG picture of the QR code, a text file, or the argument itself. */
async function sealTextOf(input: string): Promise<string | { error: string }> {
  if (!existsSync(input)) return input;
  const bytes = readFileSync(input);
  const magic = bytes.subarray(0, 4).toString('latin1');
  if (magic === '%PDF') return (await sealTextOfPdf(bytes)) ?? { error: `${input} is a PDF without a Kense seal` };
  let image: { data: Uint8Array; width: number; height: number } | null = null;
  try {
    if (magic === '\x89PNG') {
      // The size the header declares (IHDR), before a byte of the picture is inflated.
      const megapixels = (bytes.readUInt32BE(16) * bytes.readUInt32BE(20)) / 1e6;
      if (megapixels > MAX_IMAGE_MP) return { error: `${input} declares ${Math.round(megapixels)} megapixels; a picture of a QR code needs at most ${MAX_IMAGE_MP}` };
      image = PNG.sync.read(bytes);
    } else if (bytes[0] === 0xff && bytes[1] === 0xd8) image = jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: MAX_IMAGE_MP, maxMemoryUsageInMB: 512 });
  } catch (e) {
    return { error: `${input} is not a readable image: ${(e as Error).message}` };
  }
  if (image) return readQr(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height) ?? { error: `no QR code found in ${input}` };
  return bytes.toString('utf8').trim();
}

function describe(verdict: Verdict, out: Out) {
  const { payload, key, office } = verdict;
  if (!payload) return;
  const catalog = loadCatalog();
  const service = Array.isArray(catalog) ? undefined : catalog.get(payload.service);
  const variant = service && payload.variant ? resultVariant(service, payload.variant) : undefined;
  out(`document:    ${payload.kind}${variant ? ` «${variant.names.kk}» / «${variant.names.ru}»` : ''}, № ${payload.reg}`);
  out(`service:     ${service ? service.names.kk : payload.service}`);
  if (office) out(`office:      ${office.names.kk} / ${office.names.ru}`);
  out(`issued to:   ${payload.to}`);
  out(`issued:      ${formatDateTime(payload.issued, OFFSET_MINUTES)}`);
  if (payload.validUntil) out(`valid until: ${formatDate(payload.validUntil, 'kk')}`);
  if (key) out(`signed by:   ${key.holder.name}, ${key.holder.position.kk} (key ${key.keyId})`);
  // In the form's order where the catalog knows the result; the payload's own (sorted) order otherwise.
  const order = [...(variant?.fields.map((f) => f.id) ?? []), ...Object.keys(payload.facts)];
  for (const id of new Set(order.filter((i) => i in payload.facts))) {
    const value = payload.facts[id];
    const field = variant?.fields.find((f) => f.id === id);
    const shown = id === 'grounds' && !variant ? (value as string[]).map((g) => service?.refusalGrounds.find((r) => r.id === g)?.names.kk ?? g).join('; ') : paperValue(field, value as FieldValue, 'kk');
    out(`  ${field?.label.kk ?? id}: ${shown}`);
  }
}

export async function verify(args: readonly string[], print: Out): Promise<number> {
  const out: Out = (line) => print(printable(line));
  const input = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--trust' && args[i - 1] !== '--nca-roots');
  if (!input) {
    out('usage: kense verify <file.pdf | image.png | image.jpg | seal text> [--trust file]... [--nca-roots file.pem]');
    return 2;
  }
  const files: TrustFile[] = [];
  let ncaRoots = ncaRootsIn(NCA_ROOTS_DIR);
  try {
    files.push(...shippedTrust());
    args.forEach((a, i) => {
      if (a === '--trust') files.push(trustFileSchema.parse(JSON.parse(readFileSync(args[i + 1] ?? '', 'utf8'))));
      // The roots to trust instead of those shipped: a newer NCA RK root, or a test PKI's.
      if (a === '--nca-roots') ncaRoots = readCertificates(readFileSync(args[i + 1] ?? '', 'utf8'));
    });
  } catch (e) {
    out(`kense: a trust file cannot be read: ${(e as Error).message.split('\n')[0]}`);
    return 2;
  }
  const text = await sealTextOf(input);
  if (typeof text !== 'string') {
    out(`INVALID: ${text.error}`);
    return 1;
  }
  const verdict = await verifySeal(text, mergeTrust(files), localDateOf(new Date().toISOString(), OFFSET_MINUTES));
  describe(verdict, out);
  out(verdict.valid ? 'VALID' : `INVALID: ${PROBLEMS[verdict.problem]}`);
  const pdf = existsSync(input) ? readFileSync(input) : null;
  // Only a seal that holds has a payload worth an NCA RK signature: over a forged one it would vouch for nothing.
  const nca = verdict.valid && pdf && pdf.subarray(0, 4).toString('latin1') === '%PDF' ? await verifyNcaSignature(pdf, canonicalJson(verdict.payload), verdict.payload.issued, ncaRoots, out) : true;
  return verdict.valid && nca ? 0 : 1;
}
