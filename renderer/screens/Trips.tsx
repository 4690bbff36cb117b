import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatDate, localDateOf, tripReportPapers, type CaseState, type Trip, type TripStop } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { usePaperContext } from '../app/papers';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { saveTrip, tripsOf, tripStopsOf } from '../store/trips';
import { PrintPanel } from './Print';
import { FormFooter } from './parts';
import { DateField } from './DateField';

/** A crew's field trips: the plan of a new one, and the trips planned, the latest first; or one trip. */
export function Trips({ tripId }: { tripId?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const actor = useUi((s) => s.actor)!;
  const trips = useLiveQuery(() => tripsOf(db, actor.userId), [actor.userId]);
  if (!trips) return <p>{t('app.loading')}</p>;
  if (tripId) {
    const trip = trips.find((x) => x.id === tripId);
    return trip ? <TripPage key={trip.id + trip.to + trip.settlements.length} trip={trip} /> : <p>{t('trips.notFound')}</p>;
  }
  const days = (trip: Trip) => `${formatDate(trip.settlements[0]!.on, language, 'short')} — ${formatDate(trip.settlements.at(-1)!.on, language, 'short')}`;
  return (
    <section>
      <h1>{t('trips.title')}</h1>
      <p className="hint">{t('trips.intro')}</p>
      <h2>{t('trips.plan')}</h2>
      <TripForm />
      <h2>{t('trips.planned')}</h2>
      {trips.length === 0 ? (
        <p className="empty">{t('trips.none')}</p>
      ) : (
        <ul className="trips">
          {trips.map((trip) => (
            <li key={trip.id}>
              <a href={`#/trips/${trip.id}`}>{days(trip)}</a>: {trip.settlements.map((s) => s.place).join(' → ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The settlements and their days, a row each; planning again under the same trip replaces the plan. */
function TripForm({ trip, onSaved }: { trip?: Trip; onSaved?: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const go = useUi((s) => s.go);
  const today = localDateOf(new Date().toISOString(), offset);
  const [rows, setRows] = useState<{ place: string; on: string }[]>(trip?.settlements ?? [{ place: '', on: today }]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, change: Partial<(typeof rows)[number]>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await saveTrip(db, actor, { id: trip?.id ?? crypto.randomUUID(), settlements: rows });
      if (onSaved) onSaved();
      else go(`trips/${saved.id}`);
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="trip-form">
      <table className="list">
        <thead>
          <tr>
            <th>{t('trips.place')}</th>
            <th>{t('trips.on')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`${t('trips.row', { n: i + 1 })} — ${t('trips.place')}`} value={row.place} onChange={(e) => set(i, { place: e.target.value })} />
              </td>
              <td>
                <DateField id={`trip-${i}-on`} label={`${t('trips.row', { n: i + 1 })} — ${t('trips.on')}`} value={row.on} onChange={(on) => set(i, { on })} />
              </td>
              <td>
                {rows.length > 1 && (
                  <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    {t('trips.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setRows([...rows, { place: '', on: rows.at(-1)?.on ?? today }])}>
        {t('trips.add')}
      </button>
      <FormFooter error={error} busy={busy} label={t(trip ? 'trips.saveAgain' : 'trips.save')} onCancel={onSaved} />
    </form>
  );
}

/** One trip: each settlement with the results to hand over there and what was done there; the trip report to print. */
function TripPage({ trip }: { trip: Trip }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const ctx = usePaperContext();
  const [editing, setEditing] = useState(false);
  const stops = useLiveQuery(() => tripStopsOf(db, trip, offset), [trip, offset]);
  if (!stops || !ctx) return <p>{t('app.loading')}</p>;
  const first = trip.settlements[0]!.on;
  const last = trip.settlements.at(-1)!.on;
  return (
    <article className="trip">
      <h1>{t('trips.one', { from: formatDate(first, language, 'long'), to: formatDate(last, language, 'long') })}</h1>
      {editing ? <TripForm trip={trip} onSaved={() => setEditing(false)} /> : <button onClick={() => setEditing(true)}>{t('trips.change')}</button>}
      {stops.map((stop) => (
        <section key={stop.place} className="trip-stop" data-testid="trip-stop">
          <h2>
            {stop.place} — {stop.days.length ? stop.days.map((d) => formatDate(d, language, 'short')).join(', ') : t('trips.offPlan')}
          </h2>
          <StopCases title={t('trips.toDeliver', { count: stop.toDeliver.length })} cases={stop.toDeliver} />
          <StopCases title={t('trips.taken', { count: stop.taken.length })} cases={stop.taken} />
          <StopCases title={t('trips.handedOver', { count: stop.handedOver.length })} cases={stop.handedOver} />
        </section>
      ))}
      <PrintPanel title={t('trips.report')} fileName={`trip-report-${first}`} papers={(langs) => tripReportPapers(trip, stops, ctx, langs)} />
    </article>
  );
}

function StopCases({ title, cases }: { title: string; cases: TripStop['taken'] }) {
  const language = useLanguage();
  const { catalog } = useOfficeData();
  return (
    <>
      <h3>{title}</h3>
      {cases.length > 0 && (
        <ul>
          {cases.map((c: CaseState) => (
            <li key={c.id}>
              <a href={`#/case/${c.id}`}>{c.regNumber}</a> — {c.applicant.name}, {catalog.get(c.serviceId)?.names[language] ?? c.serviceId}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
