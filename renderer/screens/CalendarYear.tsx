import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatDate, monthName, monthWeeks, weekdayNames, type Language, type OfficeHours } from '../../shared';
import calendarData from '../../resources/calendar/kz.json';
import { errorMessage } from '../app/errors';
import { useLanguage, useOfficeData } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { editCalendarDay, setOfficeHours } from '../store/catalog';
import { FormFooter } from './parts';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** The administrator's year view of the working-day calendar: a day is clicked to make it a day off or a working day, with the order that says so. */
export function CalendarYear({ year }: { year: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { calendar } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const go = useUi((s) => s.go);
  const edits = useLiveQuery(() => db.calendarEdits.where('date').startsWith(String(year)).toArray(), [year]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const source = (calendarData.years as Record<string, { source: Record<Language, string> }>)[String(year)]?.source[language];

  async function save(date: string) {
    try {
      await editCalendarDay(db, { date, dayOff: calendar.isWorkingDay(date), note }, actor);
      setChosen(null);
      setNote('');
      setError(null);
    } catch (e) {
      setError(errorMessage(t, e, undefined, language));
    }
  }

  return (
    <section>
      <h1>{t('calendar.title', { year })}</h1>
      <div className="buttons">
        <button onClick={() => go(`calendar/${year - 1}`)}>← {year - 1}</button>
        <button onClick={() => go(`calendar/${year + 1}`)}>{year + 1} →</button>
      </div>
      <OfficeHoursForm />
      <p className="hint">{source ? `${t('calendar.source')}: ${source}` : t('calendar.noData')}</p>
      <p className="hint">{t('calendar.hint')}</p>
      {chosen && (
        <form
          className="side-action"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save(chosen);
          }}
        >
          <p>
            <strong>{formatDate(chosen, language, 'long')}</strong> — {calendar.isWorkingDay(chosen) ? t('calendar.makeDayOff') : t('calendar.makeWorking')}
          </p>
          <div className="field">
            <label htmlFor="calendar-note">{t('calendar.note')}</label>
            <input id="calendar-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <FormFooter error={error} busy={false} label={t('services.save')} onCancel={() => setChosen(null)} />
        </form>
      )}
      <div className="year">
        {MONTHS.map((month) => {
          const cells = monthWeeks(year, month).flat();
          const lead = cells.findIndex(Boolean);
          const days = cells.filter((d): d is string => d !== null);
          return (
            <div className="month" key={month}>
              <h2>{monthName(month, language)}</h2>
              <div className="days">
                {weekdayNames(language).map((d) => (
                  <span key={d} className="weekday" aria-hidden="true">
                    {d}
                  </span>
                ))}
                {Array.from({ length: lead }, (_, i) => (
                  <span key={`lead-${i}`} />
                ))}
                {days.map((d) => {
                  const off = !calendar.isWorkingDay(d);
                  return (
                    <button
                      key={d}
                      className={off ? 'day off' : 'day'}
                      aria-label={`${formatDate(d, language, 'long')}: ${off ? t('calendar.dayOff') : t('calendar.working')}`}
                      aria-pressed={chosen === d}
                      onClick={() => setChosen(d)}
                    >
                      {Number(d.slice(8))}
                    </button>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
      {edits && edits.length > 0 && (
        <>
          <h2>{t('calendar.edits')}</h2>
          <ul>
            {edits.map((e) => (
              <li key={e.date}>
                {formatDate(e.date, language, 'long')}: {e.dayOff ? t('calendar.dayOff') : t('calendar.working')} — {e.note} ({e.by.name})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The office's hours, which its minute steps run in: a 20-minute visa at 17:55 is due 09:15 the next working day. */
function OfficeHoursForm() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { calendar } = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const [hours, setHours] = useState<OfficeHours>(calendar.hours);
  const [lunch, setLunch] = useState(calendar.hours.lunch ?? { from: '13:00', to: '14:00' });
  const [hasLunch, setHasLunch] = useState(calendar.hours.lunch !== null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const time = (id: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{t(`calendar.${id}`)}</label>
      <input id={id} value={value} inputMode="numeric" placeholder="09:00" maxLength={5} size={6} onChange={(e) => (set(e.target.value), setSaved(false))} />
    </div>
  );
  return (
    <form
      className="office-hours"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setOfficeHours(db, { ...hours, lunch: hasLunch ? lunch : null }, actor).then(
          () => (setError(null), setSaved(true)),
          (err) => (setSaved(false), setError(errorMessage(t, err, undefined, language))),
        );
      }}
    >
      <h2>{t('calendar.hours')}</h2>
      <p className="hint">{t('calendar.hoursHint')}</p>
      <div className="row">
        {time('opens', hours.opens, (opens) => setHours({ ...hours, opens }))}
        {time('closes', hours.closes, (closes) => setHours({ ...hours, closes }))}
        <label className="check">
          <input type="checkbox" checked={hasLunch} onChange={(e) => (setHasLunch(e.target.checked), setSaved(false))} /> {t('calendar.lunch')}
        </label>
        {hasLunch && time('lunchFrom', lunch.from, (from) => setLunch({ ...lunch, from }))}
        {hasLunch && time('lunchTo', lunch.to, (to) => setLunch({ ...lunch, to }))}
      </div>
      {saved && <p role="status">{t('calendar.hoursSaved')}</p>}
      <FormFooter error={error} busy={false} label={t('calendar.saveHours')} />
    </form>
  );
}
