import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { IDLE_LOCK_MS, type Role, type Stage } from '../../shared';
import { useDevice, useLanguage } from '../app/hooks';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { waitingCount } from '../store/queries';
import { SafetyCopyCheck } from './SafetyCopy';
import { LanguageSelect } from './parts';
import { SyncIndicator } from './SyncIndicator';

export interface NavItem {
  route: string;
  label: string;
  /** The stage a worklist shows; none for other screens. */
  stage?: Exclude<Stage, 'closed'>;
}

/** Each role's screens: the start screen, then its worklists in the order of its day's work (SERVICES.md "The one flow"). */
export function navFor(role: Role): NavItem[] {
  return [{ route: 'home', label: 'nav.home' }, ...roleNav(role), { route: 'settings', label: 'nav.settings' }];
}

function roleNav(role: Role): NavItem[] {
  const all = { route: 'cases', label: 'nav.allCases' };
  // Anyone checks a printed result, and anyone sees how this device syncs.
  const verify = { route: 'verify', label: 'nav.verify' };
  const sync = { route: 'sync', label: 'nav.sync' };
  switch (role) {
    case 'clerk':
      return [
        { route: 'list/intake', label: 'nav.toRegister', stage: 'intake' },
        { route: 'list/handover', label: 'nav.toHandOver', stage: 'handover' },
        { route: 'intake', label: 'nav.newApplication' },
        all,
        { route: 'journals', label: 'nav.journals' },
        verify,
        sync,
      ];
    case 'head':
      return [
        { route: 'list/visa', label: 'nav.toVisa', stage: 'visa' },
        { route: 'list/signing', label: 'nav.toSign', stage: 'signing' },
        all,
        { route: 'keys', label: 'nav.myKey' },
        { route: 'reports', label: 'nav.reports' },
        { route: 'audit', label: 'nav.audit' },
        verify,
        sync,
      ];
    case 'specialist':
      return [{ route: 'list/review', label: 'nav.toReview', stage: 'review' }, all, verify, sync];
    case 'admin':
      return [
        { route: 'staff', label: 'nav.staff' },
        { route: 'services', label: 'nav.services' },
        { route: 'calendar', label: 'nav.calendar' },
        { route: 'keys', label: 'nav.keys' },
        { route: 'audit', label: 'nav.audit' },
        all,
        verify,
        sync,
      ];
    case 'operator':
      return [
        { route: 'intake', label: 'nav.newPackage' },
        { route: 'own/handover', label: 'nav.toHandOverField' },
        { route: 'own/returned', label: 'nav.returned' },
        { route: 'trips', label: 'nav.trips' },
        { route: 'cases', label: 'nav.myApplications' },
        verify,
        sync,
      ];
  }
}

/** The keys every screen answers, listed on the settings screen. */
export const SHORTCUTS = [
  { keys: 'Alt+1 … Alt+9', label: 'settings.keyNav' },
  { keys: '/', label: 'settings.keySearch' },
  { keys: 'Enter', label: 'settings.keySubmit' },
  { keys: 'Esc', label: 'settings.keyEscape' },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { actor, route, signOut, lock, go } = useUi();
  const device = useDevice();
  useIdleLock(lock);
  const role = actor?.role;
  const nav = useMemo(() => (role ? navFor(role) : []), [role]);
  useShortcuts(nav, go);
  const counts = useWaitingCounts(nav);
  const main = useRef<HTMLElement>(null);
  useHeadingFocus(main, route);
  if (!actor) return null;
  const current = route || nav[0]!.route;
  return (
    <div className="shell">
      {/* The first Tab stop: past the header and the menu, to the screen's heading. */}
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.querySelector<HTMLElement>('h1')?.focus())}>
        {t('app.skipToMain')}
      </a>
      <header>
        <span className="brand">{t('app.name')}</span>
        <span className="office">{device?.office.names[language === 'kk' ? 'kk' : 'ru']}</span>
        <SyncIndicator />
        <SearchBox />
        <span className="who">{t('app.actingAs', { name: actor.name, role: t(`roles.${actor.role}`) })}</span>
        <LanguageSelect />
        <button className="link" onClick={lock}>
          {t('app.lock')}
        </button>
        <button className="link" onClick={signOut}>
          {t('app.signOut')}
        </button>
      </header>
      <nav aria-label={t('nav.worklists')}>
        {nav.map((item, i) => (
          <a key={item.route} href={`#/${item.route}`} aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined} aria-current={current === item.route || current.startsWith(`${item.route}/`) ? 'page' : undefined}>
            {t(item.label)}
            {/* The space keeps the count a word of the link's name: «Тіркеуге 3». */}
            {counts?.get(item.route) ? <> <span className="count">{counts.get(item.route)}</span></> : null}
          </a>
        ))}
      </nav>
      <main ref={main}>
        {device?.office.training && <p className="training">{t('training.banner')}</p>}
        <SafetyCopyCheck />
        {children}
      </main>
    </div>
  );
}

