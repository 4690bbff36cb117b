import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage } from '../app/hooks';
import { db } from '../app/runtime';
import { setUpOffice } from '../store/office';
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
    </main>
  );
}
