import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatDateTime, outcomeOf, sentBack, type Stage } from '../../shared';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { ownCases, recentCases, searchCases, worklist } from '../store/queries';

import { Due } from './parts';
import type { CaseRow } from '../store/rows';
import { BulkHandover, BulkVisa, useSelection, type Selection } from './Bulk';

/** How many cases the list of all cases shows at a time. */
const PAGE = 100;

/** A worklist: the cases waiting at one stage (the specialist's own only), most urgent first; or all cases, latest first, a page at a time. */
export function Worklist({ stage, title }: { stage?: Exclude<Stage, 'closed'>; title: string }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const [pages, setPages] = useState(1);
  // A batch's writes are read again at once: the stage index's live query does not always see them.
  const [batches, setBatches] = useState(0);
  const rows = useLiveQuery(
    () => (stage ? worklist(db, stage, stage === 'review' ? actor.userId : undefined) : recentCases(db, actor, pages * PAGE)),
    [stage, actor.userId, pages, batches],
  );
  const selection = useSelection(rows);
  // The head gives many visas at once; the clerk prints many results and hands a batch to the courier.
  const Bulk = stage === 'visa' && actor.role === 'head' ? BulkVisa : stage === 'handover' && actor.role === 'clerk' ? BulkHandover : null;
  return (
    <section>
      <h1>{title}</h1>
      {rows && rows.length === 0 && <p className="empty">{t(stage === 'intake' ? 'worklist.toRegisterEmpty' : 'worklist.empty')}</p>}
      {rows && rows.length > 0 && <CaseTable rows={rows} selection={Bulk ? selection : undefined} />}
      {Bulk && <Bulk selection={selection} onDone={() => setBatches((n) => n + 1)} />}
      {!stage && rows?.length === pages * PAGE && <button onClick={() => setPages(pages + 1)}>{t('worklist.more')}</button>}
    </section>
  );
}

/** What the search box found: by registration number, IIN or the start of a name. */
export function SearchResults({ text }: { text: string }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const found = useLiveQuery(() => searchCases(db, actor, text), [text, actor.userId]);
  return (
    <section>
      <h1>{t('search.title', { text })}</h1>
      {found?.kind === 'tooShort' && <p className="empty">{t('search.tooShort')}</p>}
      {found?.kind === 'found' && found.rows.length === 0 && <p className="empty">{t('search.none')}</p>}
      {found?.kind === 'found' && found.rows.length > 0 && <CaseTable rows={found.rows} />}
      {found?.kind === 'found' && found.more && <p className="hint">{t('search.more', { count: found.rows.length })}</p>}
    </section>
  );
}

/** Cases as a list: number, applicant, service, stage, and the step's and the term's due dates. */
export function CaseTable({ rows, selection }: { rows: readonly CaseRow[]; selection?: Selection }) {
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
