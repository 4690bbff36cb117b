import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnprintableText, type Paper, type PaperLanguage } from '../../shared';
import { usePaperLanguage } from '../app/hooks';
import { pdfOf } from '../app/papers';
import { db, platform } from '../app/runtime';
import { useUi } from '../app/session';
import { recordAudit } from '../store/accounts';
import { ErrorNote } from './parts';

const CHOICES: Record<'kk' | 'ru' | 'both', PaperLanguage[]> = { kk: ['kk'], ru: ['ru'], both: ['kk', 'ru'] };

/**
 * One paper to print: its language (Kazakh, Russian or both, chosen per document), a preview,
 * printing and saving as PDF. The PDF is made here, the same as `kense demo` makes it. Its
 * buttons never submit: a draft's preview sits inside the review form.
 */
export function PrintPanel({ title, fileName, papers, of }: { title: string; fileName: string; papers: (langs: PaperLanguage[]) => Paper[]; of?: { caseId: string; regNumber: string } }) {
  const { t } = useTranslation();
  const actor = useUi((s) => s.actor);
  const paper = usePaperLanguage();
  const [choice, setChoice] = useState<keyof typeof CHOICES>(paper);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A journal of thousands of entries takes a while: its rows drawn so far, and the way to stop.
  // Many results at once count by the paper instead: a result has few rows.
  const [making, setMaking] = useState<{ done: number; total: number; unit: 'rows' | 'paperCount'; stop: AbortController } | null>(null);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  async function withPdf(use: (bytes: Uint8Array) => Promise<void> | void) {
    setError(null);
    const stop = new AbortController();
    const all = papers(CHOICES[choice]);
    const byPaper = all.length > 2;
    setMaking({ done: 0, total: byPaper ? all.length : 0, unit: byPaper ? 'paperCount' : 'rows', stop });
    try {
      const bytes = await pdfOf(all, {
        signal: stop.signal,
        ...(byPaper ? { onPaper: (done, total) => setMaking({ done, total, unit: 'paperCount', stop }) } : { onProgress: (done, total) => setMaking({ done, total, unit: 'rows', stop }) }),
      });
      setMaking(null);
      await use(bytes);
      // A case's paper shows its personal data: the audit trail records who made it.
      if (of && actor) await recordAudit(db, actor, { type: 'office.caseViewed', payload: { ...of, what: 'paper' } });
    } catch (e) {
      if (e instanceof UnprintableText) setError(t('print.unprintable', { character: e.character, text: e.text }));
      else if (!stop.signal.aborted) setError(t('print.failed', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      setMaking(null);
    }
  }
  const id = `print-${fileName.replace(/\W+/g, '-')}`;
  return (
    <section className="print-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="buttons">
        <label htmlFor={`${id}-language`}>{t('print.language')}</label>
        <select id={`${id}-language`} value={choice} onChange={(e) => setChoice(e.target.value as keyof typeof CHOICES)}>
          {Object.keys(CHOICES).map((c) => (
            <option key={c} value={c}>
              {t(`print.languages.${c}`)}
            </option>
          ))}
        </select>
        <button type="button" disabled={!!making} onClick={() => withPdf((bytes) => setPreview(URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }))))}>{t('print.preview')}</button>
        <button type="button" className="primary" disabled={!!making} onClick={() => withPdf((bytes) => platform.printPdf(bytes))}>
          {t('print.print')}
        </button>
        <button type="button" disabled={!!making} onClick={() => withPdf((bytes) => platform.saveFile(`${fileName}.pdf`, bytes))}>{t('print.save')}</button>
      </div>
      {making && making.total > 0 && (
        <p>
          <progress max={making.total} value={making.done} aria-label={t('print.making')} /> {t(`print.${making.unit}`, { done: making.done, total: making.total })}{' '}
          <button type="button" onClick={() => making.stop.abort()}>{t('print.stop')}</button>
        </p>
      )}
      <ErrorNote message={error} />
      {preview && <iframe className="pdf-preview" title={t('print.previewOf', { title })} src={preview} />}
    </section>
  );
}
