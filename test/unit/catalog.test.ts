import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog, parseService, REGULATION_SERVICES } from '../../shared';
import { loadCatalogFiles } from './fixtures';

const files = loadCatalogFiles();
const s1 = files['guardianship-certificate.json'] as Record<string, unknown>;

function problems(data: unknown) {
  try {
    parseService('broken.json', data);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as CatalogError).problems;
  }
  throw new Error('the file was accepted');
}

describe('service catalog', () => {
  it('ships the seven services of SERVICES.md, the regulation’s that no office withdraws', () => {
    expect(REGULATION_SERVICES).toHaveLength(7);
    expect([...parseCatalog(files).keys()].sort()).toEqual([...REGULATION_SERVICES].sort());
  });

  const steps = (id: string) => parseCatalog(files).get(id)!.steps.map((s) => `${s.stages.join('+')} ${s.role} ${s.duration.amount} ${s.duration.unit}`);
  const service = (id: string) => parseCatalog(files).get(id)!;

  it.each([
    ['guardianship-certificate', ['intake clerk 15 minutes', 'visa head 20 minutes', 'review+signing specialist 3 workingDays', 'handover clerk 15 minutes']],
    ['foster-care-placement', ['intake clerk 20 minutes', 'visa head 20 minutes', 'review specialist 25 calendarDays', 'signing head 20 minutes', 'handover clerk 1 calendarDays']],
    ['adoption-candidate-registration', ['intake clerk 20 minutes', 'visa head 20 minutes', 'review specialist 10 calendarDays', 'signing head 1 calendarDays', 'handover clerk 1 calendarDays']],
    ['tvet-dormitory-referral', ['intake clerk 15 minutes', 'visa head 1 workingDays', 'review specialist 8 workingDays', 'signing head 1 workingDays', 'handover clerk 15 minutes']],
    ['tvet-document-duplicate', ['intake clerk 15 minutes', 'visa head 1 workingDays', 'review specialist 1 months', 'signing head 1 workingDays', 'handover clerk 15 minutes']],
  ])('keeps the steps of %s as the regulation gives them', (id, expected) => {
    expect(steps(id)).toEqual(expected);
  });

  it('keeps each regulation’s term, the acceptance day not counted', () => {
    const terms = Object.fromEntries([...parseCatalog(files).values()].map((s) => [s.id, s.term]));
    expect(terms).toEqual({
      'guardianship-certificate': { duration: { amount: 3, unit: 'workingDays' }, acceptanceDayCounts: false },
      'minors-deposits-certificate': { duration: { amount: 5, unit: 'workingDays' }, acceptanceDayCounts: false },
      'minors-property-certificate': { duration: { amount: 5, unit: 'workingDays' }, acceptanceDayCounts: false },
      'foster-care-placement': { duration: { amount: 30, unit: 'calendarDays' }, acceptanceDayCounts: false },
      'adoption-candidate-registration': { duration: { amount: 15, unit: 'calendarDays' }, acceptanceDayCounts: false },
      'tvet-dormitory-referral': { acceptanceDayCounts: false },
      'tvet-document-duplicate': { acceptanceDayCounts: false },
    });
  });

  it('gives S2 three results and S2, S3 a validity of one month', () => {
    expect(service('minors-deposits-certificate').results.map((r) => r.id)).toEqual(['pensionFund', 'bank', 'vehicle']);
    expect(service('minors-deposits-certificate').validity).toEqual({ amount: 1, unit: 'months' });
    expect(service('minors-property-certificate').validity).toEqual({ amount: 1, unit: 'months' });
    expect(service('guardianship-certificate').validity).toBeUndefined();
  });

  it('names the result kinds of the regulations', () => {
    const kinds = Object.fromEntries([...parseCatalog(files).values()].map((s) => [s.id, [...new Set(s.results.map((r) => r.kind))]]));
    expect(kinds).toMatchObject({
      'foster-care-placement': ['contract'],
      'adoption-candidate-registration': ['conclusion'],
      'tvet-dormitory-referral': ['referral'],
      'tvet-document-duplicate': ['duplicate'],
      'guardianship-certificate': ['certificate'],
    });
  });

  it('refuses a result whose condition is not a choice of the form', () => {
    const results = (s1.results as object[]).map((r) => ({ ...r, when: { field: 'childName', in: ['x'] } }));
    expect(problems({ ...s1, results }).map((p) => p.path)).toEqual(['results.0.when']);
  });

  it('refuses an IIN check, a condition or options that point at the wrong field', () => {
    const label = { kk: 'a', ru: 'b', en: 'c' };
    const form = [
      { id: 'kind', type: 'choice', required: true, label, options: [{ id: 'a', label }] },
      { id: 'iin', type: 'iin', required: true, label, iinChecks: { birthDate: 'kind' } },
      { id: 'when', type: 'text', required: false, label, when: { field: 'kind', in: ['b'] } },
      { id: 'text', type: 'text', required: false, label, options: [{ id: 'a', label }] },
    ];
    expect(problems({ ...s1, form, applicationPapers: undefined }).map((p) => p.path)).toEqual(['form.3.options', 'form.2.when', 'form.1.iinChecks.birthDate']);
  });

  it('refuses an application paper over a field the form does not have, or a children list that is not one', () => {
    const paper = { text: { kk: ['{colour} {to}'], ru: ['{to:dat}'] }, children: 'childName', signers: [{ kk: 'Қолы', ru: 'Подпись' }] };
    expect(problems({ ...s1, applicationPapers: [paper] })).toEqual([
      expect.objectContaining({ path: 'applicationPapers.0.text.kk.0', message: '{colour} is not a field of the form, nor {to} or {office}' }),
      expect.objectContaining({ path: 'applicationPapers.0.children', message: 'childName is not a children field of the form' }),
    ]);
  });

  it('refuses a portal notice or a portal-only field for a service without the portal, and a notice over a field the result lacks', () => {
    const s6 = files['tvet-dormitory-referral.json'] as Record<string, unknown>;
    const label = { kk: 'a', ru: 'b', en: 'c' };
    const notice = { names: label, text: { kk: ['{to}: {colour}'], ru: ['{to}'] } };
    const results = (s6.results as { fields: object[] }[]).map((r) => ({ ...r, portalNotice: notice, fields: [...r.fields, { id: 'where', type: 'text', required: true, channels: ['portal'], label }] }));
    expect(problems({ ...s6, results })).toEqual([
      expect.objectContaining({ path: 'results.0.portalNotice.text.kk.0', message: '{colour} is not a field of the result, nor {to} or {office}' }),
      expect.objectContaining({ path: 'results.0.portalNotice', message: 'the service takes no application by the portal' }),
      expect.objectContaining({ path: 'results.0.fields.4.channels', message: 'the service takes no application by portal' }),
    ]);
  });

  it('names the file and the path of what is wrong', () => {
    expect(problems({ ...s1, names: { kk: 'Анықтама', ru: '' } })).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'names.ru' }), expect.objectContaining({ path: 'names.en' })]),
    );
    expect(() => parseService('broken.json', { ...s1, channels: ['fax'] })).toThrow(/broken\.json: channels\.0/);
  });

  it('refuses steps that do not cover the flow once, in order', () => {
    const steps = (s1.steps as { stages: string[] }[]).slice(0, 3);
    expect(problems({ ...s1, steps })).toEqual([expect.objectContaining({ path: 'steps', message: expect.stringContaining('handover') })]);
  });

  it('refuses duplicate field ids and a choice without options', () => {
    const form = s1.form as object[];
    expect(problems({ ...s1, form: [...form, form[0]] })).toEqual([expect.objectContaining({ path: `form.${form.length}.id` })]);
    expect(problems({ ...s1, form: [{ id: 'kind', type: 'choice', required: true, label: { kk: 'a', ru: 'b', en: 'c' } }] })[0]!.path).toBe('form.0.options');
  });

  it('refuses a service defined twice', () => {
    expect(() => parseCatalog({ 'a.json': s1, 'b.json': s1 })).toThrow(/b\.json: id: service guardianship-certificate is defined twice/);
  });
});
