import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { eventTime, formatDate, formatDateTime, localDateOf, type Language } from '../../shared';
import { useDevice, useLanguage, useOffset } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { fromOtherDevices, ownCases, stageCounts, worklist } from '../store/queries';
import { noticesFor, type Notice } from '../store/notices';
import { navFor } from './Layout';
import { CaseTable } from './Worklist';

/** How many of a list's most urgent cases the start screen shows; the list itself holds the rest. */
const FIRST = 5;

/** The start screen after sign-in: each of my lists with its count, what is overdue and the most urgent; then what the syncs brought from other devices. */
export function Dashboard() {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const device = useDevice();
  const now = new Date().toISOString();
  const lists = navFor(actor.role).filter((item) => item.stage || item.route === 'own/handover');
  const tasks = useLiveQuery(
    () =>
      Promise.all(
        lists.map(async (item) => {
          if (!item.stage) {
            const rows = await ownCases(db, actor, 'handover');
            return { item, rows: rows.slice(0, FIRST), waiting: rows.length, overdue: rows.filter((r) => r.stepDueAt < now).length };
          }
          const specialistId = item.stage === 'review' ? actor.userId : undefined;
          const [rows, counts] = await Promise.all([worklist(db, item.stage, specialistId, FIRST), stageCounts(db, item.stage, now, specialistId)]);
          return { item, rows, ...counts };
        }),
      ),
    [actor.userId, actor.role],
  );
  const notices = useLiveQuery(() => noticesFor(db, actor, now), [actor.userId, actor.role]);
  const synced = useLiveQuery(async () => (device ? fromOtherDevices(db, actor, device.deviceId) : []), [device?.deviceId, actor.userId]);
  return (
    <section className="dashboard">
      <h1>{t('dashboard.title', { date: formatDate(localDateOf(now, offset), language, 'long') })}</h1>
      {notices && <Notices notices={notices} language={language} offset={offset} />}
      {tasks?.length === 0 && <p className="empty">{t('dashboard.noLists')}</p>}
      {tasks?.map(({ item, rows, waiting, overdue }) => (
        <section key={item.route} className="card" aria-labelledby={`dash-${item.route}`}>
          <h2 id={`dash-${item.route}`}>{t(item.label)}</h2>
          {waiting > 0 && (
            <p className="counts">
              {t('counts.waiting', { count: waiting })}
              {overdue > 0 && <strong className="overdue"> · {t('counts.overdue', { count: overdue })}</strong>}
            </p>
          )}
          {rows.length > 0 ? <CaseTable rows={rows} /> : <p className="empty">{t('worklist.empty')}</p>}
          {waiting > rows.length && <a href={`#/${item.route}`}>{t('counts.allWaiting', { count: waiting })}</a>}
        </section>
      ))}
      <section className="card" aria-labelledby="dash-synced">
        <h2 id="dash-synced">{t('dashboard.synced')}</h2>
        {synced?.length === 0 && <p className="empty">{t('dashboard.nothingSynced')}</p>}
        {synced && synced.length > 0 && (
          <ul className="synced">
            {synced.map(({ event, state }) => (
              <li key={event.id}>
                <a href={`#/case/${state.id}`}>{state.regNumber}</a> — {t(`events.${event.type}`)} — {event.actor.name}, {formatDateTime(eventTime(event), offset)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** Where each notice's work is done, when it is not a case of its own. */
const NOTICE_ROUTE = { keyRequests: 'keys', conflicts: 'sync' } as const;

/** What needs this person now (notices.ts), each with where to act on it. */
function Notices({ notices, language, offset }: { notices: Notice[]; language: Language; offset: number }) {
  const { t } = useTranslation();
  return (
    <section className="card notices" aria-labelledby="dash-notices">
      <h2 id="dash-notices">{t('notices.title')}</h2>
      {notices.length === 0 && <p className="empty">{t('notices.none')}</p>}
      <ul>
        {notices.map((notice) => (
          <li key={notice.kind} data-notice={notice.kind}>
            {notice.kind === 'keyRequests' || notice.kind === 'conflicts' ? (
              <a href={`#/${NOTICE_ROUTE[notice.kind]}`}>{t(`notices.${notice.kind}`, { n: notice.count })}</a>
            ) : (
              <>
                <strong>{t(`notices.${notice.kind}`, { n: notice.count })}</strong>
                <ul>
                  {notice.cases.map(({ row, entry }) => (
                    <li key={row.id}>
                      <a href={`#/case/${row.id}`}>{row.regNumber}</a> —{' '}
                      {entry
                        ? `${entry.actor.name}, ${formatDate(localDateOf(entry.at, offset), language)}: ${entry.note ?? ''}`
                        : `${t(`stages.${row.stage}`)}, ${t('notices.due', { at: formatDateTime(row.stepDueAt, offset) })}`}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
