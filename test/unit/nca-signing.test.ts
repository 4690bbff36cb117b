import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyEvent, askNcaLayer, caseVerdict, foldEvents, genuineSignatures, localDateOf, officeVerdict, staffFold, withOfficeTerms, type Actor, type CaseEvent, type ChainEvent, type Command, type NcaSignRequest, type SocketLike } from '../../shared';
import { renderPapers } from '../../shared/paper/layout';
import { checkNcaSignature } from '../../shared/nca';
import { resultPapers } from '../../shared/paper/documents';
import { KenseDb } from '../../renderer/store/db';
import { deviceFold, execute } from '../../renderer/store/commands';
import { saveStaffMember } from '../../renderer/store/accounts';
import { createAdminKey, createSigningKey, ncaSignCase, registerKey, signCase } from '../../renderer/store/signing';
import { trustNcaRoots } from '../../renderer/store/ncaTrust';

import { paperFonts } from '../../server/resources';
import { verify } from '../../server/verify';
import { ADMIN_PIN, PIN, staffedOffice } from '../syncOffice';
import { HEAD, makeNcaPki, signCms, writeTemp, type NcaPki } from '../support/ncaPki';
import { startFakeNcaLayer, type FakeNcaLayer } from '../support/fakeNcaLayer';
import { allChecked, calendar, catalog, intakeCommand, resultDraft } from './fixtures';

/*
 * The head's NCA RK signature beside the Kense seal (issue 26): through a stand-in NCALayer that
 * speaks its protocol, checked by the real verifier with the test root as the only trust anchor.
 */

const data = { catalog, calendar };
const NOW = new Date();
let pki: NcaPki;
let ncaLayer: FakeNcaLayer;
let db: KenseDb;
let head: Actor;
let admin: Actor;

/** The desktop's bridge, as electron/main.ts makes it, pointed at the stand-in. */
const bridge = (url: string) => ({
  ncaSign: (request: NcaSignRequest) => askNcaLayer((u) => new WebSocket(u, { rejectUnauthorized: false }) as unknown as SocketLike, url, request),
});

beforeAll(async () => {
  pki = await makeNcaPki();
  ncaLayer = await startFakeNcaLayer(pki.head);
  trustNcaRoots([pki.root.der]);
}, 120_000);
afterAll(async () => {
  trustNcaRoots([]);
  await ncaLayer.close();
});

beforeEach(async () => {
  ncaLayer.answer = { sign: pki.head };
  db = new KenseDb(`test-${crypto.randomUUID()}`);
  await staffedOffice(db, { officeCode: 'pvl', deviceCode: 'k1' }, [
    { name: 'Бауыржан Төлеуов', roles: ['admin'] },
    { name: 'Әйгерім Сәрсенова', roles: ['clerk'] },
    { name: 'Айгүл Ахметова', roles: ['head'] },
    { name: 'Гүлнар Өмірбекова', roles: ['specialist'] },
  ]);
  const staff = await db.staff.toArray();
  const as = (role: Actor['role']): Actor => {
    const m = staff.find((s) => s.roles.includes(role))!;
    return { userId: m.id, role, name: m.name };
  };
  head = as('head');
  admin = as('admin');
  await saveStaffMember(db, admin, { id: head.userId, name: head.name, roles: ['head'], active: true, iin: HEAD.iin }, NOW);
  await execute(db, data, as('clerk'), { ...intakeCommand, caseId: 'case-1' } as Command, NOW);
  await execute(db, data, head, { type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: as('specialist').userId }, NOW);
  await execute(db, data, as('specialist'), { type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft } as Command, NOW);
  await createAdminKey(db, admin, ADMIN_PIN, ADMIN_PIN, NOW);
  await registerKey(db, admin, await createSigningKey(db, head, PIN, PIN, NOW), ADMIN_PIN, NOW);
  await signCase(db, data, head, 'case-1', PIN, NOW);
}, 120_000);

const snapshot = async () => ({ events: await db.events.count(), state: (await db.cases.get('case-1'))!.state });

