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
  | 'field.tooLong'
  | 'field.tooMany'
  | 'phone.invalid'
  | 'date.outOfRange'
  | 'date.birthInFuture'
  | 'date.inFuture'
  | 'date.ageTooHigh'
  | 'iin.invalid'
  | 'service.unknown'
  | 'service.withdrawn'
  | 'service.fromRegulation'
  | 'service.alreadyWithdrawn'
  | 'channel.unknown'
  | 'document.unknown'
  | 'intake.documentsMissing'
  | 'intake.consentRequired'
  | 'setup.done'
  | 'specialist.unknown'
  | 'reassign.sameSpecialist'
  | 'resolutions.tooMany'
  | 'review.notAssigned'
  | 'review.documentsUnchecked'
  | 'review.refusalGroundsRequired'
  | 'signing.draftChanged'
  | 'signing.sealMalformed'
  | 'signing.keyNotRegistered'
  | 'signing.notToday'
  | 'nca.malformed'
  | 'nca.gostNotVerified'
  | 'nca.badSignature'
  | 'nca.otherContent'
  | 'nca.unknownRoot'
  | 'nca.notValidAtSigning'
  | 'nca.notSigningKey'
  | 'nca.wrongIin'
  | 'nca.noIin'
  | 'nca.otherSeal'
  | 'nca.already'
  | 'nca.required'
  | 'nca.notRunning'
  | 'nca.cancelled'
  | 'nca.refused'
  | 'nca.protocol'
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
  | 'handover.noRepresentative'
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
  | 'refusal.hearingBeforeDate'
  | 'refusal.noNotice'
  | 'extend.earlier'
  | 'extend.unchanged'
  | 'extend.stepAfterTerm'
  | 'correct.unchanged'
  | 'correct.atSigning'
  | 'correct.afterSigning'
  | 'withdraw.beforeRegistration'
  | 'returnToCentre.notFromCentre'
  | 'returnToCentre.late'
  | 'case.notYours'
  | 'intake.registerCheckMissing'
  | 'registerCheck.notPending'
  | 'scan.tooMany'
  | 'scan.tooLarge'
  | 'scan.notReceived'
  | 'scan.unreadable'
  | 'trip.noSettlements'
  | 'survey.notHandedOver'
  | 'survey.done'
  | 'survey.notForService'
  | 'trip.tooManySettlements'
  | 'catalog.versionNotNewer'
  | 'review.variantNotForApplication'
  | 'sync.eventUnknown'
  | 'sync.notEnrolled'
  | 'sync.badRequest'
  | 'sync.badSignature'
  | 'sync.replay'
  | 'sync.gap'
  | 'sync.officeUnknown'
  | 'sync.deviceCodeTaken'
  | 'sync.joinTaken'
  | 'sync.deviceRevoked'
  | 'sync.revokeOwnDevice'
  | 'sync.wrongMethod'
  | 'sync.noRoute'
  | 'sync.tooLarge'
  | 'sync.busy'
  | 'sync.tooMany'
  | 'sync.hubNotPinned'
  | 'sync.hubFingerprint'
  | 'sync.joinsFull'
  | 'sync.officeCodeTaken'
  | 'sync.enrolmentInvalid'
  | 'sync.futureEvent'
  | 'sync.sealInvalid'
  | 'sync.registryStale'
  | 'sync.unreachable'
  | 'sync.noHub'
  | 'sync.stopped'
  | 'sync.joinUnknown'
  | 'sync.bundleInvalid'
  | 'sync.bundleOtherOffice'
  | 'sync.logMismatch'
  | 'sync.notChained'
  | 'sync.chainGap'
  | 'sync.notCovered'
  | 'sync.duplicateId'
  | 'sync.pageBroken'
  | 'password.tooShort'
  | 'password.differ'
  | 'password.same'
  | 'auth.wrongPassword'
  | 'auth.wrongPasswordWait'
  | 'auth.wait'
  | 'auth.disabled'
  | 'auth.noCredential'
  | 'auth.locked'
  | 'staff.lastAdmin'
  | 'backup.wrongOffice'
  | 'code.format'
  | 'staff.noRole';

/** A form's problem: the field it is about (its path, as a refusal's `field` names it) and the refusal. */
export interface FieldProblem {
  field: string;
  error: DomainError;
}

/**
 * Every check's refusal at once, each with the field it is about, so that a form shows all its
 * problems rather than the first. A check that throws anything but a DomainError is a bug and throws on.
 */
export function problemsOf(checks: Record<string, () => unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, check] of Object.entries(checks)) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ field, error });
    }
  }
  return problems;
}
