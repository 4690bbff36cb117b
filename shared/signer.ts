import { canonicalJson, hashOf } from './canonical';
import type { CaseState } from './case';
import type { Seal } from './event';

/**
 * Who signs results. The domain assumes no algorithm: the head's device key (ECDSA P-256),
 * and later NCA RK keys through NCALayer, are implementations of this one interface.
 */
export interface Signer {
  readonly algorithm: string;
  readonly keyId: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** What the head signs: the result or the refusal, with what identifies the case it answers. */
export function resultDocument(state: CaseState) {
  if (!state.draft) throw new Error(`case ${state.regNumber} has no draft to sign`);
  return {
    caseId: state.id,
    regNumber: state.regNumber,
    officeId: state.officeId,
    serviceId: state.serviceId,
    serviceVersion: state.serviceVersion,
    applicant: { name: state.applicant.name, iin: state.applicant.iin },
    draft: state.draft,
  };
}

/** Signs the case's current draft. The seal carries the hash of what was signed, so a changed draft is caught. */
export async function sealDraft(signer: Signer, state: CaseState): Promise<Seal> {
  const document = resultDocument(state);
  const signature = await signer.sign(new TextEncoder().encode(canonicalJson(document)));
  return {
    algorithm: signer.algorithm,
    keyId: signer.keyId,
    signature: btoa(String.fromCharCode(...signature)),
    documentHash: hashOf(document),
  };
}

/**
 * The head's approval without a cryptographic seal, until signing keys exist on the device.
 * Its signature is empty and its algorithm says so; nothing may treat it as a digital signature.
 */
export function approvalSigner(userId: string): Signer {
  return { algorithm: 'approval-only', keyId: userId, sign: async () => new Uint8Array() };
}
