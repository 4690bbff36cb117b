import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { db } from '../app/runtime';
import { useUi } from '../app/session';

/** Who works now, in which role. Accounts with passwords replace this with the security work. */
export function ChooseUser() {
  const { t } = useTranslation();
  const signIn = useUi((s) => s.signIn);
  const staff = useLiveQuery(() => db.staff.toArray(), []);
  return (
    <main className="narrow">
      <h1>{t('chooseUser.title')}</h1>
      <p className="hint">{t('chooseUser.hint')}</p>
      <ul className="people">
        {staff
          ?.filter((s) => s.active)
          .map((member) => (
            <li key={member.id}>
              <strong>{member.name}</strong>
              <span className="buttons">
                {member.roles.map((role) => (
                  <button key={role} onClick={() => signIn({ userId: member.id, role, name: member.name })}>
                    {t('chooseUser.as', { role: t(`roles.${role}`) })}
                  </button>
                ))}
              </span>
            </li>
          ))}
      </ul>
    </main>
  );
}
