/**
 * `kense demo`: a training office with its own keys, one case of every service and every S2
 * result through the whole flow, a refusal after its notice and hearing, and two packages
 * returned to the centre. It writes every paper
 * Kense prints, the trust file a verifier needs, and the event log. Offices use it to train
 * and to preview their printing templates.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  step,
  type Command,
  canonicalJson,
  courierActPapers,
  ecdsaSigner,
  encodeHlc,
  generateSigningKey,
  journalPapers,
  localDateOf,
  receiptPapers,
  applicationPapers,
  caseApplication,
  registrationNumber,
  portalNoticePapers,
  resultPapers,
  refusalNoticePapers,
  hearingProtocolPapers,
  returnLetterPapers,
  resultPayload,
  sealText,
  signRegistry,
  signResult,
  validUntilOf,
  type Actor,
  type CaseEvent,
  type CaseState,
  type KeyRecord,
  type OfficeIdentity,
  type PaperContext,
  type PaperLanguage,
  type Registry,
  type Role,
  type Service,
  type TrustFile,
  type WorkingCalendar,
} from '../shared';
import { renderPapers } from '../shared/paper/layout';
import { SAMPLES, VARIANT_SAMPLES, type Sample } from '../shared/samples';
import { OFFSET_MINUTES, paperFonts } from './resources';

const OFFICE: OfficeIdentity = {
  id: 'demo-pavlodar-education',
  code: 'DEMO',
  names: { kk: 'Павлодар қаласының білім беру бөлімі (Kense оқу деректері)', ru: 'Отдел образования города Павлодара (учебные данные Kense)' },
};

const STAFF: Record<'clerk' | 'head' | 'deputy' | 'specialist' | 'admin' | 'operator', Actor> = {
  clerk: { userId: 'demo-clerk', role: 'clerk', name: 'Әйгерім Сәрсенова' },
  head: { userId: 'demo-head', role: 'head', name: 'Нұрлан Қасымов' },
  deputy: { userId: 'demo-deputy', role: 'head', name: 'Дәурен Ғабитов' },
  specialist: { userId: 'demo-specialist', role: 'specialist', name: 'Гүлнар Өмірбекова' },
  admin: { userId: 'demo-admin', role: 'admin', name: 'Бауыржан Төлеуов' },
  operator: { userId: 'demo-operator', role: 'operator', name: 'Асқар Нұрғалиев' },
};

type Key = Awaited<ReturnType<typeof generateSigningKey>>;

function keyRecord(key: Key, holder: Actor, from: Date): KeyRecord {
  const to = new Date(from);
  to.setUTCFullYear(to.getUTCFullYear() + 3);
  return {
    keyId: key.keyId,
    algorithm: 'ES256',
    publicKey: key.publicKey,
    holder: { userId: holder.userId, name: holder.name, position: { kk: 'Басшы', ru: 'Руководитель' } },
    validFrom: from.toISOString(),
    validTo: to.toISOString(),
    revokedAt: null,
    revocationReason: '',
  };
}

/** One device of the training office: decides commands, chains the events, folds the cases. */
class DemoDevice {
  readonly events: CaseEvent[] = [];
  readonly cases = new Map<string, CaseState>();
  private wall: number;
  private regSeq = 0;

  constructor(
    private readonly catalog: ReadonlyMap<string, Service>,
    private readonly calendar: WorkingCalendar,
    private readonly signingKeys: KeyRecord[],
    start: Date,
  ) {
    this.wall = start.getTime();
  }

  /** The clock moves a minute per command: the office's day in order. */
  now() {
    return new Date(this.wall).toISOString();
  }

  run(actor: Actor, command: { type: string; caseId: string } & Record<string, unknown>): CaseState {
    const now = this.now();
    const year = Number(localDateOf(now, OFFSET_MINUTES).slice(0, 4));
    const staff = Object.values(STAFF).map((a) => ({ id: a.userId, name: a.name, roles: [a.role] as Role[], active: true }));
    const head = { officeId: OFFICE.id, deviceId: 'demo-device', lastSeq: this.events.length, lastHash: this.events.at(-1)?.hash ?? null };
    const ctx = {
      actor,
      now,
      catalog: this.catalog,
      calendar: this.calendar,
      offsetMinutes: OFFSET_MINUTES,
      staff,
      regNumber: registrationNumber(OFFICE.code, year, 'D1', this.regSeq + 1),
      signingKeys: this.signingKeys,
    };
    const { event, state } = step(head, this.cases.get(command.caseId), command as Command, ctx, encodeHlc({ wall: this.wall, counter: 0, deviceId: 'demo-device' }), `demo-event-${this.events.length + 1}`);
    if (event.type === 'case.registered' || event.type === 'case.submitted') this.regSeq++;
    this.events.push(event);
    this.cases.set(command.caseId, state);
    this.wall += 60_000;
    return state;
  }

