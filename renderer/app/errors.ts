import type { TFunction } from 'i18next';
import { DomainError, type Language, type Service } from '../../shared';

/** The label a person knows a field by: from the catalog for service fields, else from the UI texts. */
export function fieldLabel(t: TFunction, path: string, service: Service | undefined, language: Language): string {
  const [section, id] = path.split('.') as [string, string | undefined];
  if (section === 'applicant' && id) return t(`applicant.${id}`, { defaultValue: path });
  const catalogField =
    (section === 'application' && service?.form.find((f) => f.id === id)) || (section === 'draft' && service?.result.fields.find((f) => f.id === id));
  if (catalogField) return catalogField.label[language];
  return t(`fields.${path}`, { defaultValue: path });
}

/** A refusal in the user's language, with the fields and documents it names spelled out. */
export function errorMessage(t: TFunction, error: unknown, service: Service | undefined, language: Language): string {
  if (!(error instanceof DomainError)) return t('errors.unexpected', { message: error instanceof Error ? error.message : String(error) });
  const p = { ...error.params };
  if (typeof p.field === 'string') p.field = fieldLabel(t, p.field, service, language);
  if (typeof p.reason === 'string') p.reason = t(`iinReasons.${p.reason}`, { defaultValue: p.reason });
  if (typeof p.role === 'string') p.role = t(`roles.${p.role}`, { defaultValue: p.role });
  if (typeof p.stage === 'string') p.stage = t(`stages.${p.stage}`, { defaultValue: p.stage });
  if (typeof p.signedOn === 'string') p.signedOn = p.signedOn.split('-').reverse().join('.');
  if (typeof p.documents === 'string') {
    p.documents = p.documents
      .split(',')
      .map((id) => service?.documents.find((d) => d.id === id)?.names[language] ?? id)
      .join('; ');
  }
  return t(`errors.${error.code}`, p);
}
