import { z } from 'zod';
import type { CaseState } from './case';
import { DomainError } from './errors';
import type { Actor, Trip } from './event';
import { isLocalDate, localDateOf, type LocalDate } from './localDate';
import { nameWords } from './search';

/** A trip reaches at most this many settlements: a fortnight of two villages a day. */
export const MAX_TRIP_SETTLEMENTS = 30;

export const tripInputSchema = z.object({
  id: z.string().min(1),
  settlements: z.array(z.object({ place: z.string(), on: z.string() })),
});

/** The crew's plan, checked: each settlement named, each day a date; an empty plan is no trip. */
export function planTrip(input: unknown, actor: Actor): Trip {
  if (actor.role !== 'operator') throw new DomainError('role.forbidden', { role: actor.role, action: 'planTrip' });
  const parsed = tripInputSchema.safeParse(input);
  if (!parsed.success) throw new DomainError('field.invalid', { field: parsed.error.issues[0]!.path.join('.') });
  const { id, settlements } = parsed.data;
  const rows = settlements.filter((s) => s.place.trim() || s.on);
  if (!rows.length) throw new DomainError('trip.noSettlements');
  if (rows.length > MAX_TRIP_SETTLEMENTS) throw new DomainError('trip.tooManySettlements', { max: MAX_TRIP_SETTLEMENTS });
  rows.forEach((s, i) => {
    if (!s.place.trim()) throw new DomainError('field.required', { field: `settlements.${i}.place` });
    if (!isLocalDate(s.on)) throw new DomainError(s.on ? 'field.invalid' : 'field.required', { field: `settlements.${i}.on` });
  });
  return {
    id,
    operator: { userId: actor.userId, name: actor.name },
    settlements: rows.map((s) => ({ place: s.place.trim().replace(/\s+/g, ' '), on: s.on as LocalDate })).sort((a, b) => a.on.localeCompare(b.on)),
  };
}

/** The trip's first and last day. */
export function tripDays(trip: Trip): { from: LocalDate; to: LocalDate } {
  return { from: trip.settlements[0]!.on, to: trip.settlements.at(-1)!.on };
}

/** Two spellings of one settlement are one place: «Ақсу ауылы» and «ақсу  ауылы». */
export function samePlace(a: string, b: string): boolean {
  return nameWords(a).join(' ') === nameWords(b).join(' ');
}

/** The settlement a crew is in today by its trip plan, if any. */
export function settlementOn(trips: readonly Trip[], day: LocalDate): string | undefined {
  return trips.flatMap((t) => t.settlements).find((s) => s.on === day)?.place;
}

export interface TripStop {
  place: string;
  /** The days the plan gives this settlement; none for a settlement the crew worked in off the plan. */
  days: LocalDate[];
  /** The crew's signed results waiting for applicants of this settlement. */
  toDeliver: CaseState[];
  /** What the crew took here on the trip's days. */
  taken: CaseState[];
  /** What the crew handed over here on the trip's days. */
  handedOver: CaseState[];
}

/**
 * Each settlement of the trip with what to hand over there and, as the trip goes, what was
 * taken and handed over there: the trip report. `cases` are the crew's own applications; an
 * application taken in a settlement is delivered back there. Work on the trip's days in a
 * settlement off the plan is reported too, after the planned ones.
 */
export function tripStops(trip: Trip, cases: readonly CaseState[], offsetMinutes: number): TripStop[] {
  const { from, to } = tripDays(trip);
  const within = (day: LocalDate) => day >= from && day <= to;
  const taken = cases.filter((c) => c.package && within(localDateOf(c.package.takenAt, offsetMinutes)));
  const handedOver = cases.filter((c) => c.package && c.handover?.by.userId === trip.operator.userId && within(c.handover.handedOverOn));
  const stops: TripStop[] = [];
  const stopAt = (place: string) => {
    let stop = stops.find((s) => samePlace(s.place, place));
    if (!stop) stops.push((stop = { place, days: [], toDeliver: [], taken: [], handedOver: [] }));
    return stop;
  };
  for (const { place, on } of trip.settlements) stopAt(place).days.push(on);
  const planned = new Set(stops);
  for (const c of cases) if (c.stage === 'handover' && c.package) stops.find((s) => planned.has(s) && samePlace(s.place, c.package!.place))?.toDeliver.push(c);
  for (const c of taken) stopAt(c.package!.place).taken.push(c);
  for (const c of handedOver) stopAt(c.package!.place).handedOver.push(c);
  return stops;
}
