/**
 * Why a command was refused. `code` is a key the UI translates (errors.<code> in each
 * language); `params` fill the message. Domain code never builds user-facing text itself.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

export type DomainErrorCode =
  | 'role.forbidden'
  | 'stage.wrong'
  | 'case.exists'
  | 'case.notFound'
  | 'field.required'
  | 'field.invalid'
  | 'iin.invalid'
  | 'service.unknown'
  | 'channel.unknown'
  | 'document.unknown'
  | 'intake.documentsMissing'
  | 'setup.done'
  | 'setup.roleMissing'
  | 'setup.personWithoutRole'
  | 'specialist.unknown'
  | 'review.notAssigned'
  | 'review.documentsUnchecked'
  | 'review.refusalGroundsRequired'
  | 'signing.draftChanged'
  | 'signing.sealMalformed'
  | 'signing.keyNotRegistered'
  | 'signing.notToday'
  | 'signing.noKey'
  | 'signing.wrongPin'
  | 'signing.locked'
  | 'keys.pinTooShort'
  | 'keys.pinsDiffer'
  | 'keys.noAdminKey'
  | 'keys.adminKeyExists'
  | 'keys.unknown'
  | 'keys.registryChanged'
  | 'keys.alreadyRegistered'
  | 'keys.alreadyRevoked'
  | 'keys.holderNotHead'
  | 'handover.dateInFuture'
  | 'handover.dateBeforeSigning'
  | 'iin.birthDateMismatch'
  | 'iin.sexMismatch'
  | 'children.consentRequired'
  | 'representative.notAllowed'
  | 'representative.notNotarised'
  | 'refusal.hearingRequired'
  | 'refusal.hearingNotUsed'
  | 'refusal.hearingInPast'
  | 'refusal.hearingInFuture'
  | 'refusal.hearingBeforeNotice'
  | 'refusal.noNotice'
  | 'extend.earlier'
  | 'extend.unchanged'
  | 'extend.stepAfterTerm'
  | 'returnToCentre.notFromCentre'
  | 'returnToCentre.late'
  | 'catalog.versionNotNewer'
  | 'review.variantNotForApplication';
