/** The people of SERVICES.md "Roles". A person may hold several; a session acts in one. */
export const ROLES = ['operator', 'clerk', 'head', 'specialist', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Where a case waits. At the window, intake is the registering itself, so a registered case
 * waits for the visa. A package a service centre or mobile crew took waits at intake until the
 * office's clerk registers it (or returns it). After handover a case is closed.
 */
export const STAGES = ['intake', 'visa', 'review', 'signing', 'handover', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

/** The stages a catalog step can cover: the five of the shared flow. */
export const STEP_STAGES = ['intake', 'visa', 'review', 'signing', 'handover'] as const;
export type StepStage = (typeof STEP_STAGES)[number];

/** Who acts at each waiting stage. */
export const STAGE_ROLE: Record<Exclude<Stage, 'closed'>, Role> = {
  intake: 'clerk',
  visa: 'head',
  review: 'specialist',
  signing: 'head',
  handover: 'clerk',
};

export const CHANNELS = ['office', 'service-centre', 'portal', 'mobile-centre'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels whose operator takes the application outside the office and sends it as a package. */
export const CENTRE_CHANNELS: readonly Channel[] = ['service-centre', 'mobile-centre'];

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Localized = Record<Language, string>;
