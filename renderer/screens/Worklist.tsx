import { Suspense, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { compareKazakh, formatDateTime, outcomeOf, sentBack, STAGES, type Stage } from '../../shared';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { keepListView, keptListView } from '../app/preferences';
import { DUE_STATES, isFiltered, LIST_SORTS, listCases, READ_AT_MOST, type ListName, type ListSort, type ListView } from '../store/caseList';
import { ownCases, searchCases, type FoundCase } from '../store/queries';
import { DayInput } from './DayInput';

import { Due } from './parts';
import type { CaseRow } from '../store/rows';
import { later, Loading } from './later';
import { useSelection, type Selection } from './selection';

// The batch forms load with the screens the start does without: the worklist shows first.
const BulkVisa = later('BulkVisa');
const BulkHandover = later('BulkHandover');

/** How many cases a list shows at a time. */
const PAGE = 100;

/**
 * A worklist: the cases waiting at one stage (the specialist's own only), or all cases; with the
 * person's filters and sorting, kept on this PC for them (preferences.ts), a page at a time.
 */
export function Worklist({ stage, title }: { stage?: Exclude<Stage, 'closed'>; title: string }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const offset = useOffset();
  const list: ListName = stage ?? 'all';
  const [view, setView] = useState(() => keptListView(actor.userId, list));
  const [pages, setPages] = useState(1);
  const choose = (next: ListView) => {
    keepListView(actor.userId, list, next);
    setView(next);
    setPages(1);
  };
  // A batch's writes are read again at once: the stage index's live query does not always see them.
  const [batches, setBatches] = useState(0);
  const page = useLiveQuery(() => listCases(db, actor, list, view, new Date().toISOString(), offset, pages * PAGE), [list, actor.userId, view, pages, offset, batches]);
  const selection = useSelection(page?.rows);
  // The head gives many visas at once; the clerk prints many results and hands a batch to the courier.
  const Bulk = stage === 'visa' && actor.role === 'head' ? BulkVisa : stage === 'handover' && actor.role === 'clerk' ? BulkHandover : null;
  return (
    <section>
      <h1>{title}</h1>
      <ListFilters list={list} view={view} onChange={choose} />
      {page && page.rows.length === 0 && <p className="empty">{t(isFiltered(view) ? 'listFilters.none' : stage === 'intake' ? 'worklist.toRegisterEmpty' : 'worklist.empty')}</p>}
      {page?.cut && <p className="hint">{t('listFilters.cut', { count: READ_AT_MOST })}</p>}
      {page && page.rows.length > 0 && <CaseTable rows={page.rows} selection={Bulk ? selection : undefined} />}
      {page?.more && <button onClick={() => setPages(pages + 1)}>{t('worklist.more')}</button>}
      {Bulk && (
        <Suspense fallback={<Loading />}>
          <Bulk selection={selection} onDone={() => setBatches((n) => n + 1)} />
        </Suspense>
      )}
    </section>
  );
}

/** The list's filters and sorting; each control labelled by its own label, for the keyboard and screen readers. */
function ListFilters({ list, view, onChange }: { list: ListName; view: ListView; onChange: (view: ListView) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const specialists = useLiveQuery(() => db.staff.filter((s) => s.roles.includes('specialist')).toArray().then((found) => found.sort((a, b) => compareKazakh(a.name, b.name))), []);
  const set = (change: Partial<ListView>) => onChange({ ...view, ...change });
  // Clearing the filters empties the date fields too: they keep what is typed until then.
  const [cleared, setCleared] = useState(0);
  const services = [...catalog.values()].sort((a, b) => compareKazakh(a.names[language], b.names[language]));
  return (
    <form className="list-filters" aria-label={t('listFilters.title')} onSubmit={(e) => e.preventDefault()}>
      <Choice id="filter-service" label={t('listFilters.service')} value={view.serviceId} any={t('listFilters.anyService')} options={services.map((s) => [s.id, s.names[language]])} onChange={(serviceId) => set({ serviceId })} />
      {list === 'all' && <Choice id="filter-stage" label={t('listFilters.stage')} value={view.stage} any={t('listFilters.anyStage')} options={STAGES.map((s) => [s, t(`stages.${s}`)])} onChange={(stage) => set({ stage: stage as Stage | undefined })} />}
      {list !== 'review' && <Choice id="filter-specialist" label={t('listFilters.specialist')} value={view.specialistId} any={t('listFilters.anySpecialist')} options={(specialists ?? []).map((s) => [s.id, s.name])} onChange={(specialistId) => set({ specialistId })} />}
      <DayInput key={`from-${cleared}`} id="filter-from" label={t('listFilters.registeredFrom')} value={view.registeredFrom} onChange={(registeredFrom) => set({ registeredFrom })} />
      <DayInput key={`to-${cleared}`} id="filter-to" label={t('listFilters.registeredTo')} value={view.registeredTo} onChange={(registeredTo) => set({ registeredTo })} />
      <Choice id="filter-due" label={t('listFilters.due')} value={view.due} any={t('listFilters.anyDue')} options={DUE_STATES.map((d) => [d, t(`listFilters.${d}`)])} onChange={(due) => set({ due: due as ListView['due'] })} />
      <div className="field">
        <label htmlFor="filter-sort">{t('listFilters.sort')}</label>
        <select id="filter-sort" value={view.sort} onChange={(e) => set({ sort: e.target.value as ListSort })}>
          {LIST_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`listFilters.sorts.${sort}`)}
            </option>
          ))}
        </select>
      </div>
      {isFiltered(view) && (
        <button
          type="button"
          onClick={() => {
            setCleared(cleared + 1);
            onChange({ sort: view.sort });
          }}
        >
          {t('listFilters.clear')}
        </button>
      )}
    </form>
  );
}

