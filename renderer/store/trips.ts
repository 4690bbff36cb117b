import Dexie from 'dexie';
import { addDays, DomainError, endOfLocalDay, planTrip, tripDays, tripStops, type Actor, type OfficeEvent, type TripStop, type Trip } from '../../shared';
import { recordOfficeEvent } from './commands';
import type { KenseDb } from './db';

/** A trip as stored: the plan, with its crew and days indexed. */
export type TripRow = Trip & { operatorId: string; from: string; to: string };

export const tripRow = (trip: Trip): TripRow => ({ ...trip, operatorId: trip.operator.userId, ...tripDays(trip) });

/** The crew plans a trip, or plans it again: checked, recorded in the chain (the office sees it after a sync), stored. */
export async function saveTrip(db: KenseDb, actor: Actor, input: { id: string; settlements: { place: string; on: string }[] }, now = new Date()): Promise<Trip> {
  const trip = planTrip(input, actor);
  const existing = await db.trips.get(trip.id);
  if (existing && existing.operatorId !== actor.userId) throw new DomainError('role.forbidden', { role: actor.role, action: 'planTrip' });
  await db.transaction('rw', [db.events, db.device, db.trips], async () => {
    await recordOfficeEvent(db, actor, { type: 'office.tripPlanned', payload: { trip } }, now);
    await db.trips.put(tripRow(trip));
  });
  return trip;
}

/** A trip from another device (a sync, a transfer file): taken only as its own crew planned it. */
export async function applyTripEvent(db: KenseDb, event: Extract<OfficeEvent, { type: 'office.tripPlanned' }>): Promise<void> {
  const { trip } = event.payload;
  if (event.actor.role === 'operator' && event.actor.userId === trip.operator.userId) await db.trips.put(tripRow(trip));
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
