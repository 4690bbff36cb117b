import type { FormField } from './catalog';
import { DomainError } from './errors';
import { validateIin } from './iin';
import { addDays, addMonths, isLocalDate, type LocalDate } from './localDate';
import type { Channel } from './roles';
import { russianPlace } from './paper/places';

/** A street address as the seed forms ask for it: city or village, street, house, apartment. */
export interface Address {
  locality: string;
  street: string;
  house: string;
  apartment?: string;
  /** How the Russian page writes the locality and the street (г. Павлодар, ул. Кайырбаева); absent: by rule from the Kazakh. */
  localityRu?: string;
  streetRu?: string;
}

/** A person named in an application: a parent, the deceased depositor, a legal representative. */
export interface Person {
  name: string;
  iin?: string;
  birthDate?: LocalDate;
  /** The identity document as written on the form: number, issued by, issued on. */
  document?: string;
}

/** One line of the children list (seeds 003: name, birth date, birth certificate; over 10 they agree in writing). */
export interface Child {
  name: string;
  birthDate: LocalDate;
  birthCertificate: string;
  iin?: string;
  /** The child wrote «келісемін» (I agree); needed from the field's consent age. */
  consent?: boolean;
}

/** A free text as each paper prints it: a bank's, a fund's or a property's name, the kind of a transaction. */
export interface Bilingual {
  kk: string;
  ru: string;
}

export type FieldValue = string | Address | Person | Child[] | Bilingual;

/*
 * Bounds on what a person types (issue 24). They hold in the commands, through checkForm and
 * requiredText, so a refused command changes nothing; the rulebook keeps only a looser cap on
 * length (rulebook.ts MAX_EVENT_TEXT), because events that older versions wrote must stay valid.
 */

/**
 * How many characters a typed text may have: a line (a name, a number, an address or one of its
 * parts), each language of a bilingual text that prints, a paragraph (wishes, a resolution,
 * reasons). Longer is a paste gone wrong, which no paper or screen can lay out.
 */
export const MAX_LENGTH = { line: 200, bilingual: 1000, paragraph: 2000 } as const;

/** A children list has at most this many rows: more than any family on one application. */
export const MAX_CHILDREN = 30;

/** Every date a form takes: nobody alive was born before 1900, and no term here runs past 2099. */
export const DATE_RANGE = { earliest: '1900-01-01', latest: '2099-12-31' } as const;

/** A phone number as the form shows and keeps it. Every Kazakhstan number, a landline's too, is +7 7XX. */
export const PHONE_FORMAT = '+7 7XX XXX XX XX';

/** The ten digits after +7, typed with +7 or 8 and any spaces, brackets or dashes. */
const PHONE = /^(?:\+7|8)(7\d{9})$/;

/** A phone number in PHONE_FORMAT, or null when it is not a Kazakhstan number. */
export function phoneNumber(value: string): string | null {
  const digits = PHONE.exec(value.replace(/[\s()-]/g, ''))?.[1];
  return digits ? `+7 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}` : null;
}

/** The refusal of a text longer than `max` characters (code points: an Ә is one), with how long it is. */
export function lengthProblem(value: string, field: string, max: number): DomainError | null {
  const length = [...value].length;
  return length > max ? new DomainError('field.tooLong', { field, max, length }) : null;
}

/** A text trimmed, refused when longer than `max`; it may be empty. */
export function boundedText(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  const problem = lengthProblem(trimmed, field, max);
  if (problem) throw problem;
  return trimmed;
}

/** A text a person must give: trimmed, not empty, at most `max` characters. */
export function requiredText(value: string, field: string, max: number): string {
  const trimmed = boundedText(value, field, max);
  if (!trimmed) throw new DomainError('field.required', { field });
  return trimmed;
}

/** What a date may be, as the catalog says (catalog.ts `dateIs`, `ageUnder`). */
export interface DateRule {
  dateIs?: 'birth' | 'past';
  ageUnder?: number;
}

/**
 * The first and last day a date may fall on: DATE_RANGE, up to today for a birth date or a past
 * act, and from the day after a birth `ageUnder` years ago. The date inputs offer the same.
 */
export function dateBounds(rule: DateRule, today: LocalDate): { earliest: LocalDate; latest: LocalDate } {
  const youngest = rule.ageUnder ? addDays(addMonths(today, -12 * rule.ageUnder), 1) : DATE_RANGE.earliest;
  const latest = rule.dateIs && today < DATE_RANGE.latest ? today : DATE_RANGE.latest;
  return { earliest: youngest > DATE_RANGE.earliest ? youngest : DATE_RANGE.earliest, latest };
}

