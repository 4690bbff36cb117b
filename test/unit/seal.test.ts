import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  derToP1363,
  ecdsaSigner,
  generateSigningKey,
  p1363ToDer,
  sealText,
  signRegistry,
  signResult,
  verifySeal,
  type KeyRecord,
  type ResultPayload,
  type TrustFile,
} from '../../shared';
import { kense } from '../../server/cli';
import { headKey, headKeyRecord } from './fixtures';

const office = { id: 'office-1', code: 'PVL', names: { kk: 'Павлодар қаласының білім беру бөлімі', ru: 'Отдел образования города Павлодара' } };
const admin = await generateSigningKey();

function payload(issued: string, changes: Partial<ResultPayload> = {}): ResultPayload {
  return {
    v: 1,
    doc: 'doc-1',
    reg: 'PVL-2026-K1-00001',
    office: office.id,
    service: 'guardianship-certificate',
    serviceVersion: 1,
    kind: 'certificate',
    variant: 'certificate',
    to: 'Сәуле Жұмабекова',
    facts: { childName: 'Әлихан Жұмабеков', childBirthDate: '2015-03-14' },
    issued,
    validUntil: null,
    ...changes,
  };
}

async function trustWith(keys: KeyRecord[], version = 1, signer = admin): Promise<TrustFile> {
  const registry = { format: 'kense-registry/1' as const, office, version, issuedAt: '2026-11-01T00:00:00.000Z', keys };
  return { format: 'kense-trust/1', offices: [{ adminKey: admin.publicKey, registry: await signRegistry(ecdsaSigner(signer.privateKey, signer.keyId), registry) }] };
}

const seal = async (p: ResultPayload, key = headKey) => sealText(await signResult(ecdsaSigner(key.privateKey, key.keyId), p));
const TODAY = '2026-11-24';

describe('a seal', () => {
  it('verifies against the registry its anchor signed', async () => {
    const verdict = await verifySeal(await seal(payload('2026-11-24T05:00:00.000Z')), await trustWith([headKeyRecord]), TODAY);
    expect(verdict).toMatchObject({ valid: true, key: { keyId: headKey.keyId }, office: { code: 'PVL' }, payload: { to: 'Сәуле Жұмабекова' } });
  });

  it('fails once its key is revoked, for what the key signed after the revocation only', async () => {
    const revoked = await trustWith([{ ...headKeyRecord, revokedAt: '2026-11-20T00:00:00.000Z', revocationReason: 'Кілт жоғалды' }], 2);
    expect(await verifySeal(await seal(payload('2026-11-19T05:00:00.000Z')), revoked, TODAY)).toMatchObject({ valid: true });
    expect(await verifySeal(await seal(payload('2026-11-24T05:00:00.000Z')), revoked, TODAY)).toMatchObject({ valid: false, problem: 'revokedKey' });
  });

  it('fails outside its key’s period, after its validity, and under a registry its anchor did not sign', async () => {
    const trust = await trustWith([headKeyRecord]);
    expect(await verifySeal(await seal(payload('2025-12-31T05:00:00.000Z')), trust, TODAY)).toMatchObject({ valid: false, problem: 'keyNotValid' });
    expect(await verifySeal(await seal(payload('2026-10-01T05:00:00.000Z', { validUntil: '2026-11-01' })), trust, TODAY)).toMatchObject({
      valid: false,
      problem: 'expired',
    });
    const forged = await trustWith([headKeyRecord], 1, headKey);
    expect(await verifySeal(await seal(payload('2026-11-24T05:00:00.000Z')), forged, TODAY)).toMatchObject({ valid: false, problem: 'unknownKey' });
  });

  it('fails when one character of the payload, the key id or the signature changes', async () => {
    const text = await seal(payload('2026-11-24T05:00:00.000Z'));
    const trust = await trustWith([headKeyRecord]);
    expect(await verifySeal(text.replace('Әлихан', 'Әлихaн'), trust, TODAY)).toMatchObject({ valid: false, problem: 'badSignature' });
    const [prefix, keyId, signature, ...json] = text.split('.');
    const flipped = `${signature!.slice(0, 20)}${signature![20] === 'A' ? 'B' : 'A'}${signature!.slice(21)}`;
    expect(await verifySeal([prefix, keyId, flipped, ...json].join('.'), trust, TODAY)).toMatchObject({ valid: false, problem: 'badSignature' });
    expect(await verifySeal([prefix, '0'.repeat(16), signature, ...json].join('.'), trust, TODAY)).toMatchObject({ valid: false, problem: 'unknownKey' });
    // Re-serialised JSON is not the signed bytes.
    expect(await verifySeal([prefix, keyId, signature, JSON.stringify(JSON.parse(json.join('.')), null, 1)].join('.'), trust, TODAY)).toMatchObject({
      valid: false,
      problem: 'malformed',
    });
  });

  it('keeps the DER signature that openssl reads and WebCrypto’s r‖s form interchangeable', () => {
    const raw = Uint8Array.from({ length: 64 }, (_, i) => (i === 0 || i === 32 ? 0x80 : i === 1 ? 0 : i));
    const der = p1363ToDer(raw);
    expect(der[0]).toBe(0x30);
    expect(derToP1363(der)).toEqual(raw);
    expect(derToP1363(der.slice(0, -1))).toBeNull();
  });
});

