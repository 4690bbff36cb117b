import { useEffect, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../app/errors';
import { useLanguage, useOfficeData } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { setupProblems, setUpOffice } from '../store/office';
import { setUpTrainingOffice, TRAINING_PIN, TRAINING_YEARS } from '../store/training';
import { NEW_TRAINING, useTraining, type TrainingForm } from '../app/training';
import { finishJoin, requestJoin } from '../store/enrolment';
import { hubTransport } from '../app/hub';
import { fingerprint } from '../../shared';
import { ErrorNote, ErrorSummary, LanguageSelect } from './parts';

/** First run: the office, this device's code, and the office's administrator, who then adds the others. */
export function Setup() {
  const { t } = useTranslation();
  const language = useLanguage();
  const signInUi = useUi((s) => s.signIn);
  const [office, setOffice] = useState({ nameKk: '', nameRu: '', district: '', officeCode: '', deviceCode: '' });
  const [admin, setAdmin] = useState({ name: '', password: '', repeat: '' });
  const [error, setError] = useState<unknown>(null);
  // Failed submits so far: after the first, every problem shows, and each moves focus to their list.
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const problems = attempt ? setupProblems({ ...office, admin }) : [];
  const messages = Object.fromEntries(problems.map((p) => [p.field, errorMessage(t, p.error, undefined, language)]));
  const summary = [...problems.map((p) => ({ target: p.field, message: messages[p.field]! })), ...(error ? [{ target: 'setup.nameKk', message: errorMessage(t, error, undefined, language) }] : [])];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (setupProblems({ ...office, admin }).length) return setAttempt((n) => n + 1);
    setBusy(true);
    try {
      const member = await setUpOffice(db, { ...office, admin });
      signInUi({ userId: member.id, role: 'admin', name: member.name });
    } catch (err) {
      setError(err);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }
  const field = (id: string, label: string, input: { type?: string; value: string; onChange(value: string): void }, hint?: string) => (
    <div className="field" key={id}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={input.type}
        autoComplete={input.type === 'password' ? 'new-password' : undefined}
        value={input.value}
        onChange={(e) => input.onChange(e.target.value)}
        aria-invalid={messages[id] ? true : undefined}
        aria-describedby={[messages[id] && `${id}-problem`, hint].filter(Boolean).join(' ') || undefined}
      />
      {messages[id] && (
        <span className="field-problem" id={`${id}-problem`}>
          {messages[id]}
        </span>
      )}
    </div>
  );

  return (
    <main className="narrow">
      <div className="corner">
        <LanguageSelect />
      </div>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary items={summary} attempt={attempt} />
        {(['nameKk', 'nameRu', 'district', 'officeCode', 'deviceCode'] as const).map((key) =>
          field(`setup.${key}`, t(`setup.${key}`), { value: office[key], onChange: (value) => setOffice({ ...office, [key]: value }) }, key.endsWith('Code') ? 'setup-code-hint' : undefined),
        )}
        <p className="hint" id="setup-code-hint">
          {t('setup.codeHint')}
        </p>
        <fieldset>
          <legend>{t('setup.admin')}</legend>
          <p className="hint">{t('setup.adminHint')}</p>
          {field('setup.adminName', t('setup.adminName'), { value: admin.name, onChange: (name) => setAdmin({ ...admin, name }) })}
          {field('setup.adminPassword', t('signIn.password'), { type: 'password', value: admin.password, onChange: (password) => setAdmin({ ...admin, password }) }, 'setup-password-hint')}
          {field('setup.adminRepeat', t('signIn.repeatPassword'), { type: 'password', value: admin.repeat, onChange: (repeat) => setAdmin({ ...admin, repeat }) })}
          <p className="hint" id="setup-password-hint">
            {t('signIn.passwordHint')}
          </p>
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
      <JoinOffice />
      <TrainingOffice />
    </main>
  );
}

/** Years of made-up cases to learn on, and to measure the app with; every screen then says it is a training office. */
function TrainingOffice() {
  const { t } = useTranslation();
  const language = useLanguage();
  const data = useOfficeData();
  const signInUi = useUi((s) => s.signIn);
  const { form, error } = useTraining();
  const setForm = (next: TrainingForm) => useTraining.setState({ form: next });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const stop = new AbortController();
    const cases = Number(form.cases.trim() || NaN);
    useTraining.setState({ progress: { done: 0, total: cases }, stop, error: null });
    try {
      const member = await setUpTrainingOffice(db, data, { adminName: form.name, password: form.password, repeat: form.repeat, cases, seed: 1 }, (progress) => useTraining.setState({ progress }), stop.signal);
      // The passwords are not kept past their use.
      useTraining.setState({ form: NEW_TRAINING });
      signInUi({ userId: member.id, role: 'admin', name: member.name });
    } catch (err) {
      useTraining.setState({ error: errorMessage(t, err, undefined, language) });
    } finally {
      useTraining.setState({ progress: null, stop: null });
    }
  }

  return (
    <section className="join">
      <h2>{t('training.title')}</h2>
      <p>{t('training.intro', { years: TRAINING_YEARS, pin: TRAINING_PIN })}</p>
      <form onSubmit={submit} noValidate>
        {(
          [
            ['name', 'text', t('training.adminName')],
            ['password', 'password', t('training.password')],
            ['repeat', 'password', t('training.repeat')],
            ['cases', 'text', t('fields.training.cases')],
          ] as const
        ).map(([key, type, label]) => (
          <div className="field" key={key}>
            <label htmlFor={`training-${key}`}>{label}</label>
            <input
              id={`training-${key}`}
              type={type}
              inputMode={key === 'cases' ? 'numeric' : undefined}
              autoComplete={type === 'password' ? 'new-password' : undefined}
              value={form[key]}
              onChange={(e) => setForm({ ...form, [key]: e.target.value })}
            />
          </div>
        ))}
        <ErrorNote message={error} />
        <button type="submit">{t('training.submit')}</button>
      </form>
    </section>
  );
}

