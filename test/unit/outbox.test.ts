import { describe, expect, it } from 'vitest';
import type { ChainEvent } from '../../shared';
import { outboxSummary } from '../../renderer/store/push';
import { atStage, device, intakeCommand } from './fixtures';

const office = (type: string): ChainEvent => ({ id: type, caseId: 'office', type, payload: {} }) as unknown as ChainEvent;

describe('what waits to be sent, as the office speaks of it', () => {
  it('counts applications and the signed papers among them, and folds the office’s records into settings and its work log', () => {
    const d = atStage('signing');
    d.run({ ...intakeCommand, caseId: 'case-2' }, 'u-clerk');
    const signed = { ...d.events[2]!, id: 'ev-signed', type: 'case.resultSigned' } as unknown as ChainEvent;
    const events = [...(d.events as unknown as ChainEvent[]), signed, office('office.staffSaved'), office('office.registryPublished'), office('office.signedIn'), office('office.caseViewed')];
    expect(outboxSummary(events)).toEqual({
      applications: [
        { caseId: 'case-1', steps: ['case.registered', 'case.visaed', 'case.drafted', 'case.resultSigned'] },
        { caseId: 'case-2', steps: ['case.registered'] },
      ],
      signedPapers: 1,
      settings: 2,
      workLog: 2,
    });
  });

  it('is empty when nothing waits', () => {
    expect(outboxSummary(device().events as unknown as ChainEvent[])).toEqual({ applications: [], signedPapers: 0, settings: 0, workLog: 0 });
  });
});
