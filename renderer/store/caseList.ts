import Dexie, { type Collection } from 'dexie';
import { z } from 'zod';
import { addDays, endOfLocalDay, isLocalDate, mayRead, STAGES, urgency, type Actor, type LocalDate } from '../../shared';
import type { KenseDb } from './db';
import { atStage } from './queries';
import { OPEN_STAGES } from './stageFloors';
import type { CaseRow, OpenStage } from './rows';

/*
 * The filters and sorting of «Барлық істер» and the worklists: which cases a person asked for,
 * in what order, read through the indexes the lists already keep.
 */

export const LIST_SORTS = ['updated', 'registered', 'due', 'number'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** The deadline states the lists show (shared/deadlines.ts urgency), of the step now due. */
export const DUE_STATES = ['overdue', 'atRisk'] as const;

const listViewSchema = z.object({
  serviceId: z.string().min(1).optional(),
  /** On «Барлық істер» only: a worklist is one stage already. */
  stage: z.enum(STAGES).optional(),
  specialistId: z.string().min(1).optional(),
  /** Registered in these office dates, both ends included. */
  registeredFrom: z.string().refine(isLocalDate).optional(),
  registeredTo: z.string().refine(isLocalDate).optional(),
  due: z.enum(DUE_STATES).optional(),
  sort: z.enum(LIST_SORTS),
});
export type ListView = z.infer<typeof listViewSchema>;

/** Which list a view is of: a stage's worklist, or all cases. */
export type ListName = OpenStage | 'all';

/** What a list shows before its person chooses: a worklist the most urgent first, all cases the latest first. */
export const defaultView = (list: ListName): ListView => ({ sort: list === 'all' ? 'updated' : 'due' });

/**
 * A view kept on this device, or the list's default when it is missing or no longer makes sense
 * (a version's change). A worklist is one stage, and a specialist's review list their own: those
 * filters are dropped there.
 */
export function parseListView(list: ListName, kept: unknown): ListView {
  const parsed = listViewSchema.safeParse(kept);
  if (!parsed.success) return defaultView(list);
  if (list === 'all') return parsed.data;
  return { ...parsed.data, stage: undefined, ...(list === 'review' ? { specialistId: undefined } : {}) };
}

/** Whether a view narrows its list at all: a list with filters says so when it is empty. */
export const isFiltered = ({ sort: _sort, ...filter }: ListView) => Object.values(filter).some((value) => value !== undefined);

/** Whether a case is one the view asks for, at `now`. Period dates are the office's, like the journals'. */
export function caseMatches(row: CaseRow, view: ListView, now: string, offsetMinutes: number): boolean {
  const { state } = row;
  if (view.serviceId && state.serviceId !== view.serviceId) return false;
  if (view.stage && row.stage !== view.stage) return false;
  if (view.specialistId && row.specialistId !== view.specialistId) return false;
  const [from, to] = period(view, offsetMinutes);
  if (from && !(row.registeredAt > from)) return false;
  if (to && !(row.registeredAt !== '' && row.registeredAt <= to)) return false;
  if (view.due) {
    if (row.stage === 'closed' || !state.stepDueAt) return false;
    if (urgency(state.stepStartedAt ?? state.stepDueAt, state.stepDueAt, now) !== view.due) return false;
  }
  return true;
}

/** The period as index bounds: after the end of the day before `from`, up to the end of `to`. */
function period(view: ListView, offsetMinutes: number): [string | undefined, string | undefined] {
  return [
    view.registeredFrom && endOfLocalDay(addDays(view.registeredFrom as LocalDate, -1), offsetMinutes),
    view.registeredTo && endOfLocalDay(view.registeredTo as LocalDate, offsetMinutes),
  ];
}

const ORDER: Record<ListSort, (a: CaseRow, b: CaseRow) => number> = {
  updated: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
  registered: (a, b) => b.registeredAt.localeCompare(a.registeredAt),
  // A closed case has no step due: after every open one, the latest closed first.
  due: (a, b) => (a.stepDueAt === '') !== (b.stepDueAt === '') ? (a.stepDueAt === '' ? 1 : -1) : a.stepDueAt.localeCompare(b.stepDueAt) || b.updatedAt.localeCompare(a.updatedAt),
  number: (a, b) => a.regNumber.localeCompare(b.regNumber),
};

/** The cases in the view's order: the latest change, the latest registered, the most urgent step, or the number as the journal lists it. */
export function sortCases(rows: readonly CaseRow[], sort: ListSort): CaseRow[] {
  return [...rows].sort((a, b) => ORDER[sort](a, b) || a.id.localeCompare(b.id));
}

/**
 * At most this many cases are read from a bounded source and sorted here: a stage's waiting
 * cases, the open ones, a period, an operator's own. Past it the list says to narrow the filters.
 */
export const READ_AT_MOST = 5000;

export interface ListPage {
  rows: CaseRow[];
  /** More cases match than the page shows. */
  more: boolean;
  /** The source held more than READ_AT_MOST: the order may miss some; the person narrows the filters. */
  cut: boolean;
}

/**
 * A page of a list as the view asks. A worklist reads its stage's index from the stage's floor,
 * as always. All cases read, by what the view names: an open stage's index, the open stages'
 * (overdue, at risk), the registration dates', an operator's own; these hold a bounded number
 * of cases, which are filtered and sorted here. Otherwise the index of the chosen order is read
 * from its start and filtered until the page is full: a service or specialist alone may read
 * many cases, so the list's hint asks for a period.
 */
export async function listCases(db: KenseDb, actor: Actor, list: ListName, view: ListView, now: string, offsetMinutes: number, limit: number): Promise<ListPage> {
  const keep = (row: CaseRow) => caseMatches(row, view, now, offsetMinutes) && mayRead(actor, row.state);
  const sources = await boundedSources(db, actor, list, view, now, offsetMinutes);
  if (sources) {
    const read = (await Promise.all(sources.map((source) => source.limit(READ_AT_MOST + 1).toArray()))).flat();
    const rows = sortCases(read.filter(keep), view.sort);
    return { rows: rows.slice(0, limit), more: rows.length > limit, cut: read.length > READ_AT_MOST };
  }
  // Anyone but an operator may read every case, and an operator's own are a bounded source: with
  // no filter the index is read as it stands, in one request rather than a cursor's step per case.
  const rows = await inOrder(db, view.sort, isFiltered(view) ? keep : null, limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit, cut: false };
}

async function boundedSources(db: KenseDb, actor: Actor, list: ListName, view: ListView, now: string, offsetMinutes: number): Promise<Collection<CaseRow, string>[] | null> {
  // Past due is the start of the stage's index, up to now.
  const dueBy = view.due === 'overdue' ? now : Dexie.maxKey;
  if (list !== 'all') return [await atStage(db, list, list === 'review' ? actor.userId : view.specialistId, dueBy)];
  if (actor.role === 'operator') return [db.cases.where('[registeredBy+updatedAt]').between([actor.userId, Dexie.minKey], [actor.userId, Dexie.maxKey])];
  if (view.stage && view.stage !== 'closed') return [await atStage(db, view.stage, view.specialistId, dueBy)];
  if (view.due) return Promise.all(OPEN_STAGES.map((stage) => atStage(db, stage, view.specialistId, dueBy)));
  const [from, to] = period(view, offsetMinutes);
  // The latest registered first: past READ_AT_MOST, the ones left out are the period's oldest.
  if (from || to) return [db.cases.where('registeredAt').between(from ?? '', to ?? Dexie.maxKey, false, true).reverse()];
  return null;
}

/** Reads in the order asked, keeping what the view wants (all, for no filter), until `limit` are found. */
async function inOrder(db: KenseDb, sort: ListSort, keep: ((row: CaseRow) => boolean) | null, limit: number): Promise<CaseRow[]> {
  const read = (cases: Collection<CaseRow, string>, count: number) => (keep ? cases.filter(keep) : cases).limit(count).toArray();
  switch (sort) {
    case 'updated':
      return read(db.cases.orderBy('updatedAt').reverse(), limit);
    case 'registered':
      return read(db.cases.orderBy('registeredAt').reverse(), limit);
    case 'number':
      return read(db.cases.orderBy('regNumber'), limit);
    case 'due': {
      // The open cases, the most urgent first, then the closed ones, the latest first.
      const open = sortCases((await Promise.all(OPEN_STAGES.map(async (stage) => read(await atStage(db, stage), limit)))).flat(), 'due').slice(0, limit);
      if (open.length >= limit) return open;
      return [...open, ...(await read(db.cases.where('[stage+updatedAt]').between(['closed', Dexie.minKey], ['closed', Dexie.maxKey]).reverse(), limit - open.length))];
    }
  }
}

