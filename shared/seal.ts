import { z } from 'zod';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical';
import type { Draft } from './event';
import { resultVariant, type FormField, type Service } from './catalog';
import type { FieldValue } from './fields';
import { fromBase64, keyStatusAt, registrySignedBy, toBase64Url, verifyEs256, type KeyRecord, type OfficeIdentity, type Signer, type TrustFile } from './keys';
import { isLocalDate, type LocalDate } from './localDate';

export const RESULT_KINDS = ['certificate', 'referral', 'duplicate', 'contract', 'conclusion', 'refusal'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/**
 * What a signed result certifies (docs/verification.md). It holds only what the paper shows:
 * the applicant's name and the result's facts, never an IIN.
 */
export const resultPayloadSchema = z.strictObject({
  v: z.literal(1),
  doc: z.string().min(1),
  reg: z.string().min(1),
  office: z.string().min(1),
  service: z.string().min(1),
  serviceVersion: z.number().int().positive(),
  kind: z.enum(RESULT_KINDS),
  variant: z.string().nullable(),
  to: z.string().min(1),
  facts: z.record(z.string(), z.unknown()),
  /** The names in the cases the paper's sentences need (paper/template.ts); absent when it needs none. */
  forms: z.record(z.string(), z.string()).optional(),
  issued: z.iso.datetime(),
  validUntil: z.string().refine(isLocalDate).nullable(),
});
export type ResultPayload = z.infer<typeof resultPayloadSchema>;

/** A signed result: the exact canonical JSON that was signed, the key and the signature (DER). */
export interface SignedResult {
  payload: ResultPayload;
  json: string;
  keyId: string;
  signature: Uint8Array;
}

const PREFIX = 'KENSE1';

/** The facts of a result as they are printed: IINs and the consent marks stay on the application. */
export function certifiedFacts(fields: readonly FormField[], values: Record<string, FieldValue>): Record<string, FieldValue> {
  const facts: Record<string, FieldValue> = {};
  for (const field of fields) {
    const value = values[field.id];
    if (value === undefined || value === '' || field.type === 'iin') continue;
    if (field.type === 'person' && typeof value === 'object' && !Array.isArray(value) && 'name' in value) {
      const { iin: _iin, ...person } = value;
      facts[field.id] = person;
    } else if (field.type === 'children' && Array.isArray(value)) {
      facts[field.id] = value.map(({ name, birthDate, birthCertificate }) => ({ name, birthDate, birthCertificate }));
    } else {
      facts[field.id] = value;
    }
  }
  return facts;
}

/** What of a case its signed result carries (case.ts folds it; the seal only reads it). */
interface Signable {
  regNumber: string;
  officeId: string;
  serviceVersion: number;
  applicant: { name: string };
  draft?: Draft;
  refusalNotice?: { at: string; hearingOn: LocalDate };
  hearing?: { heardOn: LocalDate; attended: boolean };
}

/**
 * What a refusal certifies of the procedure before it (APC art. 73): when the applicant was told,
 * the day set for the hearing, the day it was held and whether they came. Absent where the service
 * has no hearing, and on refusals signed before Kense printed it.
 */
function hearingFacts(state: Signable): Record<string, string> {
  const { refusalNotice: notice, hearing } = state;
  if (!notice || !hearing) return {};
  return { noticedAt: notice.at, hearingOn: notice.hearingOn, heardOn: hearing.heardOn, hearing: hearing.attended ? 'attended' : 'absent' };
}

/** The payload the head signs for the case's draft, issued at `issued` as document `doc`. */
export function resultPayload(state: Signable, service: Service, doc: string, issued: string, validUntil: LocalDate | null): ResultPayload {
  const draft = state.draft;
  if (!draft) throw new Error(`case ${state.regNumber} has no draft to sign`);
  const base = { v: 1 as const, doc, reg: state.regNumber, office: state.officeId, service: service.id, serviceVersion: state.serviceVersion, to: state.applicant.name, issued };
  if (draft.outcome === 'refusal') return { ...base, kind: 'refusal', variant: null, facts: { grounds: draft.grounds, reasons: draft.reasons, ...hearingFacts(state) }, validUntil: null };
  const variant = resultVariant(service, draft.variant);
  if (!variant) throw new Error(`service ${service.id} has no result ${draft.variant}`);
  const forms = draft.forms && Object.keys(draft.forms).length ? { forms: draft.forms } : {};
  return { ...base, kind: variant.kind, variant: variant.id, facts: certifiedFacts(variant.fields, draft.fields), ...forms, validUntil };
}

/** Signs the payload's canonical JSON. */
export async function signResult(signer: Signer, payload: ResultPayload): Promise<SignedResult> {
  const json = canonicalJson(payload);
  return { payload, json, keyId: signer.keyId, signature: await signer.sign(utf8ToBytes(json)) };
}

/** The text the QR code holds: `KENSE1.<key id>.<signature, base64url DER>.<canonical JSON>`. */
export function sealText(signed: SignedResult): string {
  return `${PREFIX}.${signed.keyId}.${toBase64Url(signed.signature)}.${signed.json}`;
}

/** Seal texts read lately: admitting a signed result reads its seal four times (its signature, the rules, the case, the fold), and reading it is parsing and canonical JSON. */
const read = new Map<string, SignedResult | null>();
const READ_SEALS = 1024;

/** Reads a seal text back; null when it is not one (wrong prefix, broken parts, JSON not canonical or not a payload). */
export function readSealText(text: string): SignedResult | null {
  let signed = read.get(text);
  if (signed === undefined) {
    if (read.size >= READ_SEALS) read.delete(read.keys().next().value!);
    signed = parseSealText(text);
    read.set(text, signed);
  }
  return signed;
}

function parseSealText(text: string): SignedResult | null {
  const parts = text.trim().split('.');
  if (parts.length < 4 || parts[0] !== PREFIX || !/^[0-9a-f]{16}$/.test(parts[1]!) || !/^[A-Za-z0-9_-]+$/.test(parts[2]!)) return null;
  const json = parts.slice(3).join('.');
  try {
    const parsed = resultPayloadSchema.safeParse(JSON.parse(json));
    // Only the exact signed bytes verify; a re-serialised payload is refused here rather than as a bad signature.
    if (!parsed.success || canonicalJson(parsed.data) !== json) return null;
    return { payload: parsed.data, json, keyId: parts[1]!, signature: fromBase64(parts[2]!) };
  } catch {
    return null;
  }
}

export type SealProblem = 'malformed' | 'unknownKey' | 'badSignature' | 'revokedKey' | 'keyNotValid' | 'expired';

export type Verdict =
  | { valid: true; payload: ResultPayload; key: KeyRecord; office: OfficeIdentity }
  | { valid: false; problem: SealProblem; payload?: ResultPayload; key?: KeyRecord; office?: OfficeIdentity };

/** The offices of a trust file whose registries their anchors really signed; the rest are left out. */
export async function trustedRegistries(trust: TrustFile) {
  const checks = await Promise.all(trust.offices.map(async (o) => ((await registrySignedBy(o.registry, o.adminKey)) ? o.registry.registry : null)));
  return checks.filter((r) => r !== null);
}

/**
 * Verifies a seal text against what the verifier trusts, on `today` (an office date).
 * The order matters: a changed payload is a bad signature even when it would also be expired.
 */
export async function verifySeal(text: string, trust: TrustFile, today: LocalDate): Promise<Verdict> {
  const signed = readSealText(text);
  if (!signed) return { valid: false, problem: 'malformed' };
  const { payload } = signed;
  const registry = (await trustedRegistries(trust)).find((r) => r.office.id === payload.office && r.keys.some((k) => k.keyId === signed.keyId));
  const key = registry?.keys.find((k) => k.keyId === signed.keyId);
  if (!registry || !key) return { valid: false, problem: 'unknownKey', payload };
  const found = { payload, key, office: registry.office };
  if (!(await verifyEs256(key.publicKey, utf8ToBytes(signed.json), signed.signature))) return { valid: false, problem: 'badSignature', ...found };
  const status = keyStatusAt(key, payload.issued);
  if (status === 'revoked') return { valid: false, problem: 'revokedKey', ...found };
  if (status !== 'valid') return { valid: false, problem: 'keyNotValid', ...found };
  if (payload.validUntil !== null && payload.validUntil < today) return { valid: false, problem: 'expired', ...found };
  return { valid: true, ...found };
}
