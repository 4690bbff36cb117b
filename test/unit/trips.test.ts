import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { admitEvent, DomainError, emptyOfficeFold, planTrip, tripReportPapers, tripStops, type OfficeEvent, type Trip } from '../../shared';
import { renderPapers } from '../../shared/paper/layout';
import { paperFonts } from '../../server/resources';
import { saveTrip, tripsOf } from '../../renderer/store/trips';
import { newDb, peopleOf, staffedOffice } from '../syncOffice';
import { actor, allChecked, catalog, device, intakeCommand, resultDraft, sealFor } from './fixtures';

const crew = actor('u-crew');
const plan = { id: 'trip-1', settlements: [{ place: ' Бестөбе  ауылы ', on: '2026-11-25' }, { place: 'Ақсу ауылы', on: '2026-11-24' }] };

function refusedPlan(input: unknown, code: string, params: Record<string, unknown> = {}, who = crew) {
  let error: unknown;
  try {
    planTrip(input, who);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code, params });
}

describe('a crew plans a field trip', () => {
  it('names each settlement with its day, in the order of the days', () => {
    expect(planTrip(plan, crew)).toEqual({
      id: 'trip-1',
      operator: { userId: 'u-crew', name: crew.name },
      settlements: [
        { place: 'Ақсу ауылы', on: '2026-11-24' },
        { place: 'Бестөбе ауылы', on: '2026-11-25' },
      ],
    });
  });

  it('refuses a plan with no settlement, one without its name or day, too many, or made by anyone but a crew', () => {
    refusedPlan({ id: 't', settlements: [] }, 'trip.noSettlements');
    refusedPlan({ id: 't', settlements: [{ place: ' ', on: '' }] }, 'trip.noSettlements');
    refusedPlan({ id: 't', settlements: [{ place: 'Ақсу', on: '2026-11-24' }, { place: ' ', on: '2026-11-25' }] }, 'field.required', { field: 'settlements.1.place' });
    refusedPlan({ id: 't', settlements: [{ place: 'Ақсу', on: '' }] }, 'field.required', { field: 'settlements.0.on' });
    refusedPlan({ id: 't', settlements: [{ place: 'Ақсу', on: '25.11.2026' }] }, 'field.invalid', { field: 'settlements.0.on' });
    refusedPlan({ id: 't', settlements: Array.from({ length: 31 }, () => ({ place: 'Ақсу', on: '2026-11-24' })) }, 'trip.tooManySettlements', { max: 30 });
    refusedPlan(plan, 'role.forbidden', { role: 'clerk' }, actor('u-clerk'));
  });
});

