import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { compareKazakh, ROLES, type StaffMember } from '../../shared';
import { saveStaffMember, staffProblems, type StaffInput } from '../store/accounts';
import { errorMessage } from '../app/errors';
import { useLanguage } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { ErrorSummary } from './parts';

const blank: StaffInput = { name: '', roles: [], active: true, password: { password: '', repeat: '' } };

/**
 * The administrator's list of the office's people: add one with a first password, change roles,
 * disable or enable, give a new password. Every change travels to the office's other devices.
 */
export function Staff() {
  const { t } = useTranslation();
  const language = useLanguage();
  const actor = useUi((s) => s.actor)!;
  const staff = useLiveQuery(() => db.staff.toArray(), []);
  const [form, setForm] = useState<StaffInput | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Failed saves of this form so far: after the first, every problem shows, and each moves focus to their list.
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const problems = form && attempt ? staffProblems(form) : [];
  const messages = Object.fromEntries(problems.map((p) => [p.field, errorMessage(t, p.error, undefined, language)]));
  const summary = [...problems.map((p) => ({ target: p.field, message: messages[p.field]! })), ...(error ? [{ target: 'staff.name', message: errorMessage(t, error, undefined, language) }] : [])];
  const invalid = (field: string) => (messages[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-problem` } : {});
  const problem = (field: string) =>
    messages[field] && (
      <span className="field-problem" id={`${field}-problem`}>
        {messages[field]}
      </span>
    );

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setError(null);
    if (staffProblems(form).length) return setAttempt((n) => n + 1);
    try {
      const member = await saveStaffMember(db, actor, form);
      setSaved(t('staff.saved', { name: member.name }));
      close();
    } catch (err) {
      setError(err);
      setAttempt((n) => n + 1);
    }
  }
  const open = (next: StaffInput) => (setSaved(null), setError(null), setAttempt(0), setForm(next));
  const close = () => (setForm(null), setError(null), setAttempt(0));
  const edit = (m: StaffMember) => open({ id: m.id, name: m.name, roles: m.roles, active: m.active, iin: m.iin ?? '' });

  return (
    <section>
      <h1>{t('staff.title')}</h1>
      <p className="hint">{t('staff.intro')}</p>
      <table className="list">
        <thead>
          <tr>
            <th>{t('staff.name')}</th>
            <th>{t('staff.roles')}</th>
            <th>{t('staff.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {staff
            ?.sort((a, b) => compareKazakh(a.name, b.name))
            .map((m) => (
              <tr key={m.id} className={m.active ? undefined : 'disabled'}>
                <td>{m.name}</td>
                <td>{m.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
                <td>{!m.active ? t('staff.disabled') : m.mustChange ? t('staff.mustChange') : t('staff.active')}</td>
                <td>
                  <button className="link" onClick={() => edit(m)} aria-label={t('staff.editOf', { name: m.name })}>
                    {t('staff.edit')}
                  </button>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {saved && <p className="notice">{saved}</p>}
      {!form && (
        <button onClick={() => open(blank)} className="primary">
          {t('staff.add')}
        </button>
      )}
      {form && (
        <form onSubmit={save} noValidate className="card">
          <h2>{form.id ? t('staff.editOf', { name: form.name }) : t('staff.add')}</h2>
          <ErrorSummary items={summary} attempt={attempt} />
          <div className="field">
            <label htmlFor="staff.name">{t('staff.name')}</label>
            <input id="staff.name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} {...invalid('staff.name')} />
            {problem('staff.name')}
          </div>
          <div className="field">
            <label htmlFor="staff.iin">{t('staff.iin')}</label>
            <input id="staff.iin" inputMode="numeric" maxLength={12} value={form.iin ?? ''} onChange={(e) => setForm({ ...form, iin: e.target.value })} aria-describedby="staff-iin-hint" {...invalid('staff.iin')} />
            {problem('staff.iin')}
            <p className="hint" id="staff-iin-hint">
              {t('staff.iinHint')}
            </p>
          </div>
          {problem('staff.roles')}
          <div className="roles" id="staff.roles" role="group" aria-label={t('staff.roles')}>
            {ROLES.map((role) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  checked={form.roles.includes(role)}
                  onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, role] : form.roles.filter((r) => r !== role) })}
                />
                {t(`roles.${role}`)}
              </label>
            ))}
          </div>
          {form.id && (
            <label className="check">
              <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
              {t('staff.enabled')}
            </label>
          )}
          {form.id && !form.password ? (
            <button type="button" className="link" onClick={() => setForm({ ...form, password: { password: '', repeat: '' } })}>
              {t('staff.resetPassword')}
            </button>
          ) : (
            <>
              <div className="field">
                <label htmlFor="staff.password">{t('staff.firstPassword')}</label>
                <input id="staff.password" type="password" autoComplete="new-password" value={form.password?.password ?? ''} onChange={(e) => setForm({ ...form, password: { password: e.target.value, repeat: form.password?.repeat ?? '' } })} {...invalid('staff.password')} />
                {problem('staff.password')}
              </div>
              <div className="field">
                <label htmlFor="staff-repeat">{t('signIn.repeatPassword')}</label>
                <input id="staff-repeat" type="password" autoComplete="new-password" value={form.password?.repeat ?? ''} onChange={(e) => setForm({ ...form, password: { password: form.password?.password ?? '', repeat: e.target.value } })} />
              </div>
              <p className="hint">{t('staff.passwordHint')}</p>
            </>
          )}
          <div className="buttons">
            <button type="submit" className="primary">
              {t('staff.save')}
            </button>
            <button type="button" onClick={close}>
              {t('staff.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
