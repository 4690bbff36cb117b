import type { FormField } from './catalog';
import { DomainError } from './errors';
import { validateIin } from './iin';
import { isLocalDate } from './localDate';

const PHONE = /^\+?[0-9][0-9 ()-]{8,18}[0-9]$/;

/**
 * Checks one value of a catalog form field. The UI shows the same refusal beside the field
 * that the command handler gives, because both call this.
 */
export function fieldProblem(field: Pick<FormField, 'id' | 'type' | 'required' | 'options'>, raw: string | undefined): DomainError | null {
  const value = (raw ?? '').trim();
  if (!value) return field.required ? new DomainError('field.required', { field: field.id }) : null;
  switch (field.type) {
    case 'date':
      return isLocalDate(value) ? null : new DomainError('field.invalid', { field: field.id });
    case 'iin': {
      const check = validateIin(value);
      return check.ok ? null : new DomainError('iin.invalid', { field: field.id, reason: check.reason });
    }
    case 'phone':
      return PHONE.test(value) ? null : new DomainError('field.invalid', { field: field.id });
    case 'choice':
      return field.options?.some((o) => o.id === value) ? null : new DomainError('field.invalid', { field: field.id });
    default:
      return null;
  }
}

/** Checks a whole form against its fields: the first problem, in form order, or the cleaned values. */
export function checkForm(fields: readonly FormField[], values: Record<string, string>, prefix: string): Record<string, string> {
  const known = new Set(fields.map((f) => f.id));
  const unknown = Object.keys(values).find((key) => !known.has(key));
  if (unknown) throw new DomainError('field.invalid', { field: `${prefix}.${unknown}` });
  const clean: Record<string, string> = {};
  for (const field of fields) {
    const problem = fieldProblem(field, values[field.id]);
    if (problem) throw new DomainError(problem.code, { ...problem.params, field: `${prefix}.${field.id}` });
    const value = (values[field.id] ?? '').trim();
    if (value) clean[field.id] = value;
  }
  return clean;
}

/** The applicant block every service shares (SERVICES.md: name, address, phone; the IIN identifies). */
export const APPLICANT_FIELDS: readonly Pick<FormField, 'id' | 'type' | 'required'>[] = [
  { id: 'name', type: 'text', required: true },
  { id: 'iin', type: 'iin', required: true },
  { id: 'address', type: 'text', required: true },
  { id: 'phone', type: 'phone', required: true },
];