/** The date rule of a composite field's part: a birth date (person, children) takes the field's age. */
export const partRule = (part: { type: string; dateIs?: DateRule['dateIs'] }, ageUnder: number | undefined): DateRule => (part.dateIs === 'birth' ? { dateIs: 'birth', ageUnder } : {});

/** Why a date is not one this field takes on `today`, if it is not. */
export function dateProblem(value: string, path: string, today: LocalDate, rule: DateRule = {}): DomainError | null {
  if (!isLocalDate(value)) return new DomainError('field.invalid', { field: path });
  if (value < DATE_RANGE.earliest || value > DATE_RANGE.latest) return new DomainError('date.outOfRange', { field: path, ...DATE_RANGE });
  if (rule.dateIs && value > today) return new DomainError(rule.dateIs === 'birth' ? 'date.birthInFuture' : 'date.inFuture', { field: path });
  if (rule.ageUnder && ageOn(value, today) >= rule.ageUnder) return new DomainError('date.ageTooHigh', { field: path, age: rule.ageUnder, earliest: dateBounds(rule, today).earliest });
  return null;
}

/** The parts of the composite field types, in form order, and which of them a filled value needs. */
export const FIELD_PARTS = {
  address: [
    { id: 'locality', type: 'text', required: true },
    { id: 'street', type: 'text', required: true },
    { id: 'house', type: 'text', required: true },
    { id: 'apartment', type: 'text', required: false },
    { id: 'localityRu', type: 'text', required: false },
    { id: 'streetRu', type: 'text', required: false },
  ],
  person: [
    { id: 'name', type: 'text', required: true },
    { id: 'iin', type: 'iin', required: false },
    { id: 'birthDate', type: 'date', required: false, dateIs: 'birth' },
    { id: 'document', type: 'text', required: false },
  ],
  bilingual: [
    { id: 'kk', type: 'text', required: true, max: MAX_LENGTH.bilingual },
    { id: 'ru', type: 'text', required: true, max: MAX_LENGTH.bilingual },
  ],
  children: [
    { id: 'name', type: 'text', required: true },
    { id: 'birthDate', type: 'date', required: true, dateIs: 'birth' },
    { id: 'birthCertificate', type: 'text', required: true },
    { id: 'iin', type: 'iin', required: false },
  ],
} as const;

/** Children this old or older must agree in writing unless the field says otherwise (seed 003). */
export const DEFAULT_CONSENT_AGE = 10;

type ScalarType = 'text' | 'textarea' | 'date' | 'iin' | 'phone' | 'choice';

/** One input's kind and bounds: a scalar field of the catalog, or a part of a composite one. */
type ScalarSpec = DateRule & { type: ScalarType; options?: FormField['options']; max?: number };

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function scalarProblem(spec: ScalarSpec, value: string, path: string, today: LocalDate): DomainError | null {
  switch (spec.type) {
    case 'date':
      return dateProblem(value, path, today, spec);
    case 'iin': {
      const check = validateIin(value);
      if (!check.ok) return new DomainError('iin.invalid', { field: path, reason: check.reason });
      // The number's own birth date, for an IIN typed without one (2705015… reads as 1 May 2027).
      return check.birthDate > today ? new DomainError('date.birthInFuture', { field: path }) : null;
    }
    case 'phone':
      return phoneNumber(value) ? null : new DomainError('phone.invalid', { field: path, format: PHONE_FORMAT });
    case 'choice':
      return spec.options?.some((o) => o.id === value) ? null : new DomainError('field.invalid', { field: path });
    case 'textarea':
      return lengthProblem(value, path, MAX_LENGTH.paragraph);
    default:
      return lengthProblem(value, path, spec.max ?? MAX_LENGTH.line);
  }
}

/** Full years between a birth date and a day. */
export function ageOn(birthDate: LocalDate, day: LocalDate): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** An IIN encodes a birth date; a form that gives both must agree (KAZAKHSTAN.md). */
function iinBirthDateProblem(iin: string | undefined, birthDate: string | undefined, iinPath: string): DomainError | null {
  if (!iin || !birthDate) return null;
  const check = validateIin(iin);
  if (!check.ok || check.birthDate === birthDate) return null;
  return new DomainError('iin.birthDateMismatch', { field: iinPath, birthDate: check.birthDate });
}

/**
 * The parts of one composite value: each part checked, the IIN against the birth date, and the
 * age the field asks for against the birth date, or the IIN's where none is given.
 */
