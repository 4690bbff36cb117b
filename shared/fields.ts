import type { FormField } from './catalog';
import { DomainError } from './errors';
import { validateIin } from './iin';
import { isLocalDate, type LocalDate } from './localDate';
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
    { id: 'birthDate', type: 'date', required: false },
    { id: 'document', type: 'text', required: false },
  ],
  bilingual: [
    { id: 'kk', type: 'text', required: true },
    { id: 'ru', type: 'text', required: true },
  ],
  children: [
    { id: 'name', type: 'text', required: true },
    { id: 'birthDate', type: 'date', required: true },
    { id: 'birthCertificate', type: 'text', required: true },
    { id: 'iin', type: 'iin', required: false },
  ],
} as const;

/** Children this old or older must agree in writing unless the field says otherwise (seed 003). */
export const DEFAULT_CONSENT_AGE = 10;

const PHONE = /^\+?[0-9][0-9 ()-]{8,18}[0-9]$/;

type ScalarType = 'text' | 'textarea' | 'date' | 'iin' | 'phone' | 'choice';

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function scalarProblem(type: ScalarType, value: string, path: string, options?: FormField['options']): DomainError | null {
  switch (type) {
    case 'date':
      return isLocalDate(value) ? null : new DomainError('field.invalid', { field: path });
    case 'iin': {
      const check = validateIin(value);
      return check.ok ? null : new DomainError('iin.invalid', { field: path, reason: check.reason });
    }
    case 'phone':
      return PHONE.test(value) ? null : new DomainError('field.invalid', { field: path });
    case 'choice':
      return options?.some((o) => o.id === value) ? null : new DomainError('field.invalid', { field: path });
    default:
      return null;
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

/** The parts of one composite value: each part checked, the IIN against the birth date. */
function partsOf(
  parts: readonly { id: string; type: ScalarType; required: boolean }[],
  raw: unknown,
  path: string,
  problems: DomainError[],
  force: boolean,
): Record<string, string> | null {
  const source = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const clean: Record<string, string> = {};
  for (const part of parts) {
    const value = str(source[part.id]);
    if (value) clean[part.id] = value;
  }
  const filled = Object.keys(clean).length > 0;
  if (!filled && !force) return null;
  for (const part of parts) {
    const value = clean[part.id];
    const partPath = `${path}.${part.id}`;
    if (!value) {
      if (part.required) problems.push(new DomainError('field.required', { field: partPath }));
      continue;
    }
    const problem = scalarProblem(part.type, value, partPath);
    if (problem) problems.push(problem);
  }
  const mismatch = iinBirthDateProblem(clean.iin, clean.birthDate, `${path}.iin`);
  if (mismatch) problems.push(mismatch);
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
      const value = partsOf(FIELD_PARTS[field.type], raw, path, problems, false);
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
        const child = partsOf(FIELD_PARTS.children, item, childPath, problems, false);
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
      return children;
    }
    default: {
      const value = str(raw);
      if (!value) {
        if (field.required) problems.push(new DomainError('field.required', { field: path }));
        return undefined;
      }
      const problem = scalarProblem(field.type, value, path, field.options);
      if (problem) problems.push(problem);
      return value;
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
  { id: 'poaDate', type: 'date', required: true, label: { kk: 'Сенімхаттың күні', ru: 'Дата доверенности', en: 'Power of attorney date' } },
  { id: 'notary', type: 'text', required: true, label: { kk: 'Нотариус', ru: 'Нотариус', en: 'Notary' } },
];
