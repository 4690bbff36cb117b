import type { Actor, CalendarEdit, CasePerson, CaseState, ChainEvent, ChainHead, EntryStatus, Language, OfficeFold, OfficeHours, OfficeTerms, Reason, Retention, SignedEnrolment, SignedRegistry, Stage, Trip } from '../../shared';

/* The rows of the store's tables (db.ts), one home for their types. */

/** The projection row the UI reads: the folded case, with the fields the worklists index. */
export interface CaseRow {
  id: string;
  regNumber: string;
  stage: CaseState['stage'];
  /** '' once closed: IndexedDB leaves rows with a null key out of an index. */
  stepDueAt: string;
  specialistId: string;
  applicantName: string;
  updatedAt: string;
  registeredAt: string;
  /** Who took the application: a centre operator's or crew's own list. */
  registeredBy: string;
  /** For the outgoing journal and the courier's act; absent until the case gets there. */
  signedAt?: string;
  handedOverOn?: string;
  /** Who is on the case (casePeople): what a search says it matched. */
  people: CasePerson[];
  /** What a search finds the case by (searchTerms); stored only as keyed tags (sealing.ts). */
  search: string[];
  state: CaseState;
}

export interface Office {
  id: string;
  code: string;
  names: Pick<Record<Language, string>, 'kk' | 'ru'>;
  /** The district the office serves, as it prints; absent on offices set up before accounts. */
  district?: string;
  /** Kazakhstan is UTC+5 throughout since 2024; kept per office so a date never depends on the PC's zone. */
  offsetMinutes: number;
  /** A training office (training.ts): its cases are made up, and every screen says so. */
  training?: boolean;
}

/** This device's place in the office and its counters. One row, id 'this'. */
export interface DeviceRow {
  id: 'this';
  deviceId: string;
  deviceCode: string;
  office: Office;
  lastSeq: number;
  lastHash: string | null;
  hlc: string | null;
  /** Registration numbers issued by this device, per year. */
  regSequence: Record<string, number>;
  /** What the indexes over sealed rows hold (INDEXED_VERSION, reindex); absent on a store from before version 7. */
  indexedVersion?: number;
  /** The device's own key: it signs its chain heads and its requests to the hub. Made when first needed. */
  deviceKey?: DeviceKey;
}

/**
 * A device's key. Its private half (PKCS#8) is sealed with the office key, so a locked app or a
 * copied profile signs nothing the hub takes. It is `clear` only on a device that joined and has
 * had no sign-in yet, when no office key is there to seal it with; the first sign-in seals it.
 */
export interface DeviceKey {
  publicKey: string;
  keyId: string;
  sealed?: Uint8Array;
  clear?: Uint8Array;
}

/** Who changed an office record and when: these records sync as office events, the latest in the hub's order winning. */
export interface Stamp {
  at: string;
  by: Actor;
}

/** A service file an administrator added to this office's catalog. */
export interface ImportedServiceRow extends Stamp {
  id: string;
  file: string;
  data: unknown;
  /** Withdrawn from new intake: the administrator's reason, when and by whom. */
  withdrawn?: { reason: string } & Stamp;
}

export type OfficeTermsRow = OfficeTerms & Stamp;

export type CalendarEditRow = CalendarEdit & Stamp;

/** A form as its person left it, per case and person: never synced, sealed like a case (it holds a child's data). */
export interface KeptDraftRow {
  key: string;
  savedAt: string;
  form: Record<string, unknown>;
}

/** The office's hours; one row, 'this'. */
export type OfficeHoursRow = OfficeHours & Stamp & { id: 'this' };

export type RetentionRow = Retention & Stamp;

/** The office's resolution texts for the head's visa; one row, 'this'. */
export type ResolutionsRow = Stamp & { id: 'this'; resolutions: string[] };

/** A key pair made on this device. The private half is a non-extractable CryptoKey: it signs here and nowhere else. */
export interface SigningKeyRow {
  keyId: string;
  userId: string;
  /** `results` for a head's key; `registry` for the office administrator key that signs the registry. */
  purpose: 'results' | 'registry';
  privateKey: CryptoKey;
  publicKey: string;
  /** PBKDF2-SHA256 of the PIN; the key is used only after the PIN checks. */
  pin: { salt: string; iterations: number; hash: string };
  failures: number;
  createdAt: string;
}

/** A head's public key waiting for the administrator, wherever the head made it (office.keyRequested). */
export interface KeyRequestRow {
  keyId: string;
  publicKey: string;
  holder: { userId: string; name: string };
  requestedAt: string;
}

