import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  activeFields,
  dateBounds,
  DEFAULT_CONSENT_AGE,
  FIELD_PARTS,
  formatDateTime,
  LANGUAGES,
  localDateOf,
  partRule,
  PHONE_FORMAT,
  russianPlace,
  urgency,
  type Channel,
  type DateRule,
  type FormField,
  type Language,
} from '../../shared';
import { useLanguage, useOffset } from '../app/hooks';
import { setPreference } from '../app/preferences';
import { useUi } from '../app/session';
import { DateField } from './DateField';

/** Problems to show beside fields: path (application.children.0.iin) → message. */
export type FieldMessages = Record<string, string>;

function messageFor(messages: FieldMessages | undefined, path: string): string | undefined {
  return messages?.[path];
}

function InlineProblem({ message, id }: { message: string | undefined; id: string }) {
  if (!message) return null;
  return (
    <span className="field-problem" id={id}>
      {message}
    </span>
  );
}

/**
 * One plain input: text, date, IIN or phone. A date's calendar offers the days the rule takes
 * (fields.ts dateBounds); a phone shows its format under it, the one its refusal names.
 */
function PlainInput({ id, type, value, onChange, required, label, problem, rule = {} }: { id: string; type: string; value: string; onChange(value: string): void; required: boolean; label?: string; problem?: string; rule?: DateRule }) {
  const { t } = useTranslation();
  const offset = useOffset();
  if (type === 'date') {
    const bounds = dateBounds(rule, localDateOf(new Date().toISOString(), offset));
    return <DateField id={id} value={value} onChange={onChange} required={required} label={label} invalid={!!problem} describedBy={problem && `${id}-problem`} bounds={bounds} />;
  }
  const hint = type === 'phone' ? `${id}-hint` : undefined;
  return (
    <>
      <input
        id={id}
        type={type === 'phone' ? 'tel' : 'text'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        aria-describedby={[problem && `${id}-problem`, hint].filter(Boolean).join(' ') || undefined}
        inputMode={type === 'iin' ? 'numeric' : undefined}
        maxLength={type === 'iin' ? 12 : undefined}
        placeholder={hint && PHONE_FORMAT}
      />
      {hint && (
        <span className="hint" id={hint}>
          {t('parts.phoneHint', { format: PHONE_FORMAT })}
        </span>
      )}
    </>
  );
}

type Parts = Record<string, unknown>;
const asParts = (value: unknown): Parts => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Parts) : {});
const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * An address, a person or a bilingual text: a group of labelled inputs, one per part. A bilingual
 * text's Russian follows its Kazakh until someone edits it, so a proper name is typed once.
 */
function PartsField({ field, value, onChange, language, path, messages }: FieldProps) {
  const { t } = useTranslation();
  const parts = asParts(value);
  const kind = field.type as 'address' | 'person' | 'bilingual';
  // A Russian part follows the Kazakh one until the clerk writes it otherwise: the same text, or the address's rule.
  const russianOf: Record<string, [string, (kk: string) => string]> =
    kind === 'bilingual' ? { kk: ['ru', (kk) => kk] } : kind === 'address' ? { locality: ['localityRu', russianPlace], street: ['streetRu', russianPlace] } : {};
  const follow = (partId: string, v: string): Parts => {
    const pair = russianOf[partId];
    if (!pair) return {};
    const [ru, rule] = pair;
    const now = asText(parts[ru]);
    return !now || now === rule(asText(parts[partId])) ? { [ru]: rule(v) } : {};
  };
  return (
    <fieldset className="parts" aria-describedby={messageFor(messages, path) ? `${path}-problem` : undefined}>
      <legend className={field.required ? 'required' : undefined}>{field.label[language]}</legend>
      <div className="grid">
        {FIELD_PARTS[kind].map((part) => {
          const id = `${path}.${part.id}`;
          return (
            <div className="field" key={part.id}>
              <label htmlFor={id}>{t(`parts.${part.id}`)}</label>
              <PlainInput id={id} type={part.type} value={asText(parts[part.id])} required={field.required && part.required} problem={messageFor(messages, id)} rule={partRule(part, field.ageUnder)} onChange={(v) => onChange({ ...parts, [part.id]: v, ...follow(part.id, v) })} />
              <InlineProblem message={messageFor(messages, id)} id={`${id}-problem`} />
            </div>
          );
        })}
      </div>
      <InlineProblem message={messageFor(messages, path)} id={`${path}-problem`} />
    </fieldset>
  );
}