/** One filter's select: its choices, and «any» that leaves the filter off. */
function Choice({ id, label, value, any, options, onChange }: { id: string; label: string; value: string | undefined; any: string; options: readonly (readonly [string, string])[]; onChange: (value: string | undefined) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{any}</option>
        {options.map(([key, name]) => (
          <option key={key} value={key}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What the search box found: by registration number or a part of it, IIN or the start of a name, and whose. */
export function SearchResults({ text }: { text: string }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const found = useLiveQuery(() => searchCases(db, actor, text), [text, actor.userId]);
  return (
    <section>
      <h1>{t('search.title', { text })}</h1>
      {!found && <Loading />}
      {found?.kind === 'tooShort' && <p className="empty">{t('search.tooShort')}</p>}
      {found?.kind === 'found' && found.rows.length === 0 && <p className="empty">{t('search.none')}</p>}
      {found?.kind === 'found' && found.rows.length > 0 && <CaseTable rows={found.rows} matched />}
      {found?.kind === 'found' && found.more && <p className="hint">{t('search.more', { count: found.rows.length })}</p>}
    </section>
  );
}

/** Cases as a list: number, applicant, service, stage, and the step's and the term's due dates; found cases say what they matched, and a batch's list has ticks. */
export function CaseTable({ rows, matched, selection }: { rows: readonly (CaseRow | FoundCase)[]; matched?: boolean; selection?: Selection }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const go = useUi((s) => s.go);
  const offset = useOffset();
  return (
    <table className="list">
      <thead>
        <tr>
          {selection && (
            <th>
              <input type="checkbox" aria-label={t('bulk.selectAll')} checked={selection.all} onChange={selection.toggleAll} />
            </th>
          )}
          <th>{t('worklist.regNumber')}</th>
          <th>{t('worklist.applicant')}</th>
          {matched && <th>{t('search.matchedBy')}</th>}
          <th>{t('worklist.service')}</th>
          <th>{t('worklist.stage')}</th>
          <th>{t('worklist.stepDue')}</th>
          <th>{t('worklist.termDue')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} onClick={() => go(`case/${row.id}`)}>
            {selection && (
              // A tick selects the case; it does not open it.
              <td onClick={(e) => e.stopPropagation()}>
                <input type="checkbox" aria-label={t('bulk.select', { regNumber: row.regNumber })} checked={selection.has(row.id)} onChange={() => selection.toggle(row.id)} />
              </td>
            )}
            <td>
              <a href={`#/case/${row.id}`}>{row.regNumber}</a>
            </td>
            <td>{row.applicantName}</td>
            {matched && <td>{'matched' in row && row.matched.map((m) => t(`search.matched.${m}`)).join(', ')}</td>}
            <td>{catalog.get(row.state.serviceId)?.names[language] ?? row.state.serviceId}</td>
            <td>
              {row.stage === 'closed' ? t(`outcomes.${outcomeOf(row.state)}`) : t(`stages.${row.stage}`)}
              {sentBack(row.state) && <strong className="sent-back"> · {t('worklist.sentBack')}</strong>}
            </td>
            <td>
              <Due at={row.state.stepDueAt} startedAt={row.state.stepStartedAt} offsetMinutes={offset} ready={row.stage === 'handover'} />
            </td>
            <td>{row.stage === 'closed' ? '—' : <Due at={row.state.termDueAt} startedAt={row.state.registeredAt} offsetMinutes={offset} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A crew's own: the results to hand over in the field, or the packages the office sent back, with its reasons. */
export function OwnCases({ kind, title }: { kind: 'handover' | 'returned'; title: string }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const offset = useOffset();
  const rows = useLiveQuery(() => ownCases(db, actor, kind), [kind, actor.userId]);
  return (
    <section>
      <h1>{title}</h1>
      {rows && rows.length === 0 && <p className="empty">{t('worklist.empty')}</p>}
      {rows && rows.length > 0 && kind === 'handover' && <CaseTable rows={rows} />}
      {rows && rows.length > 0 && kind === 'returned' && (
        <ul className="returned">
          {rows.map((row) => (
            <li key={row.id}>
              <a href={`#/case/${row.id}`}>{row.regNumber}</a> — {row.applicantName}, {formatDateTime(row.state.returnedToCentre!.at, offset)}
              <div className="quote">{row.state.returnedToCentre!.reasons}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
