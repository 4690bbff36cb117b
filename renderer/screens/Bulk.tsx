import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { courierActPapers, localDateOf, resultPapers, type CaseState, type Command } from '../../shared';
import { errorMessage } from '../app/errors';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { usePaperContext } from '../app/papers';
import { db } from '../app/runtime';
import { useUi } from '../app/session';
import { executeEach, type BatchOutcome } from '../store/bulk';
import type { CaseRow } from '../store/rows';
import { PrintPanel } from './Print';
import { ResolutionField, SpecialistSelect } from './StageActions';
import { ErrorNote } from './parts';
import type { Selection } from './selection';

/** Runs a batch with its progress, then says what it came to: how many moved, and each refusal with its reason. */
function useBatch() {
  const data = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null);
  async function run(commands: Command[]) {
    setOutcome(null);
    setProgress({ done: 0, total: commands.length });
    const result = await executeEach(db, data, actor, commands, (done, total) => setProgress({ done, total }));
    setProgress(null);
    setOutcome(result);
    return result;
  }
  return { run, progress, outcome, actor };
}

function BatchReport({ progress, outcome, rows, doneKey }: { progress: { done: number; total: number } | null; outcome: BatchOutcome | null; rows: readonly CaseRow[]; doneKey: 'bulk.visaDone' | 'bulk.handoverDone' }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const numberOf = (caseId: string) => rows.find((r) => r.id === caseId)?.regNumber ?? outcome?.done.find((s) => s.id === caseId)?.regNumber ?? caseId;
  return (
    <>
      {progress && (
        <p>
          <progress max={progress.total} value={progress.done} aria-label={t('bulk.working')} /> {t('bulk.progress', { done: progress.done, total: progress.total })}
        </p>
      )}
      {outcome && outcome.done.length > 0 && (
        <p className="ok" role="status">
          {t(doneKey, { n: outcome.done.length })}
        </p>
      )}
      {outcome && outcome.refused.length > 0 && (
        <div role="alert" className="error">
          <p>{t('bulk.refused', { n: outcome.refused.length })}</p>
          <ul>
            {outcome.refused.map(({ caseId, error }) => {
              const row = rows.find((r) => r.id === caseId);
              return (
                <li key={caseId}>
                  <a href={`#/case/${caseId}`}>{numberOf(caseId)}</a>: {errorMessage(t, error, row && catalog.get(row.state.serviceId), language)}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </>
  );
}

/** The head's visa for the ticked applications at once: one resolution and one specialist, each case checked on its own. */
export function BulkVisa({ selection, onDone }: { selection: Selection; onDone: () => void }) {
  const { t } = useTranslation();
  const [resolution, setResolution] = useState('');
  const [specialistId, setSpecialistId] = useState('');
  const batch = useBatch();
  const [rows, setRows] = useState<readonly CaseRow[]>([]);
  const count = selection.selected.length;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setRows(selection.selected);
    // The done leave the list, and their ticks with them; the refused stay ticked to try again.
    await batch.run(selection.selected.map((r) => ({ type: 'visa', caseId: r.id, resolution, specialistId })));
    onDone();
  }
  if (!count && !batch.outcome) return null;
  return (
    <form className="bulk card" onSubmit={submit} noValidate aria-labelledby="bulk-visa-title">
      <h2 id="bulk-visa-title">{t('bulk.visaTitle', { n: count })}</h2>
      {count > 0 && (
        <>
          <ResolutionField id="bulk-visa-resolution" value={resolution} onChange={setResolution} />
          <SpecialistSelect id="bulk-visa-specialist" value={specialistId} onChange={setSpecialistId} />
          <button type="submit" className="primary" disabled={!!batch.progress}>
            {t('bulk.visaSubmit', { n: count })}
          </button>
        </>
      )}
      <BatchReport progress={batch.progress} outcome={batch.outcome} rows={rows} doneKey="bulk.visaDone" />
    </form>
  );
}

/**
 * The clerk's batch at handover: the ticked results printed as one PDF, and handed to the State
 * Corporation's courier today, with the act the courier signs for exactly those handed over.
 */
export function BulkHandover({ selection, onDone }: { selection: Selection; onDone: () => void }) {
  const { t } = useTranslation();
  const ctx = usePaperContext();
  const offset = useOffset();
  const [courier, setCourier] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const [handed, setHanded] = useState<{ courier: string; cases: CaseState[] } | null>(null);
  const [rows, setRows] = useState<readonly CaseRow[]>([]);
  const batch = useBatch();
  const count = selection.selected.length;
  const today = localDateOf(new Date().toISOString(), offset);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!courier.trim()) return setMissing(true);
    setMissing(false);
    if (!confirming) return setConfirming(true);
    setConfirming(false);
    setRows(selection.selected);
    const name = courier.trim();
    const { done } = await batch.run(selection.selected.map((r) => ({ type: 'handover', caseId: r.id, recipient: { kind: 'courier', name }, handedOverOn: today })));
    setHanded(done.length ? { courier: name, cases: done } : null);
    onDone();
  }
  if (!ctx || (!count && !batch.outcome)) return null;
  const ticked = selection.selected;
  return (
    <section className="bulk card" aria-labelledby="bulk-handover-title">
      <h2 id="bulk-handover-title">{t('bulk.handoverTitle', { n: count })}</h2>
      {count > 0 && (
        <>
          <PrintPanel title={t('bulk.results', { n: count })} fileName={`results-${today}`} papers={(langs) => ticked.flatMap((r) => resultPapers(r.state, ctx, langs))} />
          <form onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="bulk-courier">{t('bulk.courier')}</label>
              <input id="bulk-courier" value={courier} aria-invalid={missing} onChange={(e) => setCourier(e.target.value)} />
            </div>
            <ErrorNote message={missing ? t('errors.field.required', { field: t('bulk.courier') }) : null} />
            {confirming && (
              <p className="confirm" role="alert">
                {t('bulk.confirm', { n: count, name: courier.trim() })}
              </p>
            )}
            <button type="submit" className="primary" disabled={!!batch.progress}>
              {confirming ? t('bulk.confirmSubmit') : t('bulk.handoverSubmit', { n: count })}
            </button>
            {confirming && (
              <button type="button" onClick={() => setConfirming(false)}>
                {t('handover.back')}
              </button>
            )}
          </form>
        </>
      )}
      <BatchReport progress={batch.progress} outcome={batch.outcome} rows={rows} doneKey="bulk.handoverDone" />
      {handed && (
        <PrintPanel
          title={t('journals.actFor', { courier: handed.courier, count: handed.cases.length })}
          fileName={`courier-act-${today}`}
          papers={(langs) => courierActPapers(handed.cases, handed.courier, batch.actor.name, today, ctx, langs)}
        />
      )}
    </section>
  );
}