describe('signing with the NCA RK key through NCALayer', () => {
  it('adds the signature beside the seal: the CMS over the seal’s payload, the signer as the certificate names them, for the head’s IIN', async () => {
    const state = await ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW);
    expect(state.stage).toBe('handover');
    expect(state.ncaSignature).toMatchObject({ signer: { name: HEAD.name, iin: HEAD.iin, serial: HEAD.serial }, by: { userId: head.userId } });
    const request = ncaLayer.requests.at(-1)!;
    expect(request).toMatchObject({ module: 'kz.gov.pki.knca.basics', method: 'sign', args: { format: 'cms', signingParams: { decode: true, encapsulate: false }, signerParams: { iin: HEAD.iin }, locale: 'kk' } });
    expect(Buffer.from(String(request.args.data), 'base64').toString('utf8')).toBe(state.seal!.text!.split('.').slice(3).join('.'));
    await expect(ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW)).rejects.toMatchObject({ code: 'nca.already' });
  });

  it.each([
    ['another root', 'stranger', 'nca.unknownRoot'],
    ['an expired certificate', 'expired', 'nca.notValidAtSigning'],
    ['an authentication key', 'authOnly', 'nca.notSigningKey'],
  ] as const)('refuses a signature from %s with its reason, and changes nothing', async (_what, who, code) => {
    ncaLayer.answer = { sign: pki[who] };
    const before = await snapshot();
    await expect(ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'ru', NOW)).rejects.toMatchObject({ code });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses the wrong IIN: a certificate of another person than the staff record says', async () => {
    await saveStaffMember(db, admin, { id: head.userId, name: head.name, roles: ['head'], active: true, iin: '750505300010' }, NOW);
    const before = await snapshot();
    await expect(ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW)).rejects.toMatchObject({ code: 'nca.wrongIin' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a CMS over a changed payload', async () => {
    const lying = { ncaSign: async (r: NcaSignRequest) => ({ ok: true as const, cms: Buffer.from(await signCms(Buffer.from(`${Buffer.from(r.data, 'base64')} `), pki.head)).toString('base64') }) };
    const before = await snapshot();
    await expect(ncaSignCase(db, data, head, 'case-1', lying, 'kk', NOW)).rejects.toMatchObject({ code: 'nca.otherContent' });
    expect(await snapshot()).toEqual(before);
  });

  it('says NCALayer is not running, or that the head cancelled, and the seal stays as it was', async () => {
    const before = await snapshot();
    await expect(ncaSignCase(db, data, head, 'case-1', bridge('wss://127.0.0.1:9'), 'kk', NOW)).rejects.toMatchObject({ code: 'nca.notRunning' });
    ncaLayer.answer = 'cancel';
    await expect(ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW)).rejects.toMatchObject({ code: 'nca.cancelled' });
    ncaLayer.answer = 'refuse';
    await expect(ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW)).rejects.toMatchObject({ code: 'nca.refused', params: { detail: '500: Ошибка: token removed' } });
    expect(await snapshot()).toEqual(before);
    expect(before.state.seal?.text).toMatch(/^KENSE1\./);
  });
});

describe('an office that hands results over with the NCA RK signature only', () => {
  it('refuses the handover until the head added it, then hands over', async () => {
    const service = catalog.get('guardianship-certificate')!;
    const strict = { ...data, catalog: new Map([...catalog, [service.id, withOfficeTerms(service, { serviceId: service.id, ncaSignature: true, reason: 'Бөлімнің 2026 жылғы 1 желтоқсандағы № 12 бұйрығы' })]]) };
    const clerk = { userId: (await db.staff.toArray()).find((m) => m.roles.includes('clerk'))!.id, role: 'clerk' as const, name: 'Әйгерім Сәрсенова' };
    const handover = { type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'Сәуле Жұмабекова' }, handedOverOn: localDateOf(NOW.toISOString(), 300) } as Command;
    const before = await snapshot();
    await expect(execute(db, strict, clerk, handover, NOW)).rejects.toMatchObject({ code: 'nca.required' });
    expect(await snapshot()).toEqual(before);
    await ncaSignCase(db, strict, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW);
    expect((await execute(db, strict, clerk, handover, NOW)).stage).toBe('closed');
    // Where the office chose the seal alone, it hands over without one.
    expect(withOfficeTerms(service, { serviceId: service.id, reason: 'р' }).ncaRequired).toBeUndefined();
  });
});

