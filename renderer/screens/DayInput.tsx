import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocalDate, type LocalDate } from '../../shared';

/** DD.MM.YYYY as people in Kazakhstan write a date, or null when the text is not a day of the calendar. */
function parseDay(text: string): LocalDate | null {
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const date = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isLocalDate(date) ? date : null;
}

const shown = (date: LocalDate | undefined) => (date ? `${date.slice(8)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : '');

/**
 * A day typed as DD.MM.YYYY, whatever the browser's locale: a plain text field until the app's
 * own date field replaces it. It reports a day once the text is one, and nothing while it is not.
 */
export function DayInput({ id, label, value, onChange }: { id: string; label: string; value: LocalDate | undefined; onChange: (date: LocalDate | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => shown(value));
  const wrong = text.trim() !== '' && !parseDay(text);
  return (
    <div className="field day">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        placeholder={t('listFilters.dateHint')}
        value={text}
        aria-invalid={wrong || undefined}
        aria-describedby={wrong ? `${id}-wrong` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const day = parseDay(e.target.value);
          if (day || e.target.value.trim() === '') onChange(day ?? undefined);
        }}
      />
      {wrong && (
        <span id={`${id}-wrong`} className="field-problem">
          {t('listFilters.dateWrong')}
        </span>
      )}
    </div>
  );
}