/** The crew took three applications: two in Ақсу on the trip's first day, one in a village off the plan; one result came back signed. */
async function crewWork() {
  const d = device();
  const submit = (caseId: string, place: string, at: string) =>
    d.run({ ...intakeCommand, caseId, type: 'submit', channel: 'mobile-centre', place, registerChecks: { individuals: 'byHand' }, scans: [] }, 'u-crew', at);
  submit('c-1', 'Ақсу ауылы', '2026-11-24T05:00:00.000Z');
  submit('c-2', 'ақсу ауылы', '2026-11-24T06:00:00.000Z');
  submit('c-3', 'Қызылжар', '2026-11-25T09:00:00.000Z');
  // One from before the trip, in Бестөбе, whose result the crew carries there.
  submit('c-0', 'Бестөбе ауылы', '2026-11-20T05:00:00.000Z');
  d.run({ type: 'registerPackage', caseId: 'c-0' }, 'u-clerk', '2026-11-24T04:00:00.000Z');
  d.run({ type: 'visa', caseId: 'c-0', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head', '2026-11-24T04:10:00.000Z');
  d.run({ type: 'review', caseId: 'c-0', documentChecks: allChecked, draft: resultDraft }, 'u-spec', '2026-11-24T04:20:00.000Z');
  d.run({ type: 'sign', caseId: 'c-0', seal: await sealFor(d.states.get('c-0')!, '2026-11-24T04:30:00.000Z') }, 'u-head', '2026-11-24T04:30:00.000Z');
  return d;
}

describe('on the road and after it', () => {
  it('shows what to hand over in each settlement, and reports what was taken and handed over where, off the plan too', async () => {
    const d = await crewWork();
    const trip = planTrip(plan, crew);
    let stops = tripStops(trip, [...d.states.values()], 300);
    expect(stops.map((s) => [s.place, s.days, s.toDeliver.map((c) => c.id), s.taken.map((c) => c.id), s.handedOver.map((c) => c.id)])).toEqual([
      ['Ақсу ауылы', ['2026-11-24'], [], ['c-1', 'c-2'], []],
      ['Бестөбе ауылы', ['2026-11-25'], ['c-0'], [], []],
      // Taken on the trip's days in a village the plan did not name: reported, after the planned ones.
      ['Қызылжар', [], [], ['c-3'], []],
    ]);

    d.run({ type: 'handover', caseId: 'c-0', recipient: { kind: 'applicant', name: 'Сәуле Жұмабекова', idDocument: 'ЖК № 045112233' }, handedOverOn: '2026-11-25' }, 'u-crew', '2026-11-25T06:00:00.000Z');
    stops = tripStops(trip, [...d.states.values()], 300);
    expect(stops[1]).toMatchObject({ toDeliver: [], handedOver: [{ id: 'c-0' }] });

    // The report prints every settlement and application; poppler reads it back.
    const dir = mkdtempSync(join(tmpdir(), 'kense-trip-'));
    const ctx = { office: { id: 'office-1', code: 'PVL', names: { kk: 'Павлодар ауданының білім беру бөлімі', ru: 'Отдел образования Павлодарского района' } }, offsetMinutes: 300, catalog };
    writeFileSync(join(dir, 'trip.pdf'), await renderPapers(tripReportPapers(trip, stops, ctx, ['kk', 'ru']), paperFonts()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'trip.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('МОБИЛЬДІ ТОПТЫҢ САПАРЫ ТУРАЛЫ ЕСЕП');
    expect(text).toContain('ОТЧЁТ О ВЫЕЗДЕ МОБИЛЬНОЙ ГРУППЫ');
    expect(text).toContain('жоспардан тыс');
    for (const c of d.states.values()) expect(text).toContain(c.regNumber);
    expect(text).toMatch(/Итого\s+3\s+1\s+0/);
  });
});

describe('trips in the store', () => {
  it('are recorded in the chain and kept; a refused plan writes nothing', async () => {
    const db = newDb('trips');
    await staffedOffice(db, { officeCode: 'PVL' }, [
      { name: 'Әйгерім Сәрсенова', roles: ['clerk', 'admin'] },
      { name: 'Асқар Нұрғалиев', roles: ['operator'] },
    ]);
    const operator = (await peopleOf(db))('operator');
    const before = await db.events.count();
    await expect(saveTrip(db, operator, { id: 't-0', settlements: [] })).rejects.toMatchObject({ code: 'trip.noSettlements' });
    expect(await db.events.count()).toBe(before);
    expect(await db.trips.count()).toBe(0);

    await saveTrip(db, operator, plan);
    await saveTrip(db, operator, { ...plan, settlements: [...plan.settlements, { place: 'Майқайың', on: '2026-11-26' }] });
    expect(await db.events.where('caseId').equals('office').filter((e) => e.type === 'office.tripPlanned').count()).toBe(2);
    expect((await tripsOf(db, operator.userId)).map((t) => [t.id, t.from, t.to, t.settlements.length])).toEqual([['trip-1', '2026-11-24', '2026-11-26', 3]]);
  });

  it('from another device are taken only as their own crew planned them, by the rules every device and the hub run', async () => {
    const trip: Trip = planTrip(plan, crew);
    const base = { id: 'e', caseId: 'office', officeId: 'o', deviceId: 'd', deviceSeq: 1, hlc: '', prevHash: null, hash: '' };
    const event = (by: typeof crew, t: Trip = trip) => ({ ...base, type: 'office.tripPlanned', actor: by, payload: { trip: t } }) as Extract<OfficeEvent, { type: 'office.tripPlanned' }>;
    const staff = { 'u-crew': { name: 'Экипаж', roles: ['operator' as const], active: true }, 'u-crew2': { name: 'Экипаж 2', roles: ['operator' as const], active: true }, 'u-clerk': { name: 'Кеңсе', roles: ['clerk' as const], active: true } };
    const office = { ...emptyOfficeFold(''), staff };
    const none = new Set<string>();
    expect(admitEvent(event(actor('u-crew2')), undefined, office, none, null)).toMatchObject({ status: 'rejected', reason: { code: 'role.forbidden' } });
    expect(admitEvent(event(actor('u-clerk')), undefined, office, none, null)).toMatchObject({ status: 'rejected', reason: { code: 'role.forbidden' } });
    expect(admitEvent(event(crew, { ...trip, settlements: [] }), undefined, office, none, null)).toMatchObject({ status: 'rejected', reason: { code: 'trip.noSettlements' } });
    expect(admitEvent(event(crew), undefined, office, none, null)).toMatchObject({ status: 'accepted' });

  });
});
