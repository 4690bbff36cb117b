import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogError, DomainError, foldOffice, officeVerdict, type Actor, type ChainEvent, type Command } from '../../shared';
import { importService, officeData, previewService, withdrawService } from '../../renderer/store/catalog';
import { deviceFold, execute } from '../../renderer/store/commands';
import { KenseDb } from '../../renderer/store/db';
import { newServiceFile, NEW_SERVICE_ID } from '../newService';
import { OFFICE_STAFF, peopleOf, staffedOffice } from '../syncOffice';
import { calendar, calendarData, catalog, device, intakeCommand, loadCatalogFiles, refused } from './fixtures';

/** What a problem of a file says, as the screens read it: where, which rule, what it names. */
function problemsOf(text: string): { path: string; code: string; params: Record<string, unknown> }[] {
  try {
    previewService(catalog, 'new.json', text);
  } catch (error) {
    if (error instanceof CatalogError) return error.problems.map(({ path, code, params }) => ({ path, code, params }));
    throw error;
  }
  return [];
}

const file = newServiceFile();

describe('the preview of a service file', () => {
  it('reads the service it would add, in every language, and writes nothing', () => {
    const service = previewService(catalog, 'camp.json', JSON.stringify(file));
    expect(service.names.kk).toBe('Балаларды жазғы сауықтыру лагеріне жолдама беру');
    expect(service.steps.map((s) => [s.names.ru, s.duration])).toEqual([
      ['Приём', { amount: 10, unit: 'minutes' }],
      ['Виза', { amount: 1, unit: 'workingDays' }],
      ['Рассмотрение и подписание', { amount: 2, unit: 'workingDays' }],
      ['Выдача', { amount: 1, unit: 'workingDays' }],
    ]);
    expect(service.form.map((f) => f.label.en)).toEqual(['Child', 'Shift']);
    expect(service.documents.map((d) => d.names.kk)).toEqual(['Өтініш']);
  });

  it.each([
    ['a text that is not JSON', '{', [{ path: '', code: 'notJson', params: {} }]],
    ['a channel no office has', JSON.stringify({ ...file, channels: ['fax'] }), [{ path: 'channels.0', code: 'notAllowed', params: { allowed: 'office, service-centre, portal, mobile-centre' } }]],
    ['no name', JSON.stringify({ ...file, names: undefined }), [{ path: 'names', code: 'missing', params: {} }]],
    ['a version as text', JSON.stringify({ ...file, version: 'two' }), [{ path: 'version', code: 'wrongType', params: {} }]],
    ['a step of no time', JSON.stringify({ ...file, steps: file.steps.map((s, i) => (i === 1 ? { ...s, duration: { amount: 0, unit: 'workingDays' } } : s)) }), [{ path: 'steps.1.duration.amount', code: 'tooSmall', params: { minimum: 1 } }]],
    ['steps that leave out the visa', JSON.stringify({ ...file, steps: file.steps.filter((s) => s.id !== 'visa') }), [{ path: 'steps', code: 'stepsCoverage', params: {} }]],
    ['a document twice', JSON.stringify({ ...file, documents: [file.documents[0], file.documents[0]] }), [{ path: 'documents.1.id', code: 'duplicateId', params: { id: 'application' } }]],
    ['an id in Cyrillic', JSON.stringify({ ...file, id: 'лагерь' }), [{ path: 'id', code: 'badId', params: {} }]],
    ['no refusal grounds', JSON.stringify({ ...file, refusalGrounds: [] }), [{ path: 'refusalGrounds', code: 'tooFew', params: { minimum: 1 } }]],
  ])('names %s as a coded problem where it is', (_, text, problems) => {
    expect(problemsOf(text)).toEqual(problems);
  });

  it('gives a code to every rule of the schema’s own, never the English text alone', () => {
    const choice = { id: 'pick', type: 'choice', required: true, label: { kk: 'Таңдау', ru: 'Выбор', en: 'Pick' } };
    const text = JSON.stringify({ ...file, form: [...file.form, choice], results: [{ ...file.results[0], when: { field: 'shift', in: ['august'] } }] });
    expect(problemsOf(text)).toEqual([
      { path: 'form.2.options', code: 'choiceNeedsOptions', params: {} },
      { path: 'results.0.when', code: 'notChoiceField', params: { field: 'shift' } },
    ]);
  });

  it('refuses a file that would replace a service without a newer version', () => {
    const s1 = loadCatalogFiles()['guardianship-certificate.json'];
    expect(() => previewService(catalog, 's1.json', JSON.stringify(s1))).toThrow(expect.objectContaining({ code: 'catalog.versionNotNewer', params: { service: 'guardianship-certificate', version: catalog.get('guardianship-certificate')!.version } }));
  });
});

