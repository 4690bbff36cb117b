import { createContext, useCallback, useContext, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Command, Language, PaperLanguage, Service } from '../../shared';
import { execute, type OfficeData } from '../store/commands';
import { errorMessage } from './errors';
import { db } from './runtime';
import { useUi } from './session';

export const OfficeDataContext = createContext<OfficeData | null>(null);

export function useOfficeData(): OfficeData {
  const data = useContext(OfficeDataContext);
  if (!data) throw new Error('office data is not loaded');
  return data;
}

/** This device's row (office, codes, counters); undefined while loading. */
export function useDevice() {
  return useLiveQuery(() => db.device.get('this'), []);
}

/** The office's offset from UTC for showing times; Kazakhstan's (UTC+5) until the device row has loaded. */
export function useOffset(): number {
  return useDevice()?.office.offsetMinutes ?? 300;
}

export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return (i18n.language as Language) ?? 'kk';
}

/** The paper language nearest the screen's: papers and messages are Kazakh or Russian, so English reads Kazakh. */
export function usePaperLanguage(): PaperLanguage {
  return useLanguage() === 'ru' ? 'ru' : 'kk';
}

/** Runs a command as the signed-in person; a refusal becomes a message in their language. */
export function useCommand(service: Service | undefined) {
  const { t } = useTranslation();
  const language = useLanguage();
  const data = useOfficeData();
  const actor = useUi((s) => s.actor);
  // Kept as the refusal, so its message follows a change of language.
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(command: Command) {
    if (!actor) return null;
    setBusy(true);
    setRefusal(null);
    try {
      return await execute(db, data, actor, command);
    } catch (e) {
      setRefusal(e);
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { run, error: refusal ? errorMessage(t, refusal, service, language) : null, busy };
}

/** How many edits of a form "undo" can take back. */
const UNDO_STEPS = 50;

/**
 * A form's values with undo: typing on in one field is one step, moving to another field starts
 * the next, so "undo" takes back a field's edit, not a letter (the browser's Ctrl+Z does that).
 */
export function useUndoable<T extends Record<string, unknown>>(initial: () => T) {
  const [state, setState] = useState(() => ({ value: initial(), past: [] as T[], lastKeys: '' }));
  const set = useCallback((next: T) => {
    setState((s) => {
      const keys = Object.keys({ ...s.value, ...next })
        .filter((k) => next[k] !== s.value[k])
        .join(' ');
      return { value: next, past: keys === s.lastKeys ? s.past : [...s.past, s.value].slice(-UNDO_STEPS), lastKeys: keys };
    });
  }, []);
  const undo = useCallback(() => setState((s) => (s.past.length ? { value: s.past.at(-1)!, past: s.past.slice(0, -1), lastKeys: '' } : s)), []);
  return { value: state.value, set, undo, canUndo: state.past.length > 0 };
}
