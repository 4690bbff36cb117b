import type { TFunction } from 'i18next';
import { APPLICANT_FIELDS, DomainError, REPRESENTATIVE_FIELDS, type FormField, type Language, type Service } from '../../shared';

/** The catalog or built-in fields a path's section names. */
function sectionFields(section: string, service: Service | undefined): readonly FormField[] {
  switch (section) {
    case 'applicant':
      return APPLICANT_FIELDS;
    case 'representative':
      return REPRESENTATIVE_FIELDS;
    case 'application':
      return service?.form ?? [];
    case 'draft':
      return service?.results.flatMap((r) => r.fields) ?? [];
    default:
      return [];
  }
}

/**
 * The label a person knows a field by: "Children — Child 2 — Date of birth" for
 * application.children.1.birthDate. Catalog fields are labelled by the catalog, the rest by the UI texts.
 */
export function fieldLabel(t: TFunction, path: string, service: Service | undefined, language: Language, short = false): string {
  const [section, id, ...rest] = path.split('.') as [string, string | undefined, ...string[]];
  // A trip's settlements are rows of a table: "Settlement 2 — Day".
  if (section === 'settlements') return `${t('trips.row', { n: Number(id) + 1 })} — ${t(`trips.${rest[0]}`)}`;
  const field = sectionFields(section, service).find((f) => f.id === id);
  if (!field) return t(`fields.${path}`, { defaultValue: path });
  const names = [field.label[language], ...rest.map((part) => (/^\d+$/.test(part) ? t('parts.child', { n: Number(part) + 1 }) : t(`parts.${part}`)))];
  return short ? names.at(-1)! : names.join(' — ');
}

/**
 * A refusal in the user's language, with the fields and documents it names spelled out.
 * `short` names a field by its own label only, for a message shown beside that field.
 */
export function errorMessage(t: TFunction, error: unknown, service: Service | undefined, language: Language, short = false): string {
  if (!(error instanceof DomainError)) return t('errors.unexpected', { message: error instanceof Error ? error.message : String(error) });
  const p = { ...error.params };
  if (typeof p.field === 'string') p.field = fieldLabel(t, p.field, service, language, short);
  if (typeof p.reason === 'string') p.reason = t(`iinReasons.${p.reason}`, { defaultValue: p.reason });
  if (typeof p.role === 'string') p.role = t(`roles.${p.role}`, { defaultValue: p.role });
  if (typeof p.stage === 'string') p.stage = t(`stages.${p.stage}`, { defaultValue: p.stage });
  if (typeof p.check === 'string') p.check = t(`checks.${p.check}`, { defaultValue: p.check });
  if (typeof p.document === 'string') p.document = service?.documents.find((d) => d.id === p.document)?.names[language] ?? p.document;
  for (const key of ['signedOn', 'birthDate', 'deadline', 'hearingOn', 'earliest', 'latest'] as const) {
    if (typeof p[key] === 'string') p[key] = p[key].split('-').reverse().join('.');
  }
  if (typeof p.documents === 'string') {
    p.documents = p.documents
      .split(',')
      .map((id) => service?.documents.find((d) => d.id === id)?.names[language] ?? id)
      .join('; ');
  }
  return t(`errors.${error.code}`, p);
}

/** Problems of a form as messages beside their fields. */
export function fieldMessages(t: TFunction, problems: readonly DomainError[], service: Service | undefined, language: Language): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const problem of problems) {
    const path = String(problem.params.field ?? '');
    messages[path] ??= errorMessage(t, problem, service, language, true);
  }
  return messages;
}