describe('reading an NCA RK signature that came from elsewhere', () => {
  /** The office as the rules read it, and the event the head's device wrote. */
  async function written() {
    await ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW);
    const event = (await db.events.where('caseId').equals('case-1').toArray()).find((e) => e.type === 'case.ncaSigned')! as ChainEvent;
    const office = await deviceFold(db);
    return { event, office };
  }

  it('takes it only where its roots include the one it chains to', async () => {
    const { event, office } = await written();
    expect(officeVerdict(event, office, await genuineSignatures([event], office.adminKey, office.registry, [pki.root.der]))).toBeNull();
    expect(officeVerdict(event, office, await genuineSignatures([event], office.adminKey, office.registry, [pki.otherRoot.der]))?.reason.code).toBe('nca.unknownRoot');
  });

  it('refuses one whose event names another signer than its certificate, or another person’s IIN', async () => {
    const { event, office } = await written();
    const renamed = { ...event, payload: { ...event.payload, signer: { ...(event.payload as { signer: object }).signer, name: 'БАСҚА АДАМ' } } } as ChainEvent;
    expect(officeVerdict(renamed, office, await genuineSignatures([renamed], office.adminKey, office.registry, [pki.root.der]))?.reason.code).toBe('nca.malformed');
    const otherIin = { ...office, staff: staffFold([{ id: head.userId, name: head.name, roles: ['head'], active: true, iin: '750505300010' }]) };
    expect(officeVerdict(event, otherIin, await genuineSignatures([event], office.adminKey, office.registry, [pki.root.der]))?.reason.code).toBe('nca.wrongIin');
  });
});

describe('the fold and the rules around one NCA RK signature', () => {
  it('pairs it with its own seal only, once, even where a transfer file is folded before the hub numbered it', async () => {
    await ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW);
    const events = (await db.events.where('caseId').equals('case-1').sortBy('deviceSeq')) as CaseEvent[];
    const signed = events.find((e) => e.type === 'case.ncaSigned')!;
    const sealed = foldEvents(events.filter((e) => e !== signed))!;
    expect(() => applyEvent(sealed, { ...signed, payload: { ...signed.payload, seal: `${sealed.seal!.text} ` } } as CaseEvent)).toThrow(expect.objectContaining({ code: 'nca.otherSeal' }));
    expect(() => applyEvent(applyEvent(sealed, signed), signed)).toThrow(expect.objectContaining({ code: 'nca.already' }));
    // Before its seal is here (held with its key's registry), it waits rather than being refused for good.
    const { seal: _seal, ...unsealed } = sealed;
    expect(caseVerdict(signed as ChainEvent, unsealed as typeof sealed)).toMatchObject({ status: 'held', reason: { code: 'nca.otherSeal' } });
  });

  it('reads hostile CMS text as malformed, without throwing, and refuses a signingTime before the seal was issued', async () => {
    await ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW);
    const event = (await db.events.where('caseId').equals('case-1').toArray()).find((e) => e.type === 'case.ncaSigned')! as ChainEvent & { payload: { cms: string; seal: string } };
    const office = await deviceFold(db);
    for (const cms of ['a', '%%%%', 'A'.repeat(70_000), 42]) {
      const hostile = { ...event, payload: { ...event.payload, cms } } as ChainEvent;
      const genuine = await genuineSignatures([hostile], office.adminKey, office.registry, [pki.root.der]);
      expect(genuine.nca?.get(hostile.id)).toBe('malformed');
      // The payload's schema names the field before the signature is looked at.
      expect(officeVerdict(hostile, office, genuine)?.reason).toEqual({ code: 'field.invalid', params: { field: 'cms' } });
    }
    const json = event.payload.seal.split('.').slice(3).join('.');
    const issued = JSON.parse(json).issued as string;
    const backdated = await signCms(Buffer.from(json), pki.head, { signingTime: new Date(Date.parse(issued) - 60 * 60_000) });
    expect(await checkNcaSignature(backdated, Buffer.from(json), [pki.root.der], issued)).toMatchObject({ ok: false, problem: 'notValidAtSigning' });
  });
});

