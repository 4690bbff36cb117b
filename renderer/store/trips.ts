import Dexie from 'dexie';
import { addDays, endOfLocalDay, planTrip, tripDays, tripStops, type Actor, type TripStop, type Trip } from '../../shared';
import { checkOnDevice, OFFICE_RECORD_TABLES, recordOfficeEvent } from './commands';
import type { KenseDb } from './db';
import type { TripRow } from './rows';

export const tripRow = (trip: Trip): TripRow => ({ ...trip, operatorId: trip.operator.userId, ...tripDays(trip) });

/** The crew plans a trip, or plans it again: checked, recorded in the chain (the office sees it after a sync), stored. */
export async function saveTrip(db: KenseDb, actor: Actor, input: { id: string; settlements: { place: string; on: string }[] }, now = new Date()): Promise<Trip> {
  await checkOnDevice(db, 'planTrip', actor);
  const trip = planTrip(input, actor);
  await db.transaction('rw', OFFICE_RECORD_TABLES(db), async () => {
    await recordOfficeEvent(db, actor, { type: 'office.tripPlanned', payload: { trip } }, now);
    await db.trips.put(tripRow(trip));
  });
  return trip;
}

/** A crew's trips, the latest first. */
export async function tripsOf(db: KenseDb, operatorId: string): Promise<TripRow[]> {
  return (await db.trips.where('operatorId').equals(operatorId).toArray()).sort((a, b) => b.from.localeCompare(a.from));
}

/**
 * Each settlement of the trip with what to deliver there, and what was taken and handed over
 * there on its days. Only the crew's own applications that can count are read, through the index
 * of who took them: those waiting for handover, and those changed since the trip began.
 */
export async function tripStopsOf(db: KenseDb, trip: Trip, offsetMinutes: number): Promise<TripStop[]> {
  const crew = trip.operator.userId;
  const since = endOfLocalDay(addDays(tripDays(trip).from, -1), offsetMinutes);
  const [waiting, recent] = await Promise.all([
    db.cases.where('[registeredBy+stage+updatedAt]').between([crew, 'handover', Dexie.minKey], [crew, 'handover', Dexie.maxKey]).toArray(),
    db.cases.where('[registeredBy+updatedAt]').between([crew, since], [crew, Dexie.maxKey]).toArray(),
  ]);
  const own = new Map([...waiting, ...recent].map((row) => [row.id, row.state]));
  return tripStops(trip, [...own.values()], offsetMinutes);
}