describe('withdrawing an added service from new intake', () => {
  let db: KenseDb;
  let people: Record<'clerk' | 'head' | 'admin', Actor>;
  const shipped = loadCatalogFiles();
  const officeCatalog = async () => officeData(shipped, calendarData, { services: await db.services.toArray(), terms: [], edits: [] }).catalog;
  const campIntake = (caseId: string) =>
    ({ ...intakeCommand, caseId, serviceId: NEW_SERVICE_ID, channel: 'office', application: { child: { name: 'Айару Серікова', birthDate: '2016-02-02' }, shift: 'july' }, documentsReceived: ['application'] }) as Command;
  const snapshot = async () => ({ events: await db.events.toArray(), cases: await db.cases.toArray(), services: await db.services.toArray() });

  beforeEach(async () => {
    db = new KenseDb(`test-${crypto.randomUUID()}`);
    await staffedOffice(db, { officeCode: 'pvl', deviceCode: 'k1' }, OFFICE_STAFF);
    const as = await peopleOf(db);
    people = { clerk: as('clerk'), head: as('head'), admin: as('admin') };
    await importService(db, catalog, 'camp.json', JSON.stringify(file), people.admin);
  });
  afterEach(() => db.delete());

  it.each([
    ['a service of the regulation', 'guardianship-certificate', 'Бұйрық № 12', 'admin', 'service.fromRegulation', { serviceId: 'guardianship-certificate' }],
    ['a withdrawal without its reason', NEW_SERVICE_ID, '  ', 'admin', 'field.required', { field: 'withdrawal.reason' }],
    ['a clerk’s', NEW_SERVICE_ID, 'Бұйрық № 12', 'clerk', 'role.forbidden', { role: 'clerk', action: 'withdrawService' }],
    ['a service not in the catalog', 'casino', 'Бұйрық № 12', 'admin', 'service.unknown', { serviceId: 'casino' }],
  ] as const)('refuses %s with its reason, and changes nothing', async (_, serviceId, reason, who, code, params) => {
    const before = await snapshot();
    await expect(withdrawService(db, await officeCatalog(), serviceId, reason, people[who])).rejects.toEqual(new DomainError(code, params));
    expect(await snapshot()).toEqual(before);
  });

  it('takes the service out of new intake; a case already open goes on to its end', async () => {
    const open = await execute(db, { catalog: await officeCatalog(), calendar }, people.clerk, campIntake('open'));
    await withdrawService(db, await officeCatalog(), NEW_SERVICE_ID, ' Бұйрық № 12, 2026-12-01 ', people.admin);
    const withdrawn = await officeCatalog();
    expect(withdrawn.get(NEW_SERVICE_ID)!.withdrawn).toMatchObject({ reason: 'Бұйрық № 12, 2026-12-01' });

    // New intake is refused, and nothing is written.
    const before = await snapshot();
    await expect(execute(db, { catalog: withdrawn, calendar }, people.clerk, campIntake('new'))).rejects.toEqual(new DomainError('service.withdrawn', { serviceId: NEW_SERVICE_ID }));
    expect(await snapshot()).toEqual(before);
    // The case already open goes on; the regulation's services take applications as before.
    const staff = await db.staff.toArray();
    const specialist = staff.find((s) => s.roles.includes('specialist'))!;
    expect((await execute(db, { catalog: withdrawn, calendar }, people.head, { type: 'visa', caseId: open.id, resolution: 'Орындалсын', specialistId: specialist.id })).stage).toBe('review');
    expect((await execute(db, { catalog: withdrawn, calendar }, people.clerk, { ...intakeCommand, caseId: 's1' } as Command)).serviceId).toBe('guardianship-certificate');
    // Twice is refused.
    await expect(withdrawService(db, withdrawn, NEW_SERVICE_ID, 'Тағы', people.admin)).rejects.toEqual(new DomainError('service.alreadyWithdrawn', { serviceId: NEW_SERVICE_ID }));
  });

  it('is the rulebook’s: the hub and the other devices refuse an intake of it made after the withdrawal, and a newer file takes it back', async () => {
    const office = await deviceFold(db);
    await execute(db, { catalog: await officeCatalog(), calendar }, people.clerk, campIntake('elsewhere'));
    await withdrawService(db, await officeCatalog(), NEW_SERVICE_ID, 'Бұйрық № 12', people.admin);
    const events: ChainEvent[] = await db.events.toArray();
    const intake = events.find((e) => e.caseId === 'elsewhere');
    const withdrawal = events.find((e) => e.type === 'office.serviceWithdrawn');
    // As the log stands before the withdrawal, the intake holds; after it, every reader refuses it.
    expect(officeVerdict(intake!, office, new Set())).toBeNull();
    const after = foldOffice(office, withdrawal!);
    expect(officeVerdict(intake!, after, new Set())?.reason).toEqual({ code: 'service.withdrawn', params: { serviceId: NEW_SERVICE_ID } });
    expect(officeVerdict({ ...withdrawal!, payload: { serviceId: 'foster-care-placement', reason: 'Бұйрық' } }, office, new Set())?.reason).toEqual({ code: 'service.fromRegulation', params: { serviceId: 'foster-care-placement' } });
    // The administrator adds a newer version of the file: the service takes applications again.
    await importService(db, await officeCatalog(), 'camp-2.json', JSON.stringify({ ...file, version: 2 }), people.admin);
    const reimport = (await db.events.toArray()).find((e) => e.type === 'office.serviceImported' && e.payload.file === 'camp-2.json')!;
    expect(officeVerdict(intake!, foldOffice(after, reimport), new Set())).toBeNull();
    expect((await officeCatalog()).get(NEW_SERVICE_ID)!.withdrawn).toBeUndefined();
  });
});

describe('scans at the window', () => {
  const scan = { documentId: 'identity', type: 'image/jpeg', width: 10, height: 14, data: 'AAAA' } as const;

  it('keeps the clerk’s scans with the registration, as a package keeps its own', () => {
    const d = device();
    const event = d.run({ ...intakeCommand, scans: [scan] }, 'u-clerk');
    expect(event.type === 'case.registered' && event.payload.scans).toEqual([scan]);
    expect(d.state!.scans).toEqual([{ documentId: 'identity', type: 'image/jpeg', width: 10, height: 14, bytes: 3 }]);
    expect(d.state!.package).toBeUndefined();
  });

  it('registers without scans as before: the event has none', () => {
    const d = device();
    const event = d.run(intakeCommand, 'u-clerk');
    expect(event.type === 'case.registered' && 'scans' in event.payload).toBe(false);
    expect(d.state!.scans).toBeUndefined();
  });

  it('refuses a scan of a document not received, and registers nothing', () => {
    const d = device();
    refused(d, { ...intakeCommand, scans: [{ ...scan, documentId: 'guardianshipDecision' }] }, 'u-clerk', 'scan.notReceived', { document: 'guardianshipDecision' });
    expect(d.states.size).toBe(0);
  });
});
