/**
 * Years of a district office's work, made up: the training office's cases and the benchmark's.
 * Deterministic for a seed. Applicants have Kazakh and Russian names (with Kazakh letters) and
 * valid IINs; every service, channel and stage occurs, and cases are spread over the years on
 * working hours, so the recent ones are still open at each stage. It yields commands in time
 * order; whoever runs them decides, chains and stores them as any other command.
 */
import { resultVariant, type FormField, type Service } from './catalog';
import type { Command } from './commands';
import type { Actor } from './event';
import { iinFor } from './iin';
import { addDays, localDateOf } from './localDate';
import { SAMPLES, VARIANT_SAMPLES, type Sample } from './samples';

export interface TrainingPeople {
  clerk: Actor;
  heads: readonly Actor[];
  specialists: readonly Actor[];
}

export interface TrainingOptions {
  seed: number;
  cases: number;
  /** The first registration and the present, in ms; nothing happens after `to`. */
  from: number;
  to: number;
  catalog: ReadonlyMap<string, Service>;
  people: TrainingPeople;
  offsetMinutes: number;
}

/** One command at its time. A `sign` command's seal is left empty: the runner signs with the head's key. */
export interface TrainingStep {
  at: number;
  actor: Actor;
  command: Command;
  /** Which case of the history this is, from 0, in order of registration. */
  index: number;
}

