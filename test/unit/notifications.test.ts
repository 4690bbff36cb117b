import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent, notificationOf, type ApplicantNotification, type CaseEvent, type CaseState, type Command, type HubTransport, type TrustFile } from '../../shared';
import { execute } from '../../renderer/store/commands';
import { caseNotifications } from '../../renderer/store/queries';
import { notificationQueue, syncNow } from '../../renderer/store/sync';
import { Hub } from '../../server/hub';
import { NOTIFY_ATTEMPTS, type NotificationSink } from '../../server/hubNotifications';
import { pgliteSql } from '../../server/hubDb';
import { handle } from '../../server/hubHttp';
import { fileSink } from '../../server/notifySink';
import { foundOffice, newDb, peopleOf } from '../syncOffice';
import { allChecked, calendar, catalog, device, intakeCommand, resultDraft, sealFor } from './fixtures';

/** Each event's message, folding the device's events in order. */
function messages(events: readonly CaseEvent[]): (ApplicantNotification | null)[] {
  let state: CaseState | undefined;
  return events.map((event) => {
    const next = applyEvent(state, event);
    const message = notificationOf(state, next, event, 300);
    state = next;
    return message;
  });
}

describe('what the applicant is told', () => {
  it('at each change of status and each later term, in Kazakh and Russian, with the number and the dates, never the name', async () => {
    const d = device();
    d.run(intakeCommand, 'u-clerk');
    d.run({ type: 'extend', caseId: 'case-1', reason: 'Басшы іссапарда', stepDueOn: '2026-11-25', termDueOn: '2026-11-27' }, 'u-head');
    d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
    d.run({ type: 'extend', caseId: 'case-1', reason: 'Сұрау салынды', stepDueOn: '2026-12-04', termDueOn: '2026-12-04' }, 'u-head');
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!, '2026-11-24T05:05:00.000Z') }, 'u-head', '2026-11-24T05:05:00.000Z');
    d.run({ type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: d.state!.applicant.name }, handedOverOn: '2026-11-24' }, 'u-clerk', '2026-11-24T06:00:00.000Z');
    const found = messages(d.events);
    // The draft and the step's own extension change nothing the applicant was promised.
    expect(found.map((m) => m?.kind ?? null)).toEqual(['accepted', null, 'inReview', 'extended', null, 'ready', 'handedOver']);
    const reg = d.state!.regNumber;
    expect(found[0]).toMatchObject({ eventId: 'ev-1', caseId: 'case-1', regNumber: reg, phone: intakeCommand.applicant.phone });
    expect(found[0]!.text.kk).toBe(`Өтінішіңіз қабылданды, № ${reg}. Нәтиже 2026 ж. 27 қараша дайын болады.`);
    expect(found[0]!.text.ru).toBe(`Ваше заявление принято, № ${reg}. Результат будет готов 27 ноября 2026 г.`);
    expect(found[3]!.text.ru).toBe(`Срок по заявлению № ${reg} продлён. Результат будет готов 4 декабря 2026 г.`);
    expect(found[5]!.text.kk).toContain('нәтиже дайын');
    for (const m of found.filter(Boolean)) expect(JSON.stringify(m!.text)).not.toContain(intakeCommand.applicant.name.split(' ')[0]!);
  });

  it('of an intended refusal with its hearing day, and of a package returned to the centre', () => {
    const d = device();
    d.run({ ...intakeCommand, channel: 'service-centre' }, 'u-clerk');
    d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
    const service = catalog.get(intakeCommand.serviceId)!;
    d.run({ type: 'noticeRefusal', caseId: 'case-1', grounds: [service.refusalGrounds[0]!.id], reasons: 'Құжат жарамсыз', hearingOn: '2026-11-26' }, 'u-spec');
    expect(messages(d.events).at(-1)).toMatchObject({ kind: 'hearing', text: { ru: expect.stringContaining('Дата заслушивания: 26 ноября 2026 г.') } });
    d.run({ type: 'returnToCentre', caseId: 'case-1', reasons: 'Анықтаманың көшірмесі оқылмайды' }, 'u-spec');
    const returned = messages(d.events).at(-1)!;
    expect(returned.kind).toBe('returned');
    // The reasons go to the centre, which tells the applicant; the message only says where to turn.
    expect(returned.text.kk).not.toContain('оқылмайды');
  });
});

