import { describe, expect, it } from 'vitest';
import { satisfiedPercent, surveyReport } from '../../shared';
import { allChecked, device, intakeCommand, refused, resultDraft, sealFor } from './fixtures';

const survey = { type: 'survey', caseId: 'case-1', quality: 3, information: 2, asked: 'handover' };

/** A case through to its result; handed over unless told otherwise. */
async function done(handOver = true) {
  const d = device();
  d.run(intakeCommand, 'u-clerk');
  d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
  d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
  d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!, '2026-11-24T05:05:00.000Z') }, 'u-head', '2026-11-24T05:05:00.000Z');
  if (handOver) d.run({ type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'Сәуле Жұмабекова' }, handedOverOn: '2026-11-24' }, 'u-clerk', '2026-11-24T06:00:00.000Z');
  return d;
}

describe('the quality survey', () => {
  it('is recorded once, after the handover, with both answers and how it was asked', async () => {
    const d = await done();
    d.run(survey, 'u-clerk', '2026-11-24T06:05:00.000Z');
    expect(d.state).toMatchObject({ stage: 'closed', survey: { quality: 3, information: 2, asked: 'handover', by: { userId: 'u-clerk' }, at: '2026-11-24T06:05:00.000Z' } });
    expect(d.state!.history.at(-1)).toMatchObject({ type: 'case.surveyed', stage: 'closed' });
    refused(d, { ...survey, asked: 'phone' }, 'u-clerk', 'survey.done');
  });

  it('refuses a survey before the handover, on a package returned to the centre, with an answer not 1–3, or by the head', async () => {
    refused(await done(false), survey, 'u-clerk', 'survey.notHandedOver');
    const returned = device();
    returned.run({ ...intakeCommand, channel: 'service-centre' }, 'u-clerk');
    returned.run({ type: 'returnToCentre', caseId: 'case-1', reasons: 'Құжат оқылмайды' }, 'u-head');
    refused(returned, survey, 'u-clerk', 'survey.notHandedOver');
    const d = await done();
    refused(d, { ...survey, quality: 4 }, 'u-clerk', 'field.invalid', { field: 'quality' });
    refused(d, { ...survey, information: undefined }, 'u-clerk', 'field.invalid', { field: 'information' });
    refused(d, survey, 'u-head', 'role.forbidden', { role: 'head', action: 'survey' });
  });

  it('is reported per service: how many answered, each answer to each question, the share satisfied', async () => {
    const answered = async (quality: number, information: number) => {
      const d = await done();
      d.run({ ...survey, quality, information }, 'u-clerk', '2026-11-24T06:05:00.000Z');
      return d.state!;
    };
    const cases = [await answered(3, 3), await answered(1, 2), await answered(3, 2), (await done()).state!];
    expect(surveyReport(cases)).toEqual([{ serviceId: intakeCommand.serviceId, answered: 3, quality: [1, 0, 2], information: [0, 2, 1] }]);
    expect(satisfiedPercent([1, 0, 2])).toBe(67);
    expect(satisfiedPercent([0, 0, 0])).toBeNull();
  });
});
