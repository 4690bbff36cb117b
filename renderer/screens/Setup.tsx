import { useEffect, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage } from '../app/hooks';
import { db } from '../app/runtime';
import { setUpOffice } from '../store/office';
import { finishJoin, requestJoin } from '../store/sync';
import { hubTransport } from '../app/hub';
import { fingerprint } from './Sync';
import { ErrorNote } from './parts';

interface Person {
  key: number;
  name: string;
  roles: Role[];
}

/** First run: the office, this device's code, and the people who use it. */
export function Setup() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [office, setOffice] = useState({ nameKk: '', nameRu: '', officeCode: '', deviceCode: '' });
  const [people, setPeople] = useState<Person[]>([{ key: 1, name: '', roles: [] }]);
  const [error, setError] = useState<string | null>(null);

  const update = (key: number, change: Partial<Person>) => setPeople((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await setUpOffice(db, { ...office, staff: people });
    } catch (err) {
      setError(errorMessage(t, err, undefined, language));
    }
  }

  return (
    <main className="narrow">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} noValidate>
        {(['nameKk', 'nameRu', 'officeCode', 'deviceCode'] as const).map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`setup-${key}`}>{t(`setup.${key}`)}</label>
            <input id={`setup-${key}`} value={office[key]} onChange={(e) => setOffice({ ...office, [key]: e.target.value })} />
          </div>
        ))}
        <p className="hint">{t('setup.codeHint')}</p>
        <fieldset>
          <legend>{t('setup.staff')}</legend>
          {people.map((person, i) => (
            <div className="person" key={person.key}>
              <div className="field">
                <label htmlFor={`person-${person.key}`}>
                  {t('setup.personName')} {i + 1}
                </label>
                <input id={`person-${person.key}`} value={person.name} onChange={(e) => update(person.key, { name: e.target.value })} />
              </div>
              <div className="roles" role="group" aria-label={`${t('setup.roles')} ${i + 1}`}>
                {ROLES.map((role) => (
                  <label key={role} className="check">
                    <input
                      type="checkbox"
                      checked={person.roles.includes(role)}
                      onChange={(e) => update(person.key, { roles: e.target.checked ? [...person.roles, role] : person.roles.filter((r) => r !== role) })}
                    />
                    {t(`roles.${role}`)}
                  </label>
                ))}
              </div>
              {people.length > 1 && (
                <button type="button" className="link" onClick={() => setPeople((list) => list.filter((p) => p.key !== person.key))}>
                  {t('setup.removePerson')}
                </button>
              )}
            </div>
          ))}
          <button type="button" onClick={() => setPeople((list) => [...list, { key: Math.max(...list.map((p) => p.key)) + 1, name: '', roles: [] }])}>
            {t('setup.addPerson')}
          </button>
        </fieldset>
        <ErrorNote message={error} />
        <button type="submit" className="primary">
          {t('setup.submit')}
        </button>
      </form>
      <JoinOffice />
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
  const [form, setForm] = useState({ hubUrl: 'http://', officeCode: '', label: '' });
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
