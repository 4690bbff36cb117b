import { describe, expect, it } from 'vitest';
import { basicsSignRequest, readBasicsAnswer } from '../../shared';

/** NCALayer's answers are not trusted: each shape it could send gets its own reading (shared/ncaLayer.ts). */
describe('reading NCALayer’s answer', () => {
  it('takes the CMS of a signing, and asks for a detached CMS from a signing key of the given IIN', () => {
    expect(readBasicsAnswer(JSON.stringify({ status: true, body: { result: ['MIIB\r\nAA=='] } }))).toEqual({ ok: true, cms: 'MIIBAA==' });
    expect(basicsSignRequest({ data: 'AA==', iin: '800101400012', locale: 'ru' }).args).toMatchObject({ format: 'cms', signingParams: { encapsulate: false }, signerParams: { iin: '800101400012' } });
  });

  it.each([
    ['an empty body: the person cancelled', { status: true, body: {} }, { ok: false, problem: 'cancelled' }],
    ['a refusal, with its code and reason', { status: false, code: '500', message: 'Ошибка', details: 'no token' }, { ok: false, problem: 'refused', detail: '500: Ошибка: no token' }],
    ['no status', { result: { version: '1.4' } }, { ok: false, problem: 'protocol', detail: 'no status' }],
    ['a result that is not base64', { status: true, body: { result: ['<script>'] } }, { ok: false, problem: 'protocol', detail: 'no CMS' }],
    ['a result that is no string', { status: true, body: { result: [42] } }, { ok: false, problem: 'protocol', detail: 'no CMS' }],
  ])('reads %s', (_what, answer, reading) => {
    expect(readBasicsAnswer(JSON.stringify(answer))).toEqual(reading);
  });

  it('reads text that is not JSON as a protocol problem', () => {
    expect(readBasicsAnswer('<html>')).toEqual({ ok: false, problem: 'protocol', detail: 'not JSON' });
  });
});