function partsOf(
  parts: readonly (ScalarSpec & { id: string; required: boolean })[],
  raw: unknown,
  path: string,
  problems: DomainError[],
  today: LocalDate,
  ageUnder: number | undefined,
): Record<string, string> | null {
  const source = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const clean: Record<string, string> = {};
  for (const part of parts) {
    const value = str(source[part.id]);
    if (value) clean[part.id] = value;
  }
  if (Object.keys(clean).length === 0) return null;
  const before = problems.length;
  for (const part of parts) {
    const value = clean[part.id];
    const partPath = `${path}.${part.id}`;
    if (!value) {
      if (part.required) problems.push(new DomainError('field.required', { field: partPath }));
      continue;
    }
    const problem = scalarProblem({ ...part, ...partRule(part, ageUnder) }, value, partPath, today);
    if (problem) problems.push(problem);
  }
  const mismatch = iinBirthDateProblem(clean.iin, clean.birthDate, `${path}.iin`);
  if (mismatch) problems.push(mismatch);
  const iin = clean.iin ? validateIin(clean.iin) : null;
  if (ageUnder && !clean.birthDate && iin?.ok && problems.length === before) {
    const problem = dateProblem(iin.birthDate, `${path}.iin`, today, { dateIs: 'birth', ageUnder });
    if (problem) problems.push(problem);
  }
  return clean;
}

/**
 * One field's value, cleaned, with every problem found added to `problems`. `today` is the
 * application's date in the office: a child's age, and so the consent rule, depends on it.
 */
function checkField(field: FormField, raw: unknown, path: string, today: LocalDate, problems: DomainError[], values: Record<string, unknown>): FieldValue | undefined {
  switch (field.type) {
    case 'address':
    case 'person':
    case 'bilingual': {
      const value = partsOf(FIELD_PARTS[field.type], raw, path, problems, today, field.ageUnder);
      if (!value) {
        if (field.required) problems.push(new DomainError('field.required', { field: path }));
        return undefined;
      }
      // A Russian wording the rule gives anyway is not kept: the signed payload, and its QR code, stay small.
      if (field.type === 'address') {
        if (value.localityRu === russianPlace(value.locality ?? '')) delete value.localityRu;
        if (value.streetRu === russianPlace(value.street ?? '')) delete value.streetRu;
      }
      return value as unknown as Address | Person | Bilingual;
    }
    case 'children': {
      const list = Array.isArray(raw) ? raw : [];
      const children: Child[] = [];
      list.forEach((item, i) => {
        const childPath = `${path}.${i}`;
        const child = partsOf(FIELD_PARTS.children, item, childPath, problems, today, field.ageUnder);
        if (!child) return;
        const consent = (item as { consent?: unknown }).consent === true;
        const consentAge = field.consentFromAge ?? DEFAULT_CONSENT_AGE;
        if ((!field.consentWhen || choiceHolds(field.consentWhen, values)) && child.birthDate && isLocalDate(child.birthDate) && ageOn(child.birthDate, today) >= consentAge && !consent) {
          problems.push(new DomainError('children.consentRequired', { field: `${childPath}.consent`, name: child.name ?? '', age: consentAge }));
        }
        children.push({ ...(child as unknown as Child), ...(consent ? { consent } : {}) });
      });
      if (children.length === 0) {
        if (field.required) problems.push(new DomainError('field.required', { field: path }));
        return undefined;
      }
      if (children.length > MAX_CHILDREN) problems.push(new DomainError('field.tooMany', { field: path, max: MAX_CHILDREN }));
      return children;
    }
    default: {
      const value = str(raw);
      if (!value) {
        if (field.required) problems.push(new DomainError('field.required', { field: path }));
        return undefined;
      }
      const problem = scalarProblem({ ...field, type: field.type as ScalarType }, value, path, today);
      if (problem) problems.push(problem);
      // A phone is kept as PHONE_FORMAT prints it, however it was typed.
      return (field.type === 'phone' && phoneNumber(value)) || value;
    }
  }
}

/** Whether a form's choice field has one of the options a `when`, `requiredWhen` or `consentWhen` names. */
export const choiceHolds = (when: FormField['when'], values: Record<string, unknown>) => !!when && when.in.includes(str(values[when.field]));

/**
 * The fields a form asks for with these values: a field with `when` only while its choice holds,
 * and required where `requiredWhen` holds; a field with `channels` only for an application that came by one of them.
 */
