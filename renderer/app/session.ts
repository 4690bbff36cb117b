import { create } from 'zustand';
import type { Actor } from '../../shared';

/** UI state only: who is working in which role, and which screen is open. Data lives in Dexie. */
interface UiState {
  actor: Actor | null;
  route: string;
  signIn(actor: Actor): void;
  signOut(): void;
  go(route: string): void;
}

const SESSION_KEY = 'kense.session';

function storedActor(): Actor | null {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Actor | null;
  } catch {
    return null;
  }
}

const routeOf = () => decodeURIComponent(location.hash.replace(/^#\/?/, ''));

export const useUi = create<UiState>((set) => ({
  actor: storedActor(),
  route: routeOf(),
  signIn(actor) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(actor));
    set({ actor });
    location.hash = '/';
  },
  signOut() {
    sessionStorage.removeItem(SESSION_KEY);
    set({ actor: null });
    location.hash = '/';
  },
  go(route) {
    location.hash = `/${route}`;
  },
}));

window.addEventListener('hashchange', () => useUi.setState({ route: routeOf() }));
