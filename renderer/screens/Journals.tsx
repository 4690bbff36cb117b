import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { courierActPapers, journalPapers, localDateOf } from '../../shared';
import { useOffset } from '../app/hooks';
import { usePaperContext } from '../app/papers';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { handedOverOn, journalCases } from '../store/queries';
import { PrintPanel } from './Print';
import { PeriodFields } from './parts';
import { DateField } from './DateField';

/** The clerk's registers: the incoming and outgoing journals for a period, and the courier's handover act for a day. */
export function Journals() {
  const { t } = useTranslation();
  const offset = useOffset();
  const ctx = usePaperContext();
  const clerk = useUi((s) => s.actor)!;
  const today = localDateOf(new Date().toISOString(), offset);
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [day, setDay] = useState(today);
  // Each answer names the period it is for: until the new period's answer comes, the old one is not printed under the new dates.
  const journals = useLiveQuery(
    async () => ({ period: `${from}/${to}`, incoming: await journalCases(db, 'incoming', from, to, offset), outgoing: await journalCases(db, 'outgoing', from, to, offset) }),
    [from, to, offset],
  );
  const handedOver = useLiveQuery(async () => ({ day, cases: await handedOverOn(db, day) }), [day]);
  if (!ctx) return <p>{t('app.loading')}</p>;
  const period = journals?.period === `${from}/${to}` ? journals : null;
  const byCourier = handedOver?.day === day ? handedOver.cases.filter((c) => c.handover?.recipient.kind === 'courier') : null;
  const couriers = [...new Set(byCourier?.map((c) => c.handover!.recipient.name))];
  return (
    <section>
      <h1>{t('journals.title')}</h1>
      <PeriodFields id="journal" from={from} to={to} onFrom={setFrom} onTo={setTo} />
      {period ? (
        <>
          <PrintPanel title={t('journals.incoming')} fileName={`journal-incoming-${from}-${to}`} papers={(langs) => journalPapers('incoming', period.incoming, from, to, ctx, langs)} />
          <PrintPanel title={t('journals.outgoing')} fileName={`journal-outgoing-${from}-${to}`} papers={(langs) => journalPapers('outgoing', period.outgoing, from, to, ctx, langs)} />
        </>
      ) : (
        <p>{t('app.loading')}</p>
      )}
      <h2>{t('journals.courierAct')}</h2>
      <div className="grid">
        <div className="field">
          <label htmlFor="courier-day">{t('journals.day')}</label>
          <DateField id="courier-day" value={day} onChange={setDay} />
        </div>
      </div>
      {!byCourier && <p>{t('app.loading')}</p>}
      {byCourier?.length === 0 && <p className="hint">{t('journals.noCourier')}</p>}
      {byCourier && couriers.map((courier) => (
        <PrintPanel
          key={courier}
          title={t('journals.actFor', { courier, count: byCourier.filter((c) => c.handover!.recipient.name === courier).length })}
          fileName={`courier-act-${day}`}
          papers={(langs) => courierActPapers(byCourier.filter((c) => c.handover!.recipient.name === courier), courier, clerk.name, day, ctx, langs)}
        />
      ))}
    </section>
  );
}