export function activeFields(fields: readonly FormField[], values: Record<string, unknown>, channel?: Channel): FormField[] {
  return fields
    .filter((f) => (!f.when || choiceHolds(f.when, values)) && (!f.channels || (channel !== undefined && f.channels.includes(channel))))
    .map((f) => (f.requiredWhen && !f.required ? { ...f, required: choiceHolds(f.requiredWhen, values) } : f));
}

/**
 * Every problem of a form, in form order, and the cleaned values. The intake and review
 * handlers refuse on the first problem; the form shows each beside its field, so a person
 * sees the same rule the handler applies.
 */
export function formProblems(
  fields: readonly FormField[],
  values: Record<string, unknown>,
  prefix: string,
  today: LocalDate,
  channel?: Channel,
): { values: Record<string, FieldValue>; problems: DomainError[] } {
  const problems: DomainError[] = [];
  const known = new Set(fields.map((f) => f.id));
  for (const key of Object.keys(values)) {
    // A value left from a field the form no longer asks for is dropped; an unknown one is refused.
    if (!known.has(key)) problems.push(new DomainError('field.invalid', { field: `${prefix}.${key}` }));
  }
  const clean: Record<string, FieldValue> = {};
  for (const field of activeFields(fields, values, channel)) {
    const value = checkField(field, values[field.id], `${prefix}.${field.id}`, today, problems, values);
    if (value !== undefined) clean[field.id] = value;
  }
  // An IIN field may name the form's birth date and sex fields it must agree with.
  for (const field of fields) {
    const iin = clean[field.id];
    if (field.type !== 'iin' || !field.iinChecks || typeof iin !== 'string') continue;
    const check = validateIin(iin);
    if (!check.ok) continue;
    const path = `${prefix}.${field.id}`;
    const birthField = field.iinChecks.birthDate;
    const birthDate = birthField ? clean[birthField] : undefined;
    if (typeof birthDate === 'string') {
      const mismatch = iinBirthDateProblem(iin, birthDate, path);
      if (mismatch) problems.push(mismatch);
    }
    const sex = field.iinChecks.sex;
    if (sex && typeof clean[sex.field] === 'string' && clean[sex.field] !== sex[check.sex]) {
      problems.push(new DomainError('iin.sexMismatch', { field: path }));
    }
  }
  return { values: clean, problems };
}

/** The cleaned form, or the first problem as a DomainError. */
export function checkForm(fields: readonly FormField[], values: Record<string, unknown>, prefix: string, today: LocalDate, channel?: Channel): Record<string, FieldValue> {
  const { values: clean, problems } = formProblems(fields, values, prefix, today, channel);
  if (problems[0]) throw problems[0];
  return clean;
}

/** The applicant block every service shares (SERVICES.md: name, address, phone; the IIN identifies). */
export const APPLICANT_FIELDS: readonly FormField[] = [
  { id: 'name', type: 'text', required: true, label: { kk: 'Аты-жөні', ru: 'ФИО', en: 'Full name' } },
  { id: 'iin', type: 'iin', required: true, label: { kk: 'ЖСН', ru: 'ИИН', en: 'IIN' } },
  { id: 'address', type: 'text', required: true, label: { kk: 'Мекенжайы', ru: 'Адрес', en: 'Address' } },
  { id: 'phone', type: 'phone', required: true, label: { kk: 'Телефоны', ru: 'Телефон', en: 'Phone' } },
];

/**
 * A representative acting under a notarised power of attorney (seeds 000, 002, 003). A
 * power of attorney that is not notarised is not accepted, so the clerk confirms it.
 */
export const REPRESENTATIVE_FIELDS: readonly FormField[] = [
  { id: 'name', type: 'text', required: true, label: { kk: 'Өкілдің аты-жөні', ru: 'ФИО представителя', en: "Representative's full name" } },
  { id: 'iin', type: 'iin', required: true, label: { kk: 'Өкілдің ЖСН', ru: 'ИИН представителя', en: "Representative's IIN" } },
  { id: 'poaNumber', type: 'text', required: true, label: { kk: 'Сенімхаттың нөмірі', ru: 'Номер доверенности', en: 'Power of attorney number' } },
  { id: 'poaDate', type: 'date', required: true, dateIs: 'past', label: { kk: 'Сенімхаттың күні', ru: 'Дата доверенности', en: 'Power of attorney date' } },
  { id: 'notary', type: 'text', required: true, label: { kk: 'Нотариус', ru: 'Нотариус', en: 'Notary' } },
];