describe('the paper of a result with an NCA RK signature', () => {
  it('prints the signer, IIN, certificate and the Law 370-II footer, and carries the CMS that openssl and kense verify check', async () => {
    const state = await ncaSignCase(db, data, head, 'case-1', bridge(ncaLayer.url), 'kk', NOW);
    const device = (await db.device.get('this'))!;
    const ctx = { catalog, office: device.office, offsetMinutes: device.office.offsetMinutes };
    const pdf = await renderPapers(resultPapers(state, ctx as never, ['kk', 'ru']), paperFonts());
    const { dir, paths } = writeTemp({ 'result.pdf': pdf, 'root.pem': pki.rootPem, 'other.pem': pki.otherRootPem });
    try {
      const text = execFileSync('pdftotext', ['-layout', paths['result.pdf']!, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain(`ҰКО ЭЦҚ-мен қол қойылды: ${HEAD.name}, ЖСН ${HEAD.iin}, сертификат № ${HEAD.serial}`);
      expect(text).toContain(`Подписано ЭЦП НУЦ РК: ${HEAD.name}, ИИН ${HEAD.iin}`);
      expect(text).toContain('№ 370-II Қазақстан Республикасы Заңының 7-бабының 1-тармағына сәйкес қағаз тасығыштағы құжатқа тең');
      expect(text).toContain('равнозначен документу на бумажном носителе');
      expect(text).not.toContain('Бұл кілт ҰКО-ның электрондық цифрлық қолтаңбасы емес');

      execFileSync('pdfdetach', ['-saveall', '-o', dir, paths['result.pdf']!]);
      const files = readdirSync(dir);
      const cms = files.find((f) => f.endsWith('.json.cms'))!;
      const json = cms.slice(0, -'.cms'.length);
      expect(readFileSync(join(dir, json), 'utf8')).toBe(state.seal!.text!.split('.').slice(3).join('.'));
      const openssl = (root: string, content = json) =>
        execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, cms), '-content', join(dir, content), '-CAfile', paths[root]!, '-no-CApath', '-no-CAstore', '-out', '/dev/null'], { encoding: 'utf8', stdio: 'pipe' });
      expect(() => openssl('root.pem')).not.toThrow();
      expect(() => openssl('other.pem')).toThrow(/unable to get local issuer certificate|certificate verify error/);
      writeFileSync(join(dir, 'changed.json'), `${readFileSync(join(dir, json), 'utf8')} `);
      expect(() => openssl('root.pem', 'changed.json')).toThrow(/digest failure|content verify error/i);

      const lines: string[] = [];
      const trust = join(dir, 'trust.json');
      const own = (await db.registry.get('this'))!;
      writeFileSync(trust, JSON.stringify({ format: 'kense-trust/1', offices: [{ adminKey: own.adminKey, registry: own.signed }] }));
      expect(await verify([paths['result.pdf']!, '--trust', trust, '--nca-roots', paths['root.pem']!], (l) => lines.push(l))).toBe(0);
      expect(lines).toContain('VALID');
      expect(lines.join('\n')).toMatch(new RegExp(`NCA RK: +${HEAD.name}, IIN ${HEAD.iin}, certificate ${HEAD.serial}`));
      expect(lines.find((l) => l.startsWith('NCA RK VALID'))).toContain('revocation not checked (offline)');
      lines.length = 0;
      expect(await verify([paths['result.pdf']!, '--trust', trust, '--nca-roots', paths['other.pem']!], (l) => lines.push(l))).toBe(1);
      expect(lines).toContain('NCA RK INVALID: unknown root — the certificate does not chain to a trusted NCA RK root');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
