import { Suspense, useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { OfficeDataContext } from './app/hooks';
import { db, type ShippedData } from './app/runtime';
import { officeData } from './store/catalog';
import { useUi } from './app/session';
import { useTraining } from './app/training';
import { Layout, navFor } from './screens/Layout';
import { later, Loading } from './screens/later';
import { SignIn } from './screens/SignIn';
import { Dashboard } from './screens/Dashboard';
import { OwnCases, SearchResults, Worklist } from './screens/Worklist';

const Audit = later('Audit');
const CalendarYear = later('CalendarYear');
const CasePage = later('CasePage');
const Intake = later('Intake');
const Journals = later('Journals');
const Keys = later('Keys');
const Reports = later('Reports');
const Services = later('Services');
const Settings = later('Settings');
const Setup = later('Setup');
const Staff = later('Staff');
const Sync = later('Sync');
const TrainingLoad = later('TrainingLoad');
const Trips = later('Trips');
const Verify = later('Verify');

/** The office's catalog and calendar: the shipped data with the administrator's records, live. */
export function App({ shipped }: { shipped: ShippedData }) {
  const { t } = useTranslation();
  const services = useLiveQuery(() => db.services.toArray(), []);
  const terms = useLiveQuery(() => db.officeTerms.toArray(), []);
  const edits = useLiveQuery(() => db.calendarEdits.toArray(), []);
  // null until read, then the row or undefined (the default hours).
  const hours = useLiveQuery(async () => ({ row: await db.officeHours.get('this') }), []);
  const data = useMemo(
    () => (services && terms && edits && hours ? officeData(shipped.services, shipped.calendar, { services, terms, edits, hours: hours.row }) : null),
    [shipped, services, terms, edits, hours],
  );
  if (!data) return <p>{t('app.loading')}</p>;
  // The store's rows name a case's children from its form (caseRow), whichever screen writes them.
  db.catalog = data.catalog;
  return (
    <OfficeDataContext.Provider value={data}>
      <Suspense fallback={<Loading />}>
        <Screens />
      </Suspense>
    </OfficeDataContext.Provider>
  );
}

/** First run → set-up; then who is working, signed in and unlocked; then the screen the address names. */
function Screens() {
  const { t } = useTranslation();
  const { actor, route, locked } = useUi();
  const device = useLiveQuery(async () => (await db.device.get('this')) ?? null, []);
  const staff = useLiveQuery(() => db.staff.toArray(), []);
  const training = useTraining((s) => s.progress);
  if (training) return <TrainingLoad />;
  if (device === undefined || staff === undefined) return <p>{t('app.loading')}</p>;
  if (device === null) return <Setup />;
  // A session for a person no longer on the staff, or in a role they no longer hold, is over.
  const member = actor && staff.find((s) => s.id === actor.userId && s.active && s.roles.includes(actor.role));
  if (!actor || !member) return <SignIn />;
  if (locked || !db.officeKey) return <SignIn locked={actor} />;

  const nav = navFor(actor.role);
  const current = route || nav[0]!.route;
  const item = nav.find((n) => n.route === current);
  // A role's own screens open only from its menu: the address alone does not open another role's.
  const mine = (screen: string) => nav.some((n) => n.route === screen) && (current === screen || current.startsWith(`${screen}/`));
  // Each address is its own screen (key): a live query shows the last address's answer until the new one comes, never under the new heading.
  let screen;
  if (current === 'home') screen = <Dashboard />;
  else if (current.startsWith('case/')) screen = <CasePage key={current} caseId={current.slice(5)} />;
  else if (current.startsWith('search/')) screen = <SearchResults key={current} text={decodeURIComponent(current.slice(7))} />;
  else if (current === 'settings') screen = <Settings />;
  else if (current === 'verify') screen = <Verify />;
  else if (current === 'sync') screen = <Sync />;
  else if (mine('intake')) screen = <Intake />;
  else if (mine('own/handover') || mine('own/returned')) screen = <OwnCases key={current} kind={current === 'own/handover' ? 'handover' : 'returned'} title={t(item!.label)} />;
  else if (mine('trips')) screen = <Trips tripId={current.split('/')[1]} />;
  else if (mine('journals')) screen = <Journals />;
  else if (mine('keys')) screen = <Keys />;
  else if (mine('services')) screen = <Services />;
  else if (mine('staff')) screen = <Staff />;
  else if (mine('audit')) screen = <Audit />;
  else if (mine('reports')) screen = <Reports />;
  else if (mine('calendar')) screen = <CalendarYear year={Number(current.split('/')[1]) || new Date().getFullYear()} />;
  else if (item?.stage) screen = <Worklist key={item.stage} stage={item.stage} title={t(item.label)} />;
  else screen = <Worklist title={t(actor.role === 'operator' ? 'nav.myApplications' : 'nav.allCases')} />;
  return (
    <Layout>
      {/* A boundary of its own for each screen: the last screen goes while the next loads, never kept hidden with its heading. */}
      <Suspense key={current.split('/')[0]} fallback={<Loading />}>
        {screen}
      </Suspense>
    </Layout>
  );
}
