import { useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addMonths, DATE_RANGE, formatDate, isLocalDate, localDateOf, monthName, monthWeeks, movedDate, readTypedDate, typingDate, weekdayNames, type LocalDate } from '../../shared';
import { useLanguage, useOffset } from '../app/hooks';

export type DateBounds = { earliest: LocalDate; latest: LocalDate };

const clamp = (date: LocalDate, b: DateBounds): LocalDate => (date < b.earliest ? b.earliest : date > b.latest ? b.latest : date);
const shown = (value: string) => (isLocalDate(value) ? formatDate(value, 'kk') : value);

/**
 * A date as Kazakhstan writes it, DD.MM.YYYY, whatever the browser's locale (Chromium's own picker
 * shows 12/02/2026 for 2 December under kk and ru). The form keeps the ISO date; a half-typed or
 * impossible one is told beside the field, kept as no date, and stops its form. The calendar offers only the days
 * within the bounds; a date typed outside them is the form's rule to refuse, with its own message.
 */
export function DateField({ id, value, onChange, bounds = DATE_RANGE, required, label, describedBy, invalid }: {
  id: string;
  value: string;
  onChange(date: string): void;
  bounds?: DateBounds;
  required?: boolean;
  /** For a field with no <label> of its own. */
  label?: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const [text, setText] = useState(() => shown(value));
  const [seen, setSeen] = useState(value);
  const [left, setLeft] = useState(false);
  const [open, setOpen] = useState(false);
  const [focused, setFocused] = useState<LocalDate>(value);
  const input = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLTableElement>(null);
  const caret = useRef<number | null>(null);
  const focusDay = useRef(false);

  // A value set from outside (a draft loaded, a form cleared) replaces what is typed.
  if (value !== seen) {
    setSeen(value);
    setText(shown(value));
  }

  const read = readTypedDate(text);
  const message =
    read.kind === 'impossible'
      ? read.lastDay
        ? t('dateField.pastMonthEnd', { text, lastDay: formatDate(read.lastDay, 'kk') })
        : t('dateField.impossible', { text })
      : read.kind === 'incomplete' && left
        ? t('dateField.incomplete')
        : null;

  function keep(date: string) {
    setSeen(date);
    if (date !== value) onChange(date);
  }

  function type(raw: string, at: number) {
    const next = typingDate(raw);
    if (next !== raw) {
      // The caret stays after the same digit when the dots move.
      const digits = raw.slice(0, at).replace(/\D/g, '').length;
      let pos = 0;
      for (let n = 0; pos < next.length && n < digits; pos++) if (/\d/.test(next[pos]!)) n++;
      caret.current = pos;
    }
    setText(next);
    setLeft(false);
    const typed = readTypedDate(next);
    keep(typed.kind === 'date' ? typed.date : '');
  }

  // A form with a date it cannot read does not go, as a browser's own check would stop it: the
  // person is taken to the field and told, and nothing is kept without the date they typed.
  const unreadable = read.kind === 'impossible' || read.kind === 'incomplete';
  useEffect(() => {
    const form = input.current?.form;
    if (!form || !unreadable) return;
    const stop = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
      setLeft(true);
      input.current?.focus();
    };
    form.addEventListener('submit', stop);
    return () => form.removeEventListener('submit', stop);
  }, [unreadable]);

  useLayoutEffect(() => {
    if (caret.current === null) return;
    input.current?.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  useEffect(() => {
    if (!open || !focusDay.current) return;
    focusDay.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`[data-date="${focused}"]`)?.focus();
  }, [open, focused]);

  function openCalendar() {
    focusDay.current = true;
    setFocused(clamp(read.kind === 'date' ? read.date : localDateOf(new Date().toISOString(), offset), bounds));
    setOpen(true);
  }

  function close() {
    setOpen(false);
    input.current?.focus();
  }

  function choose(date: LocalDate) {
    setText(formatDate(date, 'kk'));
    keep(date);
    close();
  }

  function moveTo(date: LocalDate, byKey = false) {
    focusDay.current = byKey;
    setFocused(clamp(date, bounds));
  }

  function onGridKey(e: KeyboardEvent) {
    const next = movedDate(focused, e.key, e.shiftKey, bounds);
    if (!next) return;
    e.preventDefault();
    moveTo(next, true);
  }

  function onBlur(e: FocusEvent<HTMLDivElement>) {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
  }

  const [year, month] = [Number(focused.slice(0, 4)), Number(focused.slice(5, 7))];
  const monthOf = (date: LocalDate) => date.slice(0, 7);
  const years = Array.from({ length: Number(bounds.latest.slice(0, 4)) - Number(bounds.earliest.slice(0, 4)) + 1 }, (_, i) => Number(bounds.earliest.slice(0, 4)) + i);
  const today = localDateOf(new Date().toISOString(), offset);
  const headingId = `${id}-calendar-month`;
  const full = weekdayNames(language, 'full');

  return (
    <div className="date-field" onBlur={onBlur}>
      <div className="date-input">
        <input
          ref={input}
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('dateField.format')}
          value={text}
          required={required}
          aria-label={label}
          aria-invalid={invalid || message ? true : undefined}
          aria-describedby={[describedBy, message && `${id}-typed`].filter(Boolean).join(' ') || undefined}
          onChange={(e) => type(e.target.value, e.target.selectionStart ?? e.target.value.length)}
          onBlur={() => setLeft(true)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' || open) return;
            e.preventDefault();
            openCalendar();
          }}
        />
        <button type="button" className="date-open" aria-label={t('dateField.open')} aria-haspopup="dialog" aria-expanded={open} onClick={() => (open ? close() : openCalendar())}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M2 3h12v11H2zM2 6h12M5 1v3M11 1v3" fill="none" stroke="currentColor" strokeWidth="1.4" />
          </svg>
        </button>
      </div>
      {message && (
        <span className="field-problem" id={`${id}-typed`}>
          {message}
        </span>
      )}
      {open && (
        <div
          className="date-popup"
          role="dialog"
          aria-label={t('dateField.choose')}
          aria-describedby={`${id}-calendar-keys`}
          tabIndex={-1}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            close();
          }}
        >
          <div className="date-head">
            <button type="button" aria-label={t('dateField.previous')} disabled={monthOf(focused) <= monthOf(bounds.earliest)} onClick={() => moveTo(addMonths(focused, -1))}>
              ‹
            </button>
            <select aria-label={t('dateField.month')} value={month} onChange={(e) => moveTo(addMonths(focused, Number(e.target.value) - month))}>
              {Array.from({ length: 12 }, (_, i) => (
                <option key={i} value={i + 1}>
                  {monthName(i + 1, language)}
                </option>
              ))}
            </select>
            <select aria-label={t('dateField.year')} value={year} onChange={(e) => moveTo(addMonths(focused, 12 * (Number(e.target.value) - year)))}>
              {years.map((y) => (
                <option key={y}>{y}</option>
              ))}
            </select>
            <button type="button" aria-label={t('dateField.next')} disabled={monthOf(focused) >= monthOf(bounds.latest)} onClick={() => moveTo(addMonths(focused, 1))}>
              ›
            </button>
          </div>
          <span id={headingId} hidden>
            {`${monthName(month, language)} ${year}`}
          </span>
          <table ref={grid} role="grid" aria-labelledby={headingId} onKeyDown={onGridKey}>
            <thead>
              <tr>
                {weekdayNames(language).map((d, i) => (
                  <th key={d} scope="col" abbr={full[i]}>
                    {d}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthWeeks(year, month).map((week, w) => (
                <tr key={w}>
                  {week.map((date, i) => (
                    <td key={date ?? `blank-${i}`} aria-selected={date ? date === value : undefined}>
                      {date && (
                        <button
                          type="button"
                          data-date={date}
                          tabIndex={date === focused ? 0 : -1}
                          disabled={date < bounds.earliest || date > bounds.latest}
                          aria-label={formatDate(date, language, 'long')}
                          aria-current={date === today ? 'date' : undefined}
                          onClick={() => choose(date)}
                          onFocus={() => setFocused(date)}
                        >
                          {Number(date.slice(8))}
                        </button>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint" id={`${id}-calendar-keys`}>
            {t('dateField.keys')}
          </p>
        </div>
      )}
    </div>
  );
}
