import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../store/accounts';
import { setResolutions } from '../store/catalog';
import { errorMessage } from '../app/errors';
import { useLanguage } from '../app/hooks';
import { setPreference, usePreferences, type Preferences } from '../app/preferences';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { ErrorNote, LanguageSelect } from './parts';
import { SHORTCUTS } from './Layout';

const noPasswords = { current: '', password: '', repeat: '' };

/** The person signed in changes their own password: the current one, the new one twice (accounts.ts changePassword). */
function ChangePassword() {
  const { t } = useTranslation();
  const language = useLanguage();
  const actor = useUi((s) => s.actor)!;
  const [form, setForm] = useState(noPasswords);
  // Kept as the refusal, so its message follows a change of language.
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      await changePassword(db, actor, form.current, form.password, form.repeat);
      setForm(noPasswords);
      setDone(true);
    } catch (err) {
      setError(err);
      setForm({ ...form, current: '' });
    } finally {
      setBusy(false);
    }
  }
  const input = (key: keyof typeof noPasswords, id: string, label: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="password" autoComplete={key === 'current' ? 'current-password' : 'new-password'} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </div>
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="settings-password">
      <h2 id="settings-password">{t('settings.password')}</h2>
      <p className="hint">{t('settings.passwordIntro')}</p>
      {input('current', 'settings-current-password', t('settings.currentPassword'))}
      {input('password', 'settings-new-password', t('signIn.newPassword'))}
      {input('repeat', 'settings-repeat-password', t('signIn.repeatPassword'))}
      <p className="hint">{t('signIn.passwordHint')}</p>
      <ErrorNote message={error ? errorMessage(t, error, undefined, language) : null} />
      {done && (
        <p className="ok" role="status">
          {t('settings.passwordChanged')}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn.setPassword')}
      </button>
    </form>
  );
}

/** The head's resolution texts for the visa, the office's own: one per line, offered as buttons on the visa form. */
function ResolutionTexts() {
  const { t } = useTranslation();
  const language = useLanguage();
  const actor = useUi((s) => s.actor)!;
  const saved = useLiveQuery(() => db.resolutions.get('this'), []);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const shown = text ?? saved?.resolutions.join('\n') ?? '';
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await setResolutions(db, shown.split('\n'), actor);
      setText(null);
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="settings-resolutions">
      <h2 id="settings-resolutions">{t('resolutions.title')}</h2>
      <p className="hint">{t('resolutions.intro')}</p>
      <div className="field">
        <label htmlFor="settings-resolution-texts">{t('resolutions.label')}</label>
        <textarea id="settings-resolution-texts" rows={6} value={shown} placeholder={t('resolutions.defaults')} onChange={(e) => setText(e.target.value)} />
      </div>
      <ErrorNote message={error ? errorMessage(t, error, undefined, language) : null} />
      {done && (
        <p className="ok" role="status">
          {t('resolutions.saved')}
        </p>
      )}
      <button type="submit" className="primary">
        {t('resolutions.save')}
      </button>
    </form>
  );
}

/** One person's settings on this PC: language, text size, contrast; their password; and the keyboard shortcuts. */
export function Settings() {
  const { t } = useTranslation();
  const { userId, role } = useUi((s) => s.actor!);
  const preferences = usePreferences();
  const choice = <K extends 'textSize' | 'contrast'>(name: K, options: readonly Preferences[K][]) => (
    <fieldset>
      <legend>{t(`settings.${name}`)}</legend>
      {options.map((option) => (
        <label key={option} className="check">
          <input type="radio" name={name} checked={preferences[name] === option} onChange={() => void setPreference(userId, { [name]: option })} />
          {t(`settings.${name}Options.${option}`)}
        </label>
      ))}
    </fieldset>
  );
  return (
    <section className="narrow">
      <h1>{t('nav.settings')}</h1>
      <p className="hint">{t('settings.intro')}</p>
      <LanguageSelect />
      {choice('textSize', ['normal', 'large'])}
      {choice('contrast', ['normal', 'high'])}
      <ChangePassword />
      {role === 'head' && <ResolutionTexts />}
      <h2>{t('settings.shortcuts')}</h2>
      <table className="list shortcuts">
        <tbody>
          {SHORTCUTS.map(({ keys, label }) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
