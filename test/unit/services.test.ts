import { describe, expect, it } from 'vitest';
import { resultsFor, timeline } from '../../shared';
import { SAMPLES } from '../../shared/samples';
import { catalog, device, refused, sealFor } from './fixtures';

/** Runs one service's sample through the five stages, as the office would. */
async function throughTheFlow(serviceId: string) {
  const sample = SAMPLES[serviceId]!;
  const service = catalog.get(serviceId)!;
  const d = device();
  d.run(
    { type: 'intake', caseId: 'case-1', serviceId, channel: service.channels[0], applicant: sample.applicant, application: sample.application, documentsReceived: sample.documents, consent: true },
    'u-clerk',
  );
  d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
  const checks = Object.fromEntries(service.documents.map((doc) => [doc.id, true]));
  d.run({ type: 'review', caseId: 'case-1', documentChecks: checks, draft: { outcome: 'result', variant: sample.variant, fields: sample.draft } }, 'u-spec');
  d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
  d.run({ type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: sample.applicant.name }, handedOverOn: '2026-11-24' }, 'u-clerk');
  return d;
}

describe('each service of the catalog', () => {
  it.each(Object.keys(SAMPLES))('runs %s through all five stages', async (serviceId) => {
    const d = await throughTheFlow(serviceId);
    expect(d.state!.stage).toBe('closed');
    expect(d.state!.draft).toMatchObject({ outcome: 'result', variant: SAMPLES[serviceId]!.variant });
    const entries = timeline(d.state!, catalog.get(serviceId)!);
    expect(entries.every((e) => e.startedAt && e.finishedAt && e.plannedDueAt)).toBe(true);
  });

  it('asks the quality survey only where the regulation has one (seeds 000, 003; not 002, 004)', async () => {
    const survey = { type: 'survey', caseId: 'case-1', quality: 3, information: 3, asked: 'handover' };
    expect([...catalog.values()].filter((s) => s.survey).map((s) => s.id).sort()).toEqual(['guardianship-certificate', 'minors-deposits-certificate', 'minors-property-certificate']);
    refused(await throughTheFlow('tvet-dormitory-referral'), survey, 'u-clerk', 'survey.notForService');
    const d = await throughTheFlow('minors-property-certificate');
    d.run(survey, 'u-clerk');
    expect(d.state!.survey).toMatchObject({ quality: 3, information: 3 });
  });

  it('has a sample for every service, so no service goes untested', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...catalog.keys()].sort());
  });

  it('makes a one-month result valid to the same date of the next month', async () => {
    const d = await throughTheFlow('minors-property-certificate');
    // Signed Tuesday 24 November 2026 → valid through Thursday 24 December.
    expect(d.state!.validUntil).toBe('2026-12-24');
    expect((await throughTheFlow('guardianship-certificate')).state!.validUntil).toBeNull();
  });

  it('needs the specialist to choose among several results', async () => {
    const sample = SAMPLES['minors-deposits-certificate']!;
    const d = device();
    d.run({ type: 'intake', caseId: 'case-1', serviceId: 'minors-deposits-certificate', channel: 'service-centre', applicant: sample.applicant, application: sample.application, documentsReceived: sample.documents, consent: true }, 'u-clerk');
    d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
    const checks = Object.fromEntries(catalog.get('minors-deposits-certificate')!.documents.map((doc) => [doc.id, true]));
    const review = { type: 'review', caseId: 'case-1', documentChecks: checks };
    refused(d, { ...review, draft: { outcome: 'result', fields: sample.draft } }, 'u-spec', 'field.required', { field: 'draft.variant' });
    refused(d, { ...review, draft: { outcome: 'result', variant: 'casino', fields: sample.draft } }, 'u-spec', 'field.invalid', { field: 'draft.variant' });
    // The application asked about pension savings: the bank's certificate is not for it.
    refused(d, { ...review, draft: { outcome: 'result', variant: 'bank', fields: sample.draft } }, 'u-spec', 'review.variantNotForApplication', { variant: 'bank' });
    expect(resultsFor(catalog.get('minors-deposits-certificate')!, sample.application).map((r) => r.id)).toEqual(['pensionFund']);
  });

  it('shows the timeline with the step that is running open', async () => {
    const sample = SAMPLES['foster-care-placement']!;
    const d = device();
    d.run({ type: 'intake', caseId: 'case-1', serviceId: 'foster-care-placement', channel: 'office', applicant: sample.applicant, application: sample.application, documentsReceived: sample.documents, consent: true }, 'u-clerk');
    d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head', '2026-11-24T05:10:00.000Z');
    const entries = timeline(d.state!, catalog.get('foster-care-placement')!);
    expect(entries.map((e) => [e.step.id, e.startedAt ?? null, e.finishedAt ?? null])).toEqual([
      ['intake', '2026-11-24T05:00:00.000Z', '2026-11-24T05:00:00.000Z'],
      ['visa', '2026-11-24T05:00:00.000Z', '2026-11-24T05:10:00.000Z'],
      ['review', '2026-11-24T05:10:00.000Z', null],
      ['signing', null, null],
      ['handover', null, null],
    ]);
    expect(d.state!.stepStartedAt).toBe('2026-11-24T05:10:00.000Z');
  });
});
