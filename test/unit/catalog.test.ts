import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog, parseService } from '../../shared';
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
  it('accepts the shipped services', () => {
    expect([...parseCatalog(files).keys()]).toContain('guardianship-certificate');
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
    expect(problems({ ...s1, form: [{ id: 'kind', type: 'choice', required: true, label: { kk: 'a', ru: 'b', en: 'c' } }] })[0]!.path).toBe('form.0');
  });

  it('refuses a service defined twice', () => {
    expect(() => parseCatalog({ 'a.json': s1, 'b.json': s1 })).toThrow(/b\.json: id: service guardianship-certificate is defined twice/);
  });
});
