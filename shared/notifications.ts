import type { CaseState } from './case';
import { eventTime } from './case';
import { formatDate } from './dates';
import type { CaseEvent } from './event';
import { localDateOf } from './localDate';
import type { PaperLanguage } from './paper/texts';

/**
 * What the applicant is told, and when (SERVICES.md "Status notifications": each change of the
 * application's status and each extension of its term). The event that changed the status is
 * itself the queued message: the text is a pure function of the case after the event, so the hub
 * that sends it and every device that shows it derive the same words. No names, only the
 * registration number: a message passes through the operator's provider.
 */
export type NotificationKind = 'accepted' | 'registered' | 'inReview' | 'hearing' | 'ready' | 'extended' | 'returned' | 'handedOver';

export interface ApplicantNotification {
  eventId: string;
  caseId: string;
  regNumber: string;
  phone: string;
  kind: NotificationKind;
  /** When the status changed, by the device that changed it. */
  at: string;
  text: Record<PaperLanguage, string>;
}

export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'stale';

/** A message to an applicant as the hub holds it: waiting, sent, given up after NOTIFY_ATTEMPTS, or too old to send. */
export interface QueuedNotification extends ApplicantNotification {
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

/** What an office's staff see of the hub's messages to applicants: how many stand how, and the latest that are not sent. */
export interface NotificationQueue {
  /** Where the hub hands them; null: nowhere, they stay queued. */
  sink: 'file' | 'webhook' | null;
  counts: Record<NotificationStatus, number>;
  unsent: QueuedNotification[];
}

type Texts = (reg: string) => string;

const TEXTS: Record<PaperLanguage, Record<Exclude<NotificationKind, 'ready'> | 'readyResult' | 'readyRefusal', Texts>> = {
  kk: {
    accepted: (reg) => `Өтінішіңіз қабылданды, № ${reg}.`,
    registered: (reg) => `№ ${reg} өтініш білім бөлімінде тіркелді.`,
    inReview: (reg) => `№ ${reg} өтініш маманға қарауға берілді.`,
    hearing: (reg) => `№ ${reg} өтініш бойынша бас тарту туралы алдын ала шешім бар. Өз пікіріңізді тыңдауда айта аласыз.`,
    readyResult: (reg) => `№ ${reg} өтініш бойынша нәтиже дайын. Қолхатты алып келіңіз.`,
    readyRefusal: (reg) => `№ ${reg} өтініш бойынша шешім дайын. Қолхатты алып келіңіз.`,
    extended: (reg) => `№ ${reg} өтініштің мерзімі ұзартылды.`,
    returned: (reg) => `№ ${reg} өтініш құжаттардағы кемшіліктерге байланысты қайтарылды. Қабылдаған орталыққа хабарласыңыз.`,
    handedOver: (reg) => `№ ${reg} өтініш бойынша нәтиже берілді.`,
  },
  ru: {
    accepted: (reg) => `Ваше заявление принято, № ${reg}.`,
    registered: (reg) => `Заявление № ${reg} зарегистрировано в отделе образования.`,
    inReview: (reg) => `Заявление № ${reg} передано специалисту на рассмотрение.`,
    hearing: (reg) => `По заявлению № ${reg} есть предварительное решение об отказе. Вы можете изложить свою позицию на заслушивании.`,
    readyResult: (reg) => `Результат по заявлению № ${reg} готов. Возьмите с собой расписку.`,
    readyRefusal: (reg) => `Решение по заявлению № ${reg} готово. Возьмите с собой расписку.`,
    extended: (reg) => `Срок по заявлению № ${reg} продлён.`,
    returned: (reg) => `Заявление № ${reg} возвращено из-за недостатков в документах. Обратитесь в центр, где его приняли.`,
    handedOver: (reg) => `Результат по заявлению № ${reg} выдан.`,
  },
};

/** The date the message names, in each language: when the result is due, the hearing, a new term. */
const DATED: Record<PaperLanguage, Partial<Record<NotificationKind, (date: string) => string>>> = {
  kk: { accepted: (d) => ` Нәтиже ${d} дайын болады.`, hearing: (d) => ` Тыңдау күні: ${d}.`, extended: (d) => ` Нәтиже ${d} дайын болады.` },
  // A Russian date ends with «г.», which ends the sentence too.
  ru: { accepted: (d) => ` Результат будет готов ${d}`, hearing: (d) => ` Дата заслушивания: ${d}`, extended: (d) => ` Результат будет готов ${d}` },
};

/**
 * The message the applicant gets for this event, given the case after it; null when the event
 * changes nothing they are told of (internal steps, an extension of a step alone).
 */
export function notificationOf(before: CaseState | undefined, after: CaseState, event: CaseEvent, offsetMinutes: number): ApplicantNotification | null {
  const kind = kindOf(before, after, event);
  if (!kind) return null;
  const day =
    kind === 'accepted' || kind === 'extended' ? localDateOf(after.termDueAt, offsetMinutes) : kind === 'hearing' ? after.refusalNotice!.hearingOn : undefined;
  const textIn = (lang: PaperLanguage) => {
    const key = kind === 'ready' ? (after.draft?.outcome === 'refusal' ? 'readyRefusal' : 'readyResult') : kind;
    const dated = day ? (DATED[lang][kind]?.(formatDate(day, lang, 'long')) ?? '') : '';
    return TEXTS[lang][key](after.regNumber) + dated;
  };
  return { eventId: event.id, caseId: event.caseId, regNumber: after.regNumber, phone: after.applicant.phone, kind, at: eventTime(event), text: { kk: textIn('kk'), ru: textIn('ru') } };
}

function kindOf(before: CaseState | undefined, after: CaseState, event: CaseEvent): NotificationKind | null {
  switch (event.type) {
    case 'case.registered':
    case 'case.submitted':
      return 'accepted';
    case 'case.packageRegistered':
      return 'registered';
    case 'case.visaed':
      return 'inReview';
    case 'case.refusalNoticed':
      return 'hearing';
    case 'case.signed':
    case 'case.resultSigned':
      return 'ready';
    case 'case.extended':
      // A step's own extension changes nothing the applicant was promised.
      return before && after.termDueAt !== before.termDueAt ? 'extended' : null;
    case 'case.returnedToCentre':
      return 'returned';
    case 'case.handedOver':
      return 'handedOver';
    default:
      return null;
  }
}