  async sign(head: Actor, key: Key, caseId: string): Promise<CaseState> {
    const state = this.cases.get(caseId)!;
    const service = this.catalog.get(state.serviceId)!;
    const issued = this.now();
    const validUntil = validUntilOf(state, service, issued, { offsetMinutes: OFFSET_MINUTES });
    const signed = await signResult(ecdsaSigner(key.privateKey, key.keyId), resultPayload(state, service, `${state.regNumber}-R`, issued, validUntil));
    return this.run(head, { type: 'sign', caseId, seal: sealText(signed) });
  }
}

export interface DemoOutput {
  files: string[];
  trust: TrustFile;
}

/** Runs the training office and writes its papers, trust file and event log into `dir`. */
export async function runDemo(dir: string, catalog: ReadonlyMap<string, Service>, calendar: WorkingCalendar, now = new Date()): Promise<DemoOutput> {
  const admin = await generateSigningKey();
  const head = await generateSigningKey();
  const deputy = await generateSigningKey();
  // The office opens at 09:00 today (office time), the keys registered an hour before.
  const start = new Date(Date.parse(`${localDateOf(now.toISOString(), OFFSET_MINUTES)}T09:00:00Z`) - OFFSET_MINUTES * 60_000);
  const keys = [keyRecord(head, STAFF.head, new Date(start.getTime() - 3_600_000)), keyRecord(deputy, STAFF.deputy, new Date(start.getTime() - 3_600_000))];
  const device = new DemoDevice(catalog, calendar, keys, start);

  const samples: { serviceId: string; sample: Sample; caseId: string; channel?: string }[] = [
    ...Object.entries(SAMPLES).map(([serviceId, sample]) => ({ serviceId, sample, caseId: serviceId })),
    ...VARIANT_SAMPLES.map((v) => ({ ...v, caseId: `${v.serviceId}-${v.sample.variant}` })),
  ];
  const intake = (caseId: string, serviceId: string, sample: Sample, channel?: string) =>
    device.run(STAFF.clerk, {
      type: 'intake',
      caseId,
      serviceId,
      channel: channel ?? catalog.get(serviceId)!.channels[0],
      applicant: sample.applicant,
      application: sample.application,
      documentsReceived: sample.documents,
      consent: true,
    });
  const visa = (caseId: string) => device.run(STAFF.head, { type: 'visa', caseId, resolution: 'Қарап, заңға сәйкес шешім дайындалсын', specialistId: STAFF.specialist.userId });
  const allChecked = (serviceId: string) => Object.fromEntries(catalog.get(serviceId)!.documents.map((d) => [d.id, true]));

  // A portal application of each service with a portal notice: its notice is printed too.
  const portal = [...catalog.values()].filter((s) => s.results.some((r) => r.portalNotice) && SAMPLES[s.id]);
  samples.push(...portal.map((s) => ({ serviceId: s.id, sample: SAMPLES[s.id]!, caseId: `${s.id}-portal`, channel: 'portal' })));

  for (const { serviceId, sample, caseId, channel } of samples) {
    intake(caseId, serviceId, sample, channel);
    visa(caseId);
    device.run(STAFF.specialist, { type: 'review', caseId, documentChecks: allChecked(serviceId), draft: { outcome: 'result', variant: sample.variant, fields: sample.draft } });
    await device.sign(STAFF.head, head, caseId);
  }

  // A refusal after the applicant was told and heard (APC art. 73).
  const s1 = SAMPLES['guardianship-certificate']!;
  const refusal = 'guardianship-certificate-refusal';
  intake(refusal, 'guardianship-certificate', { ...s1, applicant: { ...s1.applicant, name: 'Бақыт Серікұлы', iin: '791028302728' }, application: { ...s1.application, relationship: { kk: 'ағасы', ru: 'дядей' } } });
  visa(refusal);
  const today = localDateOf(device.now(), OFFSET_MINUTES);
  const grounds = ['unreliableData'];
  const reasons = 'Әкімнің шешімі туралы мәліметтер тіркелімдегі деректермен сәйкес келмейді: № 1234/5 шешім басқа адамға қатысты.';
  device.run(STAFF.specialist, { type: 'noticeRefusal', caseId: refusal, grounds, reasons, hearingOn: today });
  device.run(STAFF.specialist, { type: 'recordHearing', caseId: refusal, heardOn: today, attended: true, statement: 'Шешімнің көшірмесін кейін әкелемін.' });
  device.run(STAFF.specialist, { type: 'review', caseId: refusal, documentChecks: allChecked('guardianship-certificate'), draft: { outcome: 'refusal', grounds, reasons } });
  await device.sign(STAFF.deputy, deputy, refusal);

  // A defective package from the service centre goes back with written reasons: one the clerk registered from the centre's paper,
  const s3 = SAMPLES['minors-property-certificate']!;
  intake('returned-to-centre', 'minors-property-certificate', s3, 'service-centre');
  device.run(STAFF.head, { type: 'returnToCentre', caseId: 'returned-to-centre', reasons: 'Банктің хаты қоса берілмеген; ата-аналардың қолы жоқ.' });
  // and one the centre sent in Kense, returned at intake without being registered: it stays out of the incoming journal.
  device.run(STAFF.operator, {
    type: 'submit',
    caseId: 'package-returned',
    serviceId: 'minors-property-certificate',
    channel: 'service-centre',
    applicant: { ...s3.applicant, name: 'Гүлмира Ахметова', iin: '871008401427' },
    application: s3.application,
    documentsReceived: s3.documents,
    consent: true,
    registerChecks: { individuals: 'pending' },
    place: 'Павлодар қаласындағы № 1 халыққа қызмет көрсету орталығы',
    scans: [],
  });
  device.run(STAFF.clerk, { type: 'returnToCentre', caseId: 'package-returned', reasons: 'Жылжымайтын мүлікке құқық белгілейтін құжаттың көшірмесі оқылмайды; әкесінің жеке куәлігінің көшірмесі қоса берілмеген.' });

  // The clerk hands over: most results to the applicant, the portal and centre ones to the courier.
  const courier = 'Ерлан Мұқанов';
  const signed = [...device.cases.values()].filter((c) => c.stage === 'handover');
  const byCourier = signed.filter((c) => c.channel === 'service-centre');
  for (const c of signed) {
    const recipient = byCourier.includes(c) ? { kind: 'courier', name: courier } : { kind: 'applicant', name: c.applicant.name };
    device.run(STAFF.clerk, { type: 'handover', caseId: c.id, recipient, handedOverOn: localDateOf(device.now(), OFFSET_MINUTES) });
  }

  const registry: Registry = { format: 'kense-registry/1', office: OFFICE, version: 1, issuedAt: keys[0]!.validFrom, keys };
  const trust: TrustFile = { format: 'kense-trust/1', offices: [{ adminKey: admin.publicKey, registry: await signRegistry(ecdsaSigner(admin.privateKey, admin.keyId), registry) }] };

  const ctx: PaperContext = { office: OFFICE, offsetMinutes: OFFSET_MINUTES, catalog };
  const fonts = paperFonts();
  const both: PaperLanguage[] = ['kk', 'ru'];
  const files: string[] = [];
  const write = async (name: string, papers: Parameters<typeof renderPapers>[0]) => {
    writeFileSync(join(dir, name), await renderPapers(papers, fonts));
    files.push(name);
  };
  mkdirSync(dir, { recursive: true });
  const cases = [...device.cases.values()];
  for (const c of cases) {
    await write(`receipt-${c.id}.pdf`, receiptPapers(c, ctx, both));
    const application = applicationPapers(caseApplication(c, OFFSET_MINUTES), ctx, both);
    if (application.length) await write(`application-${c.id}.pdf`, application);
    if (c.seal) await write(`${c.draft?.outcome === 'refusal' ? 'refusal' : 'result'}-${c.id}.pdf`, resultPapers(c, ctx, both));
    const notice = portalNoticePapers(c, ctx, both);
    if (notice.length) await write(`notice-${c.id}.pdf`, notice);
    // The refusal's procedure (APC art. 73) and a package's return to its centre have papers of their own.
    if (c.refusalNotice) await write(`hearing-notice-${c.id}.pdf`, refusalNoticePapers(c, ctx));
    if (c.hearing) await write(`hearing-protocol-${c.id}.pdf`, hearingProtocolPapers(c, ctx, both));
    if (c.returnedToCentre) await write(`return-letter-${c.id}.pdf`, returnLetterPapers(c, ctx));
  }
  const day = localDateOf(device.now(), OFFSET_MINUTES);
  await write('courier-act.pdf', courierActPapers(byCourier.map((c) => device.cases.get(c.id)!), courier, STAFF.clerk.name, day, ctx, both));
  await write('journal-incoming.pdf', journalPapers('incoming', cases, day, day, ctx, ['kk']));
  await write('journal-outgoing.pdf', journalPapers('outgoing', cases, day, day, ctx, ['ru']));
  writeFileSync(join(dir, 'trust.json'), `${JSON.stringify(trust, null, 2)}\n`);
  writeFileSync(join(dir, 'events.jsonl'), device.events.map((e) => canonicalJson(e)).join('\n') + '\n');
  files.push('trust.json', 'events.jsonl');
  return { files, trust };
}
