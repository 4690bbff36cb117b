import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatDateTime, outcomeOf, sentBack, type Stage } from '../../shared';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { ownCases, recentCases, searchCases, worklist, type FoundCase } from '../store/queries';

import { Due } from './parts';
import type { CaseRow } from '../store/rows';

/** How many cases the list of all cases shows at a time. */
const PAGE = 100;

/** A worklist: the cases waiting at one stage (the specialist's own only), most urgent first; or all cases, latest first, a page at a time. */
export function Worklist({ stage, title }: { stage?: Exclude<Stage, 'closed'>; title: string }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const [pages, setPages] = useState(1);
  const rows = useLiveQuery(
    () => (stage ? worklist(db, stage, stage === 'review' ? actor.userId : undefined) : recentCases(db, actor, pages * PAGE)),
    [stage, actor.userId, pages],
  );
  return (
    <section>
      <h1>{title}</h1>
      {rows && rows.length === 0 && <p className="empty">{t(stage === 'intake' ? 'worklist.toRegisterEmpty' : 'worklist.empty')}</p>}
      {rows && rows.length > 0 && <CaseTable rows={rows} />}
      {!stage && rows?.length === pages * PAGE && <button onClick={() => setPages(pages + 1)}>{t('worklist.more')}</button>}
    </section>
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
      {found?.kind === 'tooShort' && <p className="empty">{t('search.tooShort')}</p>}
      {found?.kind === 'found' && found.rows.length === 0 && <p className="empty">{t('search.none')}</p>}
      {found?.kind === 'found' && found.rows.length > 0 && <CaseTable rows={found.rows} matched />}
      {found?.kind === 'found' && found.more && <p className="hint">{t('search.more', { count: found.rows.length })}</p>}
    </section>
  );
}

/** Cases as a list: number, applicant, service, stage, and the step's and the term's due dates; found cases say what they matched. */
export function CaseTable({ rows, matched }: { rows: readonly (CaseRow | FoundCase)[]; matched?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const go = useUi((s) => s.go);
  const offset = useOffset();
  return (
    <table className="list">
      <thead>
        <tr>
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
