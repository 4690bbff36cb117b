import { useState, type FormEvent, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { compareKazakh, type Actor, type Role, type StaffMember } from '../../shared';
import { changePassword, signIn } from '../store/accounts';
import { errorMessage } from '../app/errors';
import { useDevice, useLanguage } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { ErrorNote, LanguageSelect } from './parts';

/** `given`: the password the administrator gave, just typed; the new one is checked against it. */
type Step = { kind: 'password' } | { kind: 'change'; member: StaffMember; given: string } | { kind: 'role'; member: StaffMember };

/**
 * Signing in on this device, offline: the person, their password, then the role they work in.
 * With `locked`, the same person unlocks their session after idling or a reload.
 */
export function SignIn({ locked }: { locked?: Actor }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ui = useUi();
  const device = useDevice();
  const staff = useLiveQuery(() => db.staff.toArray(), []);
  const [userId, setUserId] = useState(locked?.userId ?? '');
  const [password, setPassword] = useState('');
  const [fresh, setFresh] = useState({ password: '', repeat: '' });
  const [step, setStep] = useState<Step>({ kind: 'password' });
  // Kept as the refusal, so its message follows a change of language.
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const message = error ? errorMessage(t, error, undefined, language) : null;
  const people = (staff ?? []).filter((s) => s.active && s.credential).sort((a, b) => compareKazakh(a.name, b.name));
  const as = (member: StaffMember, role: Role): Actor => ({ userId: member.id, role, name: member.name });

  function next(member: StaffMember, given = '') {
    if (member.mustChange) return setStep({ kind: 'change', member, given });
    if (locked && member.roles.includes(locked.role)) return ui.signIn(as(member, locked.role));
    if (member.roles.length === 1) return ui.signIn(as(member, member.roles[0]!));
    setStep({ kind: 'role', member });
  }

  async function attempt(e: FormEvent, work: () => Promise<void>) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setPassword('');
    }
  }

  let body: ReactNode;
  if (step.kind === 'change') {
    body = (
      <form onSubmit={(e) => void attempt(e, async () => (await changePassword(db, as(step.member, step.member.roles[0]!), step.given, fresh.password, fresh.repeat), next({ ...step.member, mustChange: false })))} noValidate>
        <p className="notice">{t('signIn.mustChange')}</p>
        <div className="field">
          <label htmlFor="new-password">{t('signIn.newPassword')}</label>
          <input id="new-password" type="password" autoComplete="new-password" value={fresh.password} onChange={(e) => setFresh({ ...fresh, password: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="repeat-password">{t('signIn.repeatPassword')}</label>
          <input id="repeat-password" type="password" autoComplete="new-password" value={fresh.repeat} onChange={(e) => setFresh({ ...fresh, repeat: e.target.value })} />
        </div>
        <p className="hint">{t('signIn.passwordHint')}</p>
        <ErrorNote message={message} />
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.setPassword')}
        </button>
      </form>
    );
  } else if (step.kind === 'role') {
    body = (
      <div className="buttons" role="group" aria-label={t('signIn.chooseRole')}>
        <p>{t('signIn.chooseRole')}</p>
        {step.member.roles.map((role) => (
          <button key={role} onClick={() => ui.signIn(as(step.member, role))}>
            {t('signIn.as', { role: t(`roles.${role}`) })}
          </button>
        ))}
      </div>
    );
  } else {
    body = (
      <form onSubmit={(e) => void attempt(e, async () => next(await signIn(db, userId, password), password))} noValidate>
        {locked ? (
          <p>{t('signIn.lockedAs', { name: locked.name })}</p>
        ) : (
          <div className="field">
            <label htmlFor="sign-in-person">{t('signIn.person')}</label>
            <select id="sign-in-person" autoFocus value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t('signIn.choosePerson')}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="sign-in-password">{t('signIn.password')}</label>
          <input id="sign-in-password" type="password" autoComplete="current-password" autoFocus={!!locked} value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <ErrorNote message={message} />
        <button type="submit" className="primary" disabled={busy || !userId}>
          {busy ? t('signIn.checking') : locked ? t('signIn.unlock') : t('signIn.submit')}
        </button>
        {locked && (
          <button type="button" className="link" onClick={ui.signOut}>
            {t('signIn.someoneElse')}
          </button>
        )}
      </form>
    );
  }

  return (
    <main className="narrow">
      <div className="corner">
        <LanguageSelect />
      </div>
      {/* Which office this device works for: a person signs in to their own. */}
      <p className="hint">{device?.office.names[language === 'kk' ? 'kk' : 'ru']}</p>
      <h1>{locked ? t('signIn.lockedTitle') : t('signIn.title')}</h1>
      {body}
    </main>
  );
}