describe('the hub’s queue of messages', () => {
  const NOW = new Date('2026-11-24T05:00:00.000Z');
  let pglite: PGlite;
  const anchors: TrustFile['offices'] = [];
  const trust = async (): Promise<TrustFile> => ({ format: 'kense-trust/1', offices: anchors });
  let clock = NOW.getTime();
  const sent: ApplicantNotification[] = [];
  let refuse = false;
  const sink: NotificationSink = {
    kind: 'webhook',
    send: async (n) => {
      if (refuse) throw new Error('the gateway answered 503');
      sent.push(n);
    },
  };
  let withSink: Hub;
  let withoutSink: Hub;

  beforeAll(async () => {
    pglite = await PGlite.create('memory://');
    withSink = await Hub.open(pgliteSql(pglite), trust, { clock: () => clock, sink });
    withoutSink = await Hub.open(pgliteSql(await PGlite.create('memory://')), trust, { clock: () => clock });
  });
  afterAll(async () => {
    await withSink.close();
    await withoutSink.close();
  });

  async function office(hub: Hub, code: string) {
    const link: HubTransport = (call) => handle(hub, call);
    const db = newDb(code);
    await foundOffice(db, link, anchors, code, 'Павлодар', NOW);
    const as = await peopleOf(db);
    const intake = (caseId: string, at = NOW) => execute(db, { catalog, calendar }, as('clerk'), { ...intakeCommand, caseId } as Command, at);
    return { db, link, as, intake };
  }

  it('keeps each message queued and visible while no sink is configured; the case shows it waiting, then at the hub', async () => {
    const { db, link, intake } = await office(withoutSink, 'NQ1');
    await intake('q-1');
    const offset = (await db.device.get('this'))!.office.offsetMinutes;
    expect((await caseNotifications(db, 'q-1', offset)).map((n) => [n.kind, n.atHub])).toEqual([['accepted', false]]);
    await syncNow(db, link);
    expect((await caseNotifications(db, 'q-1', offset)).map((n) => [n.kind, n.atHub])).toEqual([['accepted', true]]);
    expect(await withoutSink.deliverNotifications()).toBe(0);
    const queue = await notificationQueue(db, link);
    expect(queue.sink).toBeNull();
    expect(queue.counts).toEqual({ queued: 1, sent: 0, failed: 0, stale: 0 });
    expect(queue.unsent[0]).toMatchObject({ regNumber: 'NQ1-2026-K1-00001', phone: intakeCommand.applicant.phone, kind: 'accepted', status: 'queued', attempts: 0 });
  });

  it('hands each message to the sink once, tries a refused one again, gives up after the last attempt, and sends nothing too old', async () => {
    const { db, link, intake } = await office(withSink, 'NQ2');
    await intake('s-1');
    await syncNow(db, link);
    await withSink.deliverNotifications();
    await withSink.deliverNotifications();
    expect(sent.map((n) => n.caseId)).toEqual(['s-1']);

    refuse = true;
    await intake('s-2');
    await syncNow(db, link);
    for (let i = 1; i < NOTIFY_ATTEMPTS; i++) await withSink.deliverNotifications();
    let queue = await notificationQueue(db, link);
    expect(queue.unsent[0]).toMatchObject({ caseId: 's-2', status: 'queued', attempts: NOTIFY_ATTEMPTS - 1, lastError: 'the gateway answered 503' });
    await withSink.deliverNotifications();
    queue = await notificationQueue(db, link);
    expect(queue.unsent[0]).toMatchObject({ caseId: 's-2', status: 'failed', attempts: NOTIFY_ATTEMPTS });
    refuse = false;
    await withSink.deliverNotifications();
    expect(sent.map((n) => n.caseId)).toEqual(['s-1']);

    // A crew back after more than a week: what it took then is no news now.
    await intake('s-3', new Date(NOW.getTime() + 60_000));
    clock = NOW.getTime() + 8 * 24 * 3_600_000;
    await syncNow(db, link);
    await withSink.deliverNotifications();
    queue = await notificationQueue(db, link);
    expect(queue.counts).toEqual({ queued: 0, sent: 1, failed: 1, stale: 1 });
    expect(sent.map((n) => n.caseId)).toEqual(['s-1']);
  });

  it('writes to a file sink one JSON line per message', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kense-notify-')), 'sms.jsonl');
    const n = { eventId: 'e', caseId: 'c', regNumber: 'R', phone: '+7 701 000 00 00', kind: 'accepted', at: NOW.toISOString(), text: { kk: 'қабылданды', ru: 'принято' } } as const;
    const sink = fileSink(file);
    await sink.send(n);
    await sink.send({ ...n, eventId: 'f' });
    expect(readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line))).toEqual([n, { ...n, eventId: 'f' }]);
  });
});
