import { useTranslation } from 'react-i18next';
import { formatDateTime, type FormField, type Language } from '../../shared';

/** One catalog form field as an input; the catalog says its type, label and whether it is required. */
export function CatalogField({ field, value, onChange, language, name }: { field: FormField; value: string; onChange(value: string): void; language: Language; name: string }) {
  const { t } = useTranslation();
  const id = `${name}-${field.id}`;
  const label = (
    <label htmlFor={id} className={field.required ? 'required' : undefined}>
      {field.label[language]}
    </label>
  );
  if (field.type === 'choice') {
    return (
      <div className="field">
        {label}
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required={field.required}>
          <option value="">{t('visa.choose')}</option>
          {field.options?.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label[language]}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (field.type === 'textarea') {
    return (
      <div className="field">
        {label}
        <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} required={field.required} rows={3} />
      </div>
    );
  }
  const inputType = field.type === 'date' ? 'date' : field.type === 'phone' ? 'tel' : 'text';
  return (
    <div className="field">
      {label}
      <input
        id={id}
        type={inputType}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={field.required}
        inputMode={field.type === 'iin' ? 'numeric' : undefined}
        maxLength={field.type === 'iin' ? 12 : undefined}
      />
    </div>
  );
}

export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

/** A due time, marked when it has passed. Terms in days end at the end of a day, so those show the date alone. */
export function Due({ at, offsetMinutes }: { at: string | null; offsetMinutes: number }) {
  const { t } = useTranslation();
  if (!at) return <span>—</span>;
  const overdue = Date.parse(at) < Date.now();
  const text = formatDateTime(at, offsetMinutes);
  return (
    <span className={overdue ? 'due overdue' : 'due'}>
      {text.endsWith(' 23:59') ? text.slice(0, -6) : text}
      {overdue && <strong> · {t('worklist.overdue')}</strong>}
    </span>
  );
}

/** The end of every action form: the refusal, if any, and the one button that submits. */
export function FormFooter({ error, busy, label }: { error: string | null; busy: boolean; label: string }) {
  return (
    <>
      <ErrorNote message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {label}
      </button>
    </>
  );
}

export interface CheckItem {
  id: string;
  label: string;
  required?: boolean;
  note?: string;
}

/** A list of checkboxes over ids: the documents received or checked, the grounds for refusal. */
export function CheckList({ items, checked, onChange }: { items: CheckItem[]; checked: readonly string[]; onChange(checked: string[]): void }) {
  return (
    <>
      {items.map((item) => (
        <label key={item.id} className={item.required ? 'check required' : 'check'}>
          <input
            type="checkbox"
            checked={checked.includes(item.id)}
            onChange={(e) => onChange(e.target.checked ? [...checked, item.id] : checked.filter((x) => x !== item.id))}
          />
          {item.label}
          {item.note && <em className="hint"> ({item.note})</em>}
        </label>
      ))}
    </>
  );
}