/** The training office's progress, with a way to stop: what is written by then stays, and the office works. */
export function TrainingLoad() {
  const { t } = useTranslation();
  const { progress, stop } = useTraining();
  if (!progress) return null;
  return (
    <main className="narrow">
      <h1>{t('training.title')}</h1>
      <p>
        <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={t('training.progress')} /> {t('training.made', { done: progress.done, total: progress.total })}
      </p>
      <button onClick={() => stop?.abort()} disabled={stop?.signal.aborted}>
        {t('training.stop')}
      </button>
    </main>
  );
}

/**
 * A further device of an office: it asks the office's hub to join and shows its key's
 * fingerprint; once the administrator has enrolled it, it takes the office from the signed record.
 */
function JoinOffice() {
  const { t } = useTranslation();
  const language = useLanguage();
  const join = useLiveQuery(async () => (await db.sync.get('this'))?.join ?? null, []);
  const [form, setForm] = useState({ hubUrl: 'https://', officeCode: '', label: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function attempt(work: () => Promise<unknown>) {
    setError(null);
    setMessage(null);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    }
  }
  async function check() {
    const hubUrl = (await db.sync.get('this'))!.hubUrl;
    if (!(await finishJoin(db, hubTransport(hubUrl)))) setMessage(t('sync.notYet'));
  }
  // While it waits, the device asks now and then by itself.
  useEffect(() => {
    if (!join) return;
    const timer = setInterval(() => void check().catch(() => {}), 5000);
    return () => clearInterval(timer);
  });

  return (
    <section className="join">
      <h2>{t('sync.joinTitle')}</h2>
      <p>{t('sync.joinIntro')}</p>
      {join ? (
        <>
          <p className="notice" data-testid="join-fingerprint">
            {t('sync.waiting', { fingerprint: fingerprint(join.key.publicKey) })}
          </p>
          <button onClick={() => void attempt(check)}>{t('sync.check')}</button>
        </>
      ) : (
        <form onSubmit={(e) => (e.preventDefault(), void attempt(() => requestJoin(db, hubTransport(form.hubUrl.trim()), form.hubUrl, form.officeCode, form.label)))} noValidate>
          {(
            [
              ['hubUrl', t('sync.hubUrl')],
              ['officeCode', t('sync.officeToJoin')],
              ['label', t('sync.deviceLabel')],
            ] as const
          ).map(([key, label]) => (
            <div className="field" key={key}>
              <label htmlFor={`join-${key}`}>{label}</label>
              <input id={`join-${key}`} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
            </div>
          ))}
          <button type="submit">{t('sync.ask')}</button>
        </form>
      )}
      {message && <p className="hint">{message}</p>}
      <ErrorNote message={error} />
    </section>
  );
}
