import { useState, type ChangeEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { DomainError, eventTime, formatDateTime, fingerprint, isOfficeEvent, localDateOf, type ChainEvent, type JoinRequest, type NotificationQueue } from '../../shared';
import { errorMessage } from '../app/errors';
import { useDevice, useLanguage, useOffset, usePaperLanguage } from '../app/hooks';
import { hubTransport, runSync, useSyncUi } from '../app/hub';
import { db, platform } from '../app/runtime';
import { useUi } from '../app/session';
import { approveJoin, connectHub, pendingJoins, revokeDevice } from '../store/enrolment';
import { CLOCK_TOLERANCE_MS } from '../store/hubLink';
import { exportSealedBundle, importSealedBundle } from '../store/bundles';
import { notificationQueue } from '../store/sync';
import { openConflicts, releaseHeld } from '../store/conflicts';
import { outbox, outboxSummary } from '../store/push';
import { PinForm } from './Keys';
import { ErrorNote } from './parts';
import { clockWarning, useSyncStatus } from './SyncIndicator';

/** A key's fingerprint as people compare it aloud: 7F3A-91C2-…. */

/** At most this many waiting records are read for the screen: a crew's packages carry scans. */
const OUTBOX_SHOWN = 500;

/** The sync screen: the hub link, a progress bar, the conflicts for the head, the outbox, and transfer files. */
export function Sync() {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const status = useSyncStatus();
  const { running, progress, stop } = useSyncUi();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const waiting = useLiveQuery(() => outbox(db, OUTBOX_SHOWN), [status?.pending]);
  const peers = useLiveQuery(async () => {
    const here = (await db.device.get('this'))!;
    return new Map([...(await db.peers.toArray()).map((p) => [p.deviceId, p.enrolment.enrolment.device.code] as const), [here.deviceId, here.deviceCode] as const]);
  }, []);
  const conflicts = useLiveQuery(() => openConflicts(db), [status]);
  // Only the cases this screen names: the outbox's and the conflicts'.
  const cases = useLiveQuery(async () => {
    const ids = [...new Set([...(waiting ?? []), ...(conflicts ?? []).flatMap((c) => (c.event ? [c.event] : []))].map((e) => e.caseId))];
    return new Map((await db.cases.bulkGet(ids)).flatMap((c) => (c ? [[c.id, c] as const] : [])));
  }, [waiting, conflicts]);
  if (!status || !waiting || !cases || !peers || !conflicts) return null;
  const { sync } = status;
  const toSend = outboxSummary(waiting);
  const toSendParts = [
    toSend.applications.length > 0 && t('counts.toSendApplications', { count: toSend.applications.length }),
    toSend.signedPapers > 0 && t('counts.toSendSigned', { count: toSend.signedPapers }),
    toSend.settings > 0 && t('sync.settings'),
    toSend.workLog > 0 && t('sync.workLog'),
  ].filter(Boolean);

  async function act(work: () => Promise<unknown>) {
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    }
  }
  const describe = (event: ChainEvent | null, seq: number | null) => {
    if (!event) return t('sync.unreadable', { seq: seq ?? '?' });
    const row = cases.get(event.caseId);
    // A registration this device does not hold (kept apart) still names its number.
    const regNumber = (event.payload as { regNumber?: unknown } | null)?.regNumber;
    const what = isOfficeEvent(event) ? t('sync.officeRecord') : (row?.regNumber ?? (typeof regNumber === 'string' ? regNumber : event.caseId));
    return `${what} — ${t(`events.${event.type}`, { defaultValue: event.type })} — ${event.actor.name} (${t(`roles.${event.actor.role}`)}), ${t('sync.device', { code: peers.get(event.deviceId) ?? '?' })}`;
  };

  // A transfer file and a backup are the same sealed file: every chain this device holds.
  async function saveBundle(what: 'transfer' | 'backup') {
    const text = await exportSealedBundle(db, actor, what);
    const device = (await db.device.get('this'))!;
    const name = `kense-${what}-${device.office.code}-${device.deviceCode}-${localDateOf(new Date().toISOString(), offset)}.kense`;
    await platform.saveFile(name, new TextEncoder().encode(text));
  }
  async function takeBundle(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    await act(async () => setNotice(t('sync.imported', { ...(await importSealedBundle(db, await file.text())) })));
  }

  return (
    <section>
      <h1>{t('sync.title')}</h1>
      {sync ? (
        <>
          <p>
            {t('sync.hub', { url: sync.hubUrl })} {sync.lastSyncAt ? t('sync.lastSync', { at: formatDateTime(sync.lastSyncAt, offset) }) : t('sync.never')}
          </p>
          {sync.lastError && <p className="error">{errorMessage(t, new DomainError(sync.lastError.code, sync.lastError.params), undefined, language)}</p>}
          {Math.abs(sync.clockSkewMs) > CLOCK_TOLERANCE_MS && <p className="error">{clockWarning(t, sync.clockSkewMs, true)}</p>}
          <button className="primary" disabled={running} onClick={() => void act(runSync)}>
            {t('sync.now')}
          </button>
          {running && (
            <p>
              <progress max={Math.max(progress?.total ?? 1, 1)} value={progress?.done ?? 0} aria-label={t('sync.progress')} /> {progress ? `${progress.done} / ${progress.total}` : ''}{' '}
              <button onClick={() => stop?.abort()}>{t('sync.stop')}</button>
            </p>
          )}
        </>
      ) : actor.role === 'admin' ? (
        <ConnectHub />
      ) : (
        <p>{t('sync.askAdmin')}</p>
      )}
      <ErrorNote message={error} />
      {notice && <p className="notice">{notice}</p>}
      {sync && actor.role === 'admin' && <Joins hubUrl={sync.hubUrl} />}
      {sync && actor.role === 'admin' && <Devices />}
      {sync && actor.role !== 'specialist' && <Notifications hubUrl={sync.hubUrl} />}

      <h2>{t('sync.conflicts', { count: conflicts.length })}</h2>
      {conflicts.length === 0 ? (
        <p className="hint">{t('sync.noConflicts')}</p>
      ) : (
        <ul className="conflicts">
          {conflicts.map((c) => {
            const now = c.event && cases.get(c.event.caseId)?.state;
            return (
              <li key={c.key} data-status={c.status}>
                <strong>{t(`sync.status.${c.status}`)}</strong>: {describe(c.event, c.seq)}{c.event && `, ${formatDateTime(eventTime(c.event), offset)}`}
                {c.reason && <div>{errorMessage(t, new DomainError(c.reason.code, c.reason.params), undefined, language)}</div>}
                {c.status === 'held' && (actor.role === 'head' || actor.role === 'admin') && (
                  <button onClick={() => void act(() => releaseHeld(db, actor, c).then(runSync))}>{t('sync.release')}</button>
                )}
                {now && (
                  <div className="hint">
                    {t('sync.caseNow', { stage: t(`stages.${now.stage}`) })} {now.history.at(-1) && `${t(`events.${now.history.at(-1)!.type}`)} — ${now.history.at(-1)!.actor.name}, ${formatDateTime(now.history.at(-1)!.at, offset)}`}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {/* Applications and papers, not the records they are made of: what a clerk knows the work by. */}
      <h2>{t('sync.outbox')}</h2>
      {waiting.length === 0 ? (
        <p className="hint">{t('sync.outboxEmpty')}</p>
      ) : (
        <>
          <p data-testid="outbox-summary">
            {toSendParts.join(', ')}
            {status.pending > waiting.length && ` ${t('counts.toSendMore', { count: status.pending - waiting.length })}`}
          </p>
          <ul className="outbox">
            {toSend.applications.map(({ caseId, steps }) => {
              const row = cases.get(caseId);
              return (
                <li key={caseId}>
                  {row ? <a href={`#/case/${caseId}`}>{row.regNumber}</a> : t('sync.caseElsewhere')}
                  {row && ` — ${row.applicantName}`}: {steps.map((s) => t(`events.${s}`)).join('; ')}
                </li>
              );
            })}
          </ul>
        </>
      )}

      <h2>{t('sync.transfer')}</h2>
      <p className="hint">{t('sync.transferHint')}</p>
      <button onClick={() => void act(() => saveBundle('transfer'))}>{t('sync.saveBundle')}</button>{' '}
      {actor.role === 'admin' && (
        <>
          <button onClick={() => void act(() => saveBundle('backup'))}>{t('sync.saveBackup')}</button>{' '}
        </>
      )}
      <label className="button">
        {t('sync.takeBundle')}
        <input type="file" accept=".kense,.json" hidden onChange={(e) => void takeBundle(e)} data-testid="bundle-file" />
      </label>
    </section>
  );
}

/** The administrator links this device to the office's hub with the administrator key. */
function ConnectHub() {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  const [url, setUrl] = useState('https://');
  const [hubFingerprint, setHubFingerprint] = useState('');
  return (
    <>
      <p>{t('sync.notConnectedIntro')}</p>
      <PinForm id="connect" label={t('sync.connect')} pinLabel={t('sync.adminPin')} onSubmit={(pin) => connectHub(db, hubTransport(url.trim()), url, hubFingerprint, actor, pin).then(runSync)}>
        <div className="field">
          <label htmlFor="hub-url">{t('sync.hubUrl')}</label>
          <input id="hub-url" value={url} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="hub-fingerprint">{t('sync.hubFingerprint')}</label>
          <input id="hub-fingerprint" value={hubFingerprint} placeholder="AB12-CD34-EF56-7890" autoComplete="off" spellCheck={false} onChange={(e) => setHubFingerprint(e.target.value)} />
        </div>
      </PinForm>
    </>
  );
}

/** The hub's queue of messages to applicants: the office sees what waits, what failed and why, and whether a sink takes them at all. */
function Notifications({ hubUrl }: { hubUrl: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const paper = usePaperLanguage();
  const offset = useOffset();
  const [queue, setQueue] = useState<NotificationQueue | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function load() {
    setError(null);
    try {
      setQueue(await notificationQueue(db, hubTransport(hubUrl)));
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    }
  }
  return (
    <>
      <h2>{t('notifications.title')}</h2>
      <button onClick={() => void load()}>{t('notifications.check')}</button>
      <ErrorNote message={error} />
      {queue && (
        <div data-testid="notification-queue">
          <p className={queue.sink ? undefined : 'error'}>{queue.sink ? t(`notifications.sink.${queue.sink}`) : t('notifications.noSink')}</p>
          <p>{t('notifications.counts', queue.counts)}</p>
          {queue.unsent.length > 0 && (
            <table className="list">
              <thead>
                <tr>
                  <th>{t('case.when')}</th>
                  <th>{t('worklist.regNumber')}</th>
                  <th>{t('notifications.phone')}</th>
                  <th>{t('notifications.text')}</th>
                  <th>{t('notifications.state')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.unsent.map((n) => (
                  <tr key={n.eventId}>
                    <td>{formatDateTime(n.at, offset)}</td>
                    <td>
                      <a href={`#/case/${n.caseId}`}>{n.regNumber}</a>
                    </td>
                    <td>{n.phone}</td>
                    <td>{n.text[paper]}</td>
                    <td>
                      {t(`notifications.status.${n.status}`)}
                      {n.lastError && <div className="note">{t('notifications.lastError', { attempts: n.attempts, error: n.lastError })}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </>
  );
}

/** Devices that asked to join: the administrator compares the fingerprint with the one on the new device's screen. */
function Joins({ hubUrl }: { hubUrl: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const actor = useUi((s) => s.actor)!;
  const [joins, setJoins] = useState<JoinRequest[] | null>(null);
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  async function load() {
    setError(null);
    try {
      setJoins(await pendingJoins(db, hubTransport(hubUrl)));
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    }
  }
  return (
    <>
      <h2>{t('sync.joins')}</h2>
      <button onClick={() => void load()}>{t('sync.checkJoins')}</button>
      <ErrorNote message={error} />
      {joins?.length === 0 && <p className="hint">{t('sync.noJoins')}</p>}
      <ul className="joins">
        {/* After enrolling, a sync: the people the enrolment names reach the hub before anything the new device writes. */}
        {joins?.map((j) => (
          <li key={j.deviceId}>
            {j.label || t('sync.unnamedDevice')} — {t('sync.fingerprint')}: <code>{fingerprint(j.publicKey)}</code>
            <PinForm id={`enrol-${j.deviceId}`} label={t('sync.enrol')} pinLabel={t('sync.adminPin')} onSubmit={(pin) => approveJoin(db, hubTransport(hubUrl), actor, pin, j, codes[j.deviceId] ?? '').then(() => Promise.all([load(), runSync()]))}>
              <div className="field">
                <label htmlFor={`code-${j.deviceId}`}>{t('setup.deviceCode')}</label>
                <input id={`code-${j.deviceId}`} value={codes[j.deviceId] ?? ''} onChange={(e) => setCodes({ ...codes, [j.deviceId]: e.target.value })} />
              </div>
            </PinForm>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The office's devices as their enrolments name them: the administrator revokes a lost or stolen one here. */
function Devices() {
  const { t } = useTranslation();
  const language = useLanguage();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const here = useDevice();
  const peers = useLiveQuery(() => db.peers.toArray(), []);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!peers || !here) return null;
  async function revoke(deviceId: string) {
    setError(null);
    try {
      await revokeDevice(db, actor, deviceId, reason);
      setRevoking(null);
      setReason('');
      await runSync();
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    }
  }
  return (
    <>
      <h2>{t('sync.devices')}</h2>
      <ul className="devices">
        {peers.map(({ deviceId, enrolment, revoked }) => {
          const { code, label } = enrolment.enrolment.device;
          return (
            <li key={deviceId} data-device={code}>
              <strong>{code}</strong> {label && `— ${label}`} {deviceId === here.deviceId && `(${t('sync.thisDevice')})`}
              {revoked ? (
                <div className="hint">{t('sync.revoked', { date: formatDateTime(revoked.at, offset), name: revoked.by.name, reason: revoked.reason })}</div>
              ) : deviceId === here.deviceId ? null : revoking === deviceId ? (
                <div className="confirm" role="alertdialog" aria-label={t('sync.revoke')}>
                  <p>{t('sync.revokeConfirm', { code })}</p>
                  <div className="field">
                    <label htmlFor={`revoke-${deviceId}`}>{t('sync.revokeReason')}</label>
                    <input id={`revoke-${deviceId}`} value={reason} onChange={(e) => setReason(e.target.value)} />
                  </div>
                  <button onClick={() => void revoke(deviceId)}>{t('sync.revoke')}</button> <button onClick={() => setRevoking(null)}>{t('signing.cancel')}</button>
                </div>
              ) : (
                <button onClick={() => setRevoking(deviceId)}>{t('sync.revoke')}</button>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorNote message={error} />
    </>
  );
}
