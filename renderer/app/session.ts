import { create } from 'zustand';
import type { Actor } from '../../shared';
import { lock } from '../store/accounts';
import { db } from './runtime';
import { syncAfterSignIn } from './hub';
import { preferencesOnSignIn } from './preferences';

/**
 * UI state only: who is working in which role, whether the session is locked, and which screen
 * is open. Data lives in Dexie; the office key lives on `db` while the session is open.
 */
interface UiState {
  actor: Actor | null;
  /** Locked after idling or a reload: the key is gone and the person gives their password again. */
  locked: boolean;
  route: string;
  /** After `signIn` in the store has opened the office key. */
  signIn(actor: Actor): void;
  signOut(): void;
  lock(): void;
  go(route: string): void;
}

// Who was working survives a reload of the window, never the key: the session comes back locked.
const SESSION_KEY = 'kense.session';

function storedActor(): Actor | null {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Actor | null;
  } catch {
    return null;
  }
}

const routeOf = () => decodeURIComponent(location.hash.replace(/^#\/?/, ''));

export const useUi = create<UiState>((set, get) => ({
  actor: storedActor(),
  locked: true,
  route: routeOf(),
  signIn(actor) {
    const resumed = get().actor?.userId === actor.userId && get().actor?.role === actor.role;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(actor));
    set({ actor, locked: false });
    void preferencesOnSignIn(actor.userId);
    // Unlocking goes back to the screen that was open; a new session starts at its first.
    if (!resumed) location.hash = '/';
    syncAfterSignIn();
  },
  signOut() {
    lock(db);
    sessionStorage.removeItem(SESSION_KEY);
    set({ actor: null, locked: true });
    location.hash = '/';
  },
  lock() {
    lock(db);
    set({ locked: true });
  },
  go(route) {
    location.hash = `/${route}`;
  },
}));

window.addEventListener('hashchange', () => useUi.setState({ route: routeOf() }));