/** The children list: a row per child, with the written consent from the field's age. */
function ChildrenField({ field, value, onChange, language, path, messages }: FieldProps) {
  const { t } = useTranslation();
  const rows: Parts[] = Array.isArray(value) && value.length ? (value as Parts[]) : [{}];
  const set = (i: number, row: Parts) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset className="parts children">
      <legend className={field.required ? 'required' : undefined}>{field.label[language]}</legend>
      <p className="hint">{t('parts.consentHint', { age: field.consentFromAge ?? DEFAULT_CONSENT_AGE })}</p>
      {rows.map((row, i) => {
        const rowLabel = t('parts.child', { n: i + 1 });
        return (
          <div className="child-row" key={i} role="group" aria-label={rowLabel}>
            <strong>{rowLabel}</strong>
            {FIELD_PARTS.children.map((part) => {
              const id = `${path}.${i}.${part.id}`;
              return (
                <div className="field" key={part.id}>
                  <label htmlFor={id}>{t(`parts.${part.id}`)}</label>
                  <PlainInput id={id} type={part.type} value={asText(row[part.id])} required={part.required} label={`${rowLabel} — ${t(`parts.${part.id}`)}`} problem={messageFor(messages, id)} rule={partRule(part, field.ageUnder)} onChange={(v) => set(i, { ...row, [part.id]: v })} />
                  <InlineProblem message={messageFor(messages, id)} id={`${id}-problem`} />
                </div>
              );
            })}
            <label className="check">
              <input type="checkbox" aria-label={`${rowLabel} — ${t('parts.consent')}`} checked={row.consent === true} onChange={(e) => set(i, { ...row, consent: e.target.checked })} />
              {t('parts.consent')}
            </label>
            <InlineProblem message={messageFor(messages, `${path}.${i}.consent`)} id={`${path}.${i}.consent-problem`} />
            {rows.length > 1 && (
              <button type="button" className="link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                {t('parts.removeChild', { n: i + 1 })}
              </button>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, {}])}>
        {t('parts.addChild')}
      </button>
      <InlineProblem message={messageFor(messages, path)} id={`${path}-problem`} />
    </fieldset>
  );
}

interface FieldProps {
  field: FormField;
  value: unknown;
  onChange(value: unknown): void;
  language: Language;
  /** The field's path in the command (application.childName), which is also its element id. */
  path: string;
  messages?: FieldMessages;
}

/** One catalog form field as an input; the catalog says its type, label and whether it is required. */
export function CatalogField(props: FieldProps) {
  const { t } = useTranslation();
  const { field, value, onChange, language, path, messages } = props;
  if (field.type === 'address' || field.type === 'person' || field.type === 'bilingual') return <PartsField {...props} />;
  if (field.type === 'children') return <ChildrenField {...props} />;
  const problem = messageFor(messages, path);
  const label = (
    <label htmlFor={path} className={field.required ? 'required' : undefined}>
      {field.label[language]}
    </label>
  );
  let input;
  if (field.type === 'choice') {
    input = (
      <select id={path} value={asText(value)} onChange={(e) => onChange(e.target.value)} required={field.required} aria-invalid={problem ? true : undefined}>
        <option value="">{t('visa.choose')}</option>
        {field.options?.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label[language]}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'textarea') {
    input = <textarea id={path} value={asText(value)} onChange={(e) => onChange(e.target.value)} required={field.required} rows={3} aria-invalid={problem ? true : undefined} />;
  } else {
    input = <PlainInput id={path} type={field.type} value={asText(value)} onChange={onChange} required={field.required} problem={problem} rule={field} />;
  }
  return (
    <div className="field">
      {label}
      {input}
      <InlineProblem message={problem} id={`${path}-problem`} />
    </div>
  );
}

/** A catalog form: the fields its answers make active, each with its problems once the person has tried to submit. */
export function CatalogForm({ fields, values, onChange, language, prefix, messages, channel }: { fields: readonly FormField[]; values: Record<string, unknown>; onChange(values: Record<string, unknown>): void; language: Language; prefix: string; messages?: FieldMessages; channel?: Channel }) {
  const active = activeFields(fields, values, channel);
  const wide = (f: FormField) => f.type === 'address' || f.type === 'person' || f.type === 'bilingual' || f.type === 'children' || f.type === 'textarea';
  return (
    <div className="grid">
      {active.map((field) => (
        <div key={field.id} className={wide(field) ? 'wide' : undefined}>
          <CatalogField field={field} value={values[field.id]} onChange={(v) => onChange({ ...values, [field.id]: v })} language={language} path={`${prefix}.${field.id}`} messages={messages} />
        </div>
      ))}
    </div>
  );
}

/** A labelled text area: a resolution, reasons, what the applicant said. */
export function TextAreaField({ id, label, value, onChange, rows = 3 }: { id: string; label: string; value: string; onChange(value: string): void; rows?: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** Focuses a field, or the first control of a group (a fieldset, a list of checkboxes), by its element id. */
export function focusField(id: string) {
  const element = document.getElementById(id);
  const target = element?.matches('input, select, textarea, button') ? element : element?.querySelector<HTMLElement>('input, select, textarea, button');
  target?.focus();
}

/** Takes focus as it appears: a heading after navigation or a result panel after a command (a stable ref callback, so only once). */
export const focusOnMount = (element: HTMLElement | null) => element?.focus();

export interface SummaryItem {
  /** The element id of the field the problem is about. */
  target: string;
  message: string;
}

/**
 * A failed submit's every problem at the top of its form, each a link to its field. It takes
 * focus at each failed `attempt`, so a keyboard or screen-reader user starts from the list.
 */
export function ErrorSummary({ items, attempt }: { items: readonly SummaryItem[]; attempt: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const shown = items.length > 0;
  useEffect(() => {
    if (attempt && shown) ref.current?.focus();
    // Only a new attempt moves focus; a problem fixed while typing does not.
  }, [attempt]);
  if (!shown) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('app.errorSummary')}</h2>
      <ul>
        {items.map((item) => (
          <li key={`${item.target} ${item.message}`}>
            {/* The address is the app's route, so the link moves focus itself rather than changing it. */}
            <a href={`#${item.target}`} onClick={(e) => (e.preventDefault(), focusField(item.target))}>
              {item.message}
            </a>
          </li>
        ))}
      </ul>
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

/**
 * A due time, marked at risk (less than a quarter of the step left) or overdue. Terms in days
 * end at the end of a day, so those show the date alone. A signed result waiting for its
 * applicant (`ready`) is ready until its date, never at risk.
 */
export function Due({ at, startedAt, offsetMinutes, ready = false }: { at: string | null; startedAt?: string | null; offsetMinutes: number; ready?: boolean }) {
  const { t } = useTranslation();
  if (!at) return <span>—</span>;
  const left = urgency(startedAt ?? at, at, new Date().toISOString());
  const state = ready && left !== 'overdue' ? 'ready' : left;
  const text = formatDateTime(at, offsetMinutes);
  return (
    <span className={`due ${state}`}>
      {text.endsWith(' 23:59') ? text.slice(0, -6) : text}
      {state !== 'onTime' && <strong> · {t(`worklist.${state}`)}</strong>}
    </span>
  );
}

/** The end of every action form: the refusal, if any, the button that submits, and cancel where the form can be closed. */
export function FormFooter({ error, busy, label, onCancel }: { error: string | null; busy: boolean; label: string; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorNote message={error} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {label}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('signing.cancel')}
          </button>
        )}
      </div>
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

/** A period's first and last office date, as the journals and the reports ask for it. */
export function PeriodFields({ id, from, to, onFrom, onTo }: { id: string; from: string; to: string; onFrom(date: string): void; onTo(date: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="grid">
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('journals.from')}</label>
        <DateField id={`${id}-from`} value={from} onChange={onFrom} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('journals.to')}</label>
        <DateField id={`${id}-to`} value={to} onChange={onTo} />
      </div>
    </div>
  );
}

/** The language switch: it applies at once and is remembered for the person signed in (app/preferences.ts). */
export function LanguageSelect() {
  const { t } = useTranslation();
  const language = useLanguage();
  const userId = useUi((s) => s.actor?.userId ?? null);
  return (
    <label className="language">
      {t('app.language')}{' '}
      <select value={language} onChange={(e) => void setPreference(userId, { language: e.target.value as Language })}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
