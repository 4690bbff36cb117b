import { useTranslation } from 'react-i18next';
import { setPreference, usePreferences, type Preferences } from '../app/preferences';
import { useUi } from '../app/session';
import { LanguageSelect } from './parts';
import { SHORTCUTS } from './Layout';

/** One person's settings on this PC: language, text size, contrast; and the keyboard shortcuts. */
export function Settings() {
  const { t } = useTranslation();
  const userId = useUi((s) => s.actor!.userId);
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