/** How many cases wait on each of the menu's lists of work, by route: counts of their index ranges (waitingCount), kept live. */
function useWaitingCounts(nav: readonly NavItem[]): Map<string, number> | undefined {
  const actor = useUi((s) => s.actor);
  return useLiveQuery(async () => {
    if (!actor) return new Map<string, number>();
    const lists = nav.filter((item) => item.stage || item.route === 'own/handover');
    const counts = await Promise.all(lists.map((item) => waitingCount(db, actor, item.stage ?? 'own/handover')));
    return new Map(lists.map((item, i) => [item.route, counts[i]!]));
  }, [nav, actor?.userId]);
}

/**
 * On navigation focus goes to the new screen's heading, so a keyboard or screen-reader user
 * starts there, not at the top of the menu. A screen that loads draws its heading late, so it
 * waits for it; it never takes focus from a field someone has gone to meanwhile (the search box).
 */
function useHeadingFocus(main: RefObject<HTMLElement | null>, route: string) {
  useEffect(() => {
    const box = main.current;
    if (!box) return;
    const focus = () => {
      const heading = box.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      heading.tabIndex = -1;
      if (!document.activeElement?.matches('input, select, textarea')) heading.focus();
      return true;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => focus() && observer.disconnect());
    observer.observe(box, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [main, route]);
}

/** Finds a case by registration number, IIN or the start of a name, from any screen. */
function SearchBox() {
  const { t } = useTranslation();
  const go = useUi((s) => s.go);
  const [text, setText] = useState('');
  return (
    <form
      role="search"
      className="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) go(`search/${encodeURIComponent(text.trim())}`);
      }}
    >
      <input type="search" id="search" aria-label={t('search.label')} aria-keyshortcuts="/" placeholder={t('search.placeholder')} value={text} onChange={(e) => setText(e.target.value)} />
    </form>
  );
}

/** Locks the session after IDLE_LOCK_MS with no key, mouse or touch: a PC left on in an open office shows nothing. */
function useIdleLock(lock: () => void) {
  useEffect(() => {
    let last = Date.now();
    const seen = () => (last = Date.now());
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, seen, { passive: true });
    const timer = setInterval(() => Date.now() - last >= IDLE_LOCK_MS && lock(), 10_000);
    return () => {
      clearInterval(timer);
      for (const name of events) window.removeEventListener(name, seen);
    };
  }, [lock]);
}

/** Alt+digit opens the menu's screens in order; «/» goes to the search box from anywhere but a field being typed in. */
function useShortcuts(nav: readonly NavItem[], go: (route: string) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]');
      if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-9]$/.test(e.code)) {
        const item = nav[Number(e.code.slice(5)) - 1];
        if (!item) return;
        e.preventDefault();
        go(item.route);
      } else if (e.key === '/' && !typing && !e.altKey && !e.ctrlKey) {
        e.preventDefault();
        document.getElementById('search')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [nav, go]);
}