/** mulberry32: small, fast and good enough to make up data; the same seed gives the same office. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [
  'Жұмабек', 'Сәрсен', 'Өмірбек', 'Қасым', 'Ғабит', 'Нұрғали', 'Әбіл', 'Тілеубай', 'Үсен', 'Ұлықпан', 'Ісмайыл', 'Шәкен', 'Бекқожа',
  'Төлеу', 'Мұқан', 'Сейіт', 'Оспан', 'Қайырбек', 'Әлімжан', 'Есенғали', 'Байжан', 'Қуаныш', 'Дәулет', 'Мырзахмет', 'Іскақ',
];
const RUSSIAN_SURNAMES = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Морозов', 'Волков', 'Фёдоров'];
const MALE = ['Нұрлан', 'Ерлан', 'Дәурен', 'Әлихан', 'Бауыржан', 'Асқар', 'Мұрат', 'Ғалым', 'Қайрат', 'Өркен', 'Сергей', 'Андрей', 'Дмитрий', 'Игорь'];
const FEMALE = ['Сәуле', 'Әйгерім', 'Гүлнар', 'Аружан', 'Жұлдыз', 'Меруерт', 'Ұлжан', 'Қарлығаш', 'Дана', 'Айгүл', 'Елена', 'Ольга', 'Наталья', 'Ирина'];
const STREETS = ['Қайырбаев к-сі', 'Торайғыров к-сі', 'Абай к-сі', 'Естай к-сі', 'Сәтпаев к-сі', 'Ломов к-сі', 'Мәшһүр Жүсіп к-сі'];
const LOCALITIES = ['Павлодар қ.', 'Екібастұз қ.', 'Ақсу қ.', 'Кенжекөл а.', 'Мичурин а.', 'Заря а.'];

/** How often each service comes in a district, per hundred applications. */
const SERVICE_WEIGHTS: Record<string, number> = {
  'guardianship-certificate': 30,
  'minors-deposits-certificate': 20,
  'minors-property-certificate': 20,
  'tvet-dormitory-referral': 10,
  'foster-care-placement': 8,
  'tvet-document-duplicate': 7,
  'adoption-candidate-registration': 5,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN_HOUR = 9;
const CLOSE_HOUR = 18;
/**
 * A trainee needs work at every step whatever day the office is made: a few cases registered
 * 10 to 45 days before its end stop at a stage (handover first, it empties fastest), up to
 * HELD_PER_STAGE each. The result path's steps before each held stage, in that order.
 */
const HELD_WINDOW = [10 * DAY, 45 * DAY] as const;
const HELD_PER_STAGE = 4;
const HELD_AT = [3, 2, 1, 0] as const; // handover, signing, review, visa

class MinHeap<T extends { at: number; order: number }> {
  private items: T[] = [];
  get size() {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  private less(i: number, j: number) {
    const a = this.items[i]!;
    const b = this.items[j]!;
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }
  private swap(i: number, j: number) {
    [this.items[i], this.items[j]] = [this.items[j]!, this.items[i]!];
  }
  push(item: T) {
    this.items.push(item);
    for (let i = this.items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length && last) {
      this.items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.items.length && this.less(l, m)) m = l;
        if (r < this.items.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

type Path = 'result' | 'returnedOnce' | 'refusal' | 'returnToCentre';

interface Pending {
  at: number;
  order: number;
  index: number;
  caseId: string;
  service: Service;
  sample: Sample;
  applicantName: string;
  /** Its registration's office date, which dates the sample's past facts (datedOn). */
  registeredOn: string;
  channel: string;
  path: Path;
  specialist: Actor;
  head: Actor;
  /** The commands still to come, by name, in order. */
  next: string[];
}

/** The working days (Mon–Fri, office time) from `from` to `to`, as the ms of their midnight in office time. */
function workingDays(from: number, to: number, offsetMs: number): number[] {
  const days: number[] = [];
  for (let d = Math.floor((from + offsetMs) / DAY) * DAY; d <= to + offsetMs; d += DAY) {
    const weekday = new Date(d).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d);
  }
  return days;
}

/** `at` moved into office hours: past closing or on a weekend, to the next working morning. */
function inOfficeHours(at: number, offsetMs: number, random: () => number): number {
  let local = at + offsetMs;
  const hour = (local % DAY) / HOUR;
  if (hour >= CLOSE_HOUR || hour < OPEN_HOUR) local = Math.floor(local / DAY) * DAY + (hour >= CLOSE_HOUR ? DAY : 0) + (OPEN_HOUR + random() * 2) * HOUR;
  while ([0, 6].includes(new Date(local).getUTCDay())) local += DAY;
  return Math.floor(local - offsetMs);
}

/** The day the samples are written for (the tests' today). */
const SAMPLES_DAY = '2026-11-24';

/**
 * A sample's values for a case registered on `day`: a date its fields say is past (a decision, a
 * certificate) moves back by as many days as `day` is before SAMPLES_DAY, so none falls after the
 * case. Birth dates stay, with the IINs that encode them.
 */
function datedOn(values: Record<string, unknown>, fields: readonly FormField[], day: string): Record<string, unknown> {
  const back = Math.min(0, Math.round((Date.parse(day) - Date.parse(SAMPLES_DAY)) / DAY));
  const past = new Set(fields.filter((f) => f.dateIs === 'past').map((f) => f.id));
  if (!back || !past.size) return values;
  return Object.fromEntries(Object.entries(values).map(([id, v]) => [id, past.has(id) && typeof v === 'string' ? addDays(v, back) : v]));
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function* trainingHistory(o: TrainingOptions): Generator<TrainingStep> {
  const random = seededRandom(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const offsetMs = o.offsetMinutes * 60_000;
  const samples = [...Object.entries(SAMPLES).map(([serviceId, sample]) => ({ serviceId, sample })), ...VARIANT_SAMPLES].filter((s) => o.catalog.has(s.serviceId));
  const weighted = samples.flatMap((s) => Array<typeof s>(SERVICE_WEIGHTS[s.serviceId] ?? 5).fill(s));
  // Registrations end the working day before `to`, so that all of them have happened.
  const days = workingDays(o.from, o.to - DAY, offsetMs);
  const heap = new MinHeap<Pending>();
  let order = 0;
  let held = 0;

  const person = () => {
    const sex = random() < 0.6 ? 'female' : 'male';
    const russian = random() < 0.2;
    const root = russian ? pick(RUSSIAN_SURNAMES) : pick(SURNAMES);
    const surname = russian ? (sex === 'female' ? `${root}а` : root) : `${root}${sex === 'female' ? 'ова' : 'ов'}`;
    const year = 1960 + Math.floor(random() * 45);
    const birthDate = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    return { name: `${pick(sex === 'female' ? FEMALE : MALE)} ${surname}`, iin: iinFor(birthDate, sex, 1 + Math.floor(random() * 9000)) };
  };

  const register = (index: number, at: number): TrainingStep & { pending: Pending } => {
    const { serviceId, sample } = pick(weighted);
    const service = o.catalog.get(serviceId)!;
    const channel = pick(service.channels);
    const fromCentre = channel === 'service-centre' || channel === 'mobile-centre';
    const roll = random();
    const path: Path = fromCentre && roll < 0.03 ? 'returnToCentre' : roll < 0.1 ? 'refusal' : roll < 0.15 ? 'returnedOnce' : 'result';
    const next =
      path === 'returnToCentre'
        ? ['returnToCentre']
        : path === 'refusal'
          ? ['visa', ...(service.refusalHearing ? ['noticeRefusal', 'recordHearing'] : []), 'refuse', 'sign', 'handover']
          : path === 'returnedOnce'
            ? ['visa', 'review', 'return', 'review', 'sign', 'handover']
            : ['visa', 'review', 'sign', 'handover'];
    const age = o.to - at;
    if (path === 'result' && age >= HELD_WINDOW[0] && age <= HELD_WINDOW[1] && held < HELD_AT.length * HELD_PER_STAGE) next.length = HELD_AT[held++ % HELD_AT.length]!;
    const applicant = person();
    const caseId = uuidFrom(random);
    const registeredOn = localDateOf(new Date(at).toISOString(), o.offsetMinutes);
    const pending: Pending = {
      at,
      order: order++,
      index,
      caseId,
      service,
      sample,
      applicantName: applicant.name,
      registeredOn,
      channel,
      path,
      specialist: pick(o.people.specialists),
      head: pick(o.people.heads),
      next,
    };
    const street = pick(STREETS);
    const command: Command = {
      type: 'intake',
      caseId,
      serviceId,
      channel,
      applicant: {
        ...applicant,
        address: `${pick(LOCALITIES)}, ${street}, ${1 + Math.floor(random() * 120)}-үй`,
        phone: `+7 70${Math.floor(random() * 10)} ${String(Math.floor(random() * 1e7)).padStart(7, '0').replace(/(\d{3})(\d{2})(\d{2})/, '$1 $2 $3')}`,
      },
      application: datedOn(sample.application, service.form, registeredOn),
      documentsReceived: sample.documents,
      consent: true,
    };
    return { at, actor: o.people.clerk, command, index, pending };
  };

  /** The next step of a case, some working hours or days after its last one. */
  const schedule = (p: Pending, after: number) => {
    const step = p.next[0];
    if (!step) return;
    const delay =
      step === 'visa' || step === 'returnToCentre'
        ? HOUR * (1 + random() * 20)
        : step === 'review' || step === 'refuse' || step === 'noticeRefusal'
          ? DAY * (1 + random() * 5)
          : step === 'recordHearing'
            ? DAY * 3
            : step === 'sign' || step === 'return'
              ? HOUR * (2 + random() * 30)
              : DAY * (random() * 4);
    const at = inOfficeHours(after + delay, offsetMs, random);
    if (at <= o.to) heap.push({ ...p, at, order: order++ });
  };

  const commandFor = (p: Pending, step: string, at: number): { actor: Actor; command: Command } => {
    const today = localDateOf(new Date(at).toISOString(), o.offsetMinutes);
    const checks = Object.fromEntries(p.service.documents.map((d) => [d.id, true]));
    const grounds = [p.service.refusalGrounds[0]!.id];
    const reasons = 'Ұсынылған құжаттардағы мәліметтер тіркелімдегі деректермен сәйкес келмейді.';
    switch (step) {
      case 'visa':
        return { actor: p.head, command: { type: 'visa', caseId: p.caseId, resolution: 'Қарап, заңға сәйкес шешім дайындалсын', specialistId: p.specialist.userId } };
      case 'returnToCentre':
        return { actor: p.head, command: { type: 'returnToCentre', caseId: p.caseId, reasons: 'Құжаттар толық емес: ата-аналардың қолы жоқ.' } };
      case 'review':
        return { actor: p.specialist, command: { type: 'review', caseId: p.caseId, documentChecks: checks, draft: { outcome: 'result', variant: p.sample.variant, fields: datedOn(p.sample.draft, resultVariant(p.service, p.sample.variant)?.fields ?? [], p.registeredOn) } } };
      case 'noticeRefusal':
        return { actor: p.specialist, command: { type: 'noticeRefusal', caseId: p.caseId, grounds, reasons, hearingOn: localDateOf(new Date(at + 3 * DAY).toISOString(), o.offsetMinutes) } };
      case 'recordHearing':
        return { actor: p.specialist, command: { type: 'recordHearing', caseId: p.caseId, heardOn: today, attended: random() < 0.7, statement: 'Қосымша құжаттарды кейін әкелемін.' } };
      case 'refuse':
        return { actor: p.specialist, command: { type: 'review', caseId: p.caseId, documentChecks: checks, draft: { outcome: 'refusal', grounds, reasons } } };
      case 'return':
        return { actor: p.head, command: { type: 'return', caseId: p.caseId, reason: 'Қорытындыдағы мекенжайды тексеріңіз.' } };
      case 'sign':
        return { actor: p.head, command: { type: 'sign', caseId: p.caseId, seal: '' } };
      default: {
        const courier = p.channel === 'service-centre' || p.channel === 'mobile-centre';
        return { actor: o.people.clerk, command: { type: 'handover', caseId: p.caseId, recipient: courier ? { kind: 'courier', name: 'Ерлан Мұқанов' } : { kind: 'applicant', name: p.applicantName }, handedOverOn: today } };
      }
    }
  };

  let index = 0;
  for (let d = 0; d < days.length; d++) {
    // This day's share of the cases, spread over its office hours.
    const quota = Math.floor((o.cases * (d + 1)) / days.length) - Math.floor((o.cases * d) / days.length);
    for (let j = 0; j < quota; j++) {
      const at = Math.floor(days[d]! - offsetMs + (OPEN_HOUR + ((CLOSE_HOUR - OPEN_HOUR) * (j + random())) / quota) * HOUR);
      while (heap.size && heap.peek()!.at <= at) yield* advance(heap.pop()!);
      if (at > o.to) break;
      const { pending, ...step } = register(index++, at);
      yield step;
      schedule(pending, at);
    }
  }
  while (heap.size) yield* advance(heap.pop()!);

  function* advance(p: Pending): Generator<TrainingStep> {
    const [step, ...rest] = p.next;
    yield { at: p.at, index: p.index, ...commandFor(p, step!, p.at) };
    schedule({ ...p, next: rest }, p.at);
  }
}
