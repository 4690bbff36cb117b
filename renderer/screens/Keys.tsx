import { useState, type FormEvent, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { pendingKeyRequests } from '../store/notices';
import { formatDateTime, keyStatusAt, type KeyRecord } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage, useOffset, usePaperLanguage } from '../app/hooks';
import { db, platform } from '../app/runtime';
import { useUi } from '../app/session';
import { activeKeyOf, createAdminKey, createSigningKey, officeTrust, registerKey, revokeKey } from '../store/signing';
import { FormFooter, TextAreaField } from './parts';

/** A PIN (twice for a new one), with an optional reason and other fields the action needs before it. */
export function PinForm({ id, label, pinLabel, twice, reason, children, onSubmit, onCancel }: { id: string; label: string; pinLabel?: string; twice?: boolean; reason?: string; children?: ReactNode; onSubmit(pin: string, pinAgain: string, reason: string): Promise<unknown>; onCancel?: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(pin, twice ? again : pin, text);
      onCancel?.();
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
      setPin('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="pin-form">
      {children}
      {reason !== undefined && <TextAreaField id={`${id}-reason`} label={reason} rows={2} value={text} onChange={setText} />}
      <div className="field">
        <label htmlFor={`${id}-pin`}>{pinLabel ?? (twice ? t('keys.newPin') : t('keys.pin'))}</label>
        <input id={`${id}-pin`} type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        {twice && <span className="hint">{t('keys.pinHint')}</span>}
      </div>
      {twice && (
        <div className="field">
          <label htmlFor={`${id}-again`}>{t('keys.pinAgain')}</label>
          <input id={`${id}-again`} type="password" inputMode="numeric" autoComplete="off" value={again} onChange={(e) => setAgain(e.target.value)} />
        </div>
      )}
      <FormFooter error={error} busy={busy} label={label} onCancel={onCancel} />
    </form>
  );
}

/** The signing keys: the head makes theirs; the administrator keeps the office registry and its trust file. */
export function Keys() {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor)!;
  return (
    <section>
      <h1>{t('keys.title')}</h1>
      {actor.role === 'head' ? <MyKey /> : <OfficeRegistry />}
    </section>
  );
}

function MyKey() {
  const { t } = useTranslation();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const active = useLiveQuery(async () => (await activeKeyOf(db, actor.userId)) ?? null, [actor.userId]);
  const pending = useLiveQuery(async () => {
    const registered = new Set((await db.registry.get('this'))?.signed.registry.keys.map((k) => k.keyId));
    return (await db.signingKeys.where('userId').equals(actor.userId).toArray()).filter((k) => !registered.has(k.keyId));
  }, [actor.userId]);
  if (active === undefined || pending === undefined) return null;
  if (active) return <p className="ok">{t('keys.mineActive', { keyId: active.keyId, until: formatDateTime(active.validTo, offset) })}</p>;
  return (
    <>
      {pending.map((k) => (
        <p key={k.keyId} className="hint">
          {t('keys.minePending', { keyId: k.keyId })}
        </p>
      ))}
      {pending.length === 0 && (
        <>
          <p>{t('keys.mineNone')}</p>
          <PinForm id="my-key" label={t('keys.create')} twice onSubmit={(pin, again) => createSigningKey(db, actor, pin, again)} />
        </>
      )}
    </>
  );
}

function OfficeRegistry() {
  const { t } = useTranslation();
  const paper = usePaperLanguage();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const [open, setOpen] = useState<string | null>(null);
  const registry = useLiveQuery(async () => (await db.registry.get('this')) ?? null, []);
  // Keys made on any device of the office reach this list through sync (office.keyRequested).
  const pending = useLiveQuery(() => pendingKeyRequests(db), [registry]);
  if (registry === undefined || pending === undefined) return null;
  if (!registry) {
    return (
      <>
        <p>{t('keys.noAdminKey')}</p>
        <PinForm id="admin-key" label={t('keys.createAdmin')} twice onSubmit={(pin, again) => createAdminKey(db, actor, pin, again)} />
      </>
    );
  }
  const now = new Date().toISOString();
  const action = (id: string, button: string, form: ReactNode) => (open === id ? form : <button onClick={() => setOpen(id)}>{button}</button>);
  async function exportTrust() {
    const trust = await officeTrust(db, []);
    await platform.saveFile(`trust-${registry!.signed.registry.office.code}.json`, new TextEncoder().encode(`${JSON.stringify(trust, null, 2)}\n`));
  }
  const status = (k: KeyRecord) => t(`keys.status.${keyStatusAt(k, now)}`);
  return (
    <>
      <p>{t('keys.registryVersion', { version: registry.signed.registry.version, date: formatDateTime(registry.signed.registry.issuedAt, offset), anchor: registry.signed.adminKeyId })}</p>
      <button onClick={() => void exportTrust()}>{t('keys.exportTrust')}</button>
      <h2>{t('keys.pending')}</h2>
      {pending.length === 0 ? (
        <p className="hint">{t('keys.nonePending')}</p>
      ) : (
        <ul className="keys">
          {pending.map((k) => (
            <li key={k.keyId}>
              {k.holder.name} — {k.keyId} ({formatDateTime(k.requestedAt, offset)}){' '}
              {action(`register-${k.keyId}`, t('keys.register'), <PinForm id={`register-${k.keyId}`} label={t('keys.register')} onSubmit={(pin) => registerKey(db, actor, k.keyId, pin)} onCancel={() => setOpen(null)} />)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('keys.registered')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('keys.holder')}</th>
            <th>{t('keys.keyId')}</th>
            <th>{t('keys.validity')}</th>
            <th>{t('keys.state')}</th>
          </tr>
        </thead>
        <tbody>
          {registry.signed.registry.keys.map((k) => (
            <tr key={k.keyId}>
              <td>
                {k.holder.name}, {k.holder.position[paper]}
              </td>
              <td>{k.keyId}</td>
              <td>
                {formatDateTime(k.validFrom, offset)} — {formatDateTime(k.validTo, offset)}
              </td>
              <td>
                {status(k)}
                {k.revokedAt && `: ${k.revocationReason} (${formatDateTime(k.revokedAt, offset)})`}
                {!k.revokedAt &&
                  action(
                    `revoke-${k.keyId}`,
                    t('keys.revoke'),
                    <PinForm id={`revoke-${k.keyId}`} label={t('keys.revoke')} reason={t('keys.revokeReason')} onSubmit={(pin, _again, reason) => revokeKey(db, actor, k.keyId, reason, pin)} onCancel={() => setOpen(null)} />,
                  )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