describe('verification with openssl alone, by docs/verification.md', () => {
  it('runs the documented recipe to "Verified OK"', async () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/verification.md'), 'utf8');
    const recipe = /## With openssl alone[\s\S]*?```sh\n([\s\S]*?)```/.exec(docs)![1]!;
    const dir = mkdtempSync(join(tmpdir(), 'kense-openssl-'));
    const text = await seal(payload('2026-11-24T05:00:00.000Z'));
    writeFileSync(join(dir, 'seal.txt'), text);
    const run = (sealFile: string) =>
      execFileSync('bash', ['-euo', 'pipefail', '-c', recipe.replaceAll('seal.txt', sealFile)], { cwd: dir, env: { ...process.env, PUBLIC_KEY: headKey.publicKey }, encoding: 'utf8' });
    const output = run('seal.txt');
    expect(output).toContain(headKey.keyId);
    expect(output).toContain('Verified OK');
    writeFileSync(join(dir, 'changed.txt'), text.replace('Сәуле', 'Сауле'));
    expect(() => run('changed.txt')).toThrow(expect.objectContaining({ stdout: expect.stringContaining('Verification failure') }));
  });
});

describe('kense verify with a revoked key', () => {
  it('refuses what the key signed after the registry revoked it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kense-revoked-'));
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(await trustWith([{ ...headKeyRecord, revokedAt: '2026-11-20T00:00:00.000Z', revocationReason: 'Кілт жоғалды' }], 2)));
    const lines: string[] = [];
    const text = await seal(payload(new Date().toISOString()));
    expect(await kense(['verify', text, '--trust', join(dir, 'trust.json')], (l) => lines.push(l))).toBe(1);
    expect(lines.at(-1)).toBe('INVALID: revoked key — the office revoked the signing key before this was signed');
  });
});

describe('kense verify on hostile input', () => {
  it('prints no control character a forged seal carries, so it cannot paint a false VALID', async () => {
    const stranger = await generateSigningKey();
    const lines: string[] = [];
    const text = await seal(payload(new Date().toISOString(), { to: 'Сәуле\u001b[2K\rVALID\u202e' }), stranger);
    expect(await kense(['verify', text], (l) => lines.push(l))).toBe(1);
    expect(lines.join('')).not.toMatch(/[\p{Cc}\u202a-\u202e]/u);
    expect(lines).toContain('issued to:   Сәуле\ufffd[2K\ufffdVALID\ufffd');
    expect(lines.at(-1)).toMatch(/^INVALID: unknown key/);
  });

  it('refuses a picture that declares more pixels than a photo of a QR code has, before decoding it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kense-bomb-'));
    // A PNG's signature and the header of a 12000 × 12000 picture, then nothing worth inflating.
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'latin1');
    header.writeUInt32BE(12_000, 16);
    header.writeUInt32BE(12_000, 20);
    writeFileSync(join(dir, 'bomb.png'), Buffer.concat([header, Buffer.alloc(1000)]));
    const lines: string[] = [];
    expect(await kense(['verify', join(dir, 'bomb.png')], (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([`INVALID: ${join(dir, 'bomb.png')} declares 144 megapixels; a picture of a QR code needs at most 50`]);
  });
});