/** The office's trust anchor (the administrator's public key) and the newest registry it signed. One row, id 'this'. */
export interface OfficeRegistryRow {
  id: 'this';
  adminKey: string;
  signed: SignedRegistry;
}

/** Wrong passwords in a row for one person on this device, and when the last was given. */
export interface SignInAttemptRow {
  userId: string;
  failures: number;
  lastFailedAt: string;
}

/** A trip as stored: the plan, with its crew and days indexed. */
export type TripRow = Trip & { operatorId: string; from: string; to: string };

export type OpenStage = Exclude<Stage, 'closed'>;

/**
 * No case waiting at `stage` is due before `dueAt`. Chromium's IndexedDB (LevelDB) keeps the
 * index entries a case leaves behind at each stage until a compaction drops them, so a list read
 * from the start of a stage steps over every case that ever passed through it: at 100,000 cases
 * the empty visa list took 300 ms. Open cases are the recent ones, so each list reads from its
 * stage's floor and skips those entries.
 */
export interface StageFloorRow {
  stage: OpenStage;
  dueAt: string;
}

/** This device's link to its hub. One row, id 'this'. */
export interface SyncRow {
  id: 'this';
  hubUrl: string;
  /** The hub's key (SPKI, base64), pinned when the device connected or asked to join: answers not signed with it are refused. */
  hubKey: string;
  /** The hub's epoch at the last answer; a new one means it was restored and the log is pulled again. */
  epoch: string | null;
  /** The last office-log number applied here, and that entry's event id. */
  cursor: number;
  cursorEventId: string | null;
  /** How far the hub holds this device's chain, as it last said. */
  pushedSeq: number;
  /** The last request number used: the hub refuses a number twice. */
  nonce: number;
  lastSyncAt: string | null;
  lastError: Reason | null;
  /** The hub's clock minus this device's, at the last answer. */
  clockSkewMs: number;
  /** The office as the pulled log stands at the cursor (its people, registry, trips): what the rules read for the next entry. */
  fold?: OfficeFold;
  /** Entries after this log number are applied but their cases not yet folded again (pull.ts foldCases). */
  unfoldedFrom?: number;
  /** A device that asked to join and waits for the administrator: its key and the office it named. */
  join?: { deviceId: string; officeCode: string; label: string; key: DeviceKey };
}

/** One entry of the office log as pulled, kept in its page's row; the event itself is in `events`, or here when that table holds another (a fork). */
export interface LogRow {
  seq: number;
  status: EntryStatus;
  reason: Reason | null;
  eventId: string;
  caseId: string;
  deviceId: string;
  deviceSeq: number;
  knownHash?: string;
  event?: ChainEvent;
  /** This device's own refusal by the rulebook, where the hub had admitted the entry (status is then 'rejected'). */
  byDevice?: Reason;
  /** What the hub said, where this device judged otherwise. */
  hubStatus?: EntryStatus;
}

/** A pulled page of the office log, in one row (officeLog.ts), with what its readers find it by. */
export interface LogPageRow {
  /** Its last entry's number. */
  through: number;
  caseIds: string[];
  /** The statuses of its entries that are not simply accepted: what the conflicts list reads. */
  open: EntryStatus[];
  /** Devices whose events its entries keep inline, not quarantined: they link their chains (chainView). */
  inline: string[];
  devices: string[];
  entries: LogRow[];
}

/**
 * An entry kept apart: from a pulled page, one that is not its device's chain (forged, altered on
 * the way); from a transfer file, an event the rulebook refuses. Never applied, never blocking.
 */
export interface RefusedRow {
  key: string;
  /** Its number in the hub's log; 0 for a transfer file's event. */
  seq: number;
  eventId: string;
  event: ChainEvent | null;
  reason: Reason;
  foundAt: string;
  source: 'pull' | 'bundle';
}

/** Another device of the office: its enrolment (signed by the administrator) and its newest signed head. */
export interface PeerRow {
  deviceId: string;
  enrolment: SignedEnrolment;
  head?: ChainHead;
  /** The administrator revoked it (office.deviceRevoked): the hub takes nothing more of it. */
  revoked?: { at: string; by: Actor; reason: string };
}

/** A case that stopped at a log entry this version cannot apply (an event type from a newer Kense). */
export interface ParkedRow {
  caseId: string;
  seq: number;
  reason: Reason;
}

/** A fork met in a bundle: another event under a (device, seq) this device already holds. */
export interface ForkRow {
  id: string;
  event: ChainEvent;
  knownHash: string;
  foundAt: string;
}
