import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { MAX_SCANS, scansOf, type CaseState, type Language, type Scan, type Service } from '../../shared';
import { useLanguage } from '../app/hooks';
import { db } from '../app/runtime';
import { frameOf, useCamera } from '../app/camera';
import { pdfScanUrl, scanOf, scanSource } from '../app/scans';
import { caseEvents } from '../store/queries';
import { errorMessage } from '../app/errors';

const documentName = (service: Service, id: string, language: Language) => service.documents.find((d) => d.id === id)?.names[language] ?? id;

/**
 * The scans of the documents received, at the window or at a centre's or crew's intake: from a
 * scanner's files or the laptop's camera, compressed before they are kept.
 */
export function ScanPicker({ service, documents, scans, onChange, problem }: { service: Service; documents: readonly string[]; scans: Scan[]; onChange(scans: Scan[]): void; problem(message: string | null): void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [camera, setCamera] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const video = useCamera(camera !== null, () => {
    setCamera(null);
    problem(t('verify.noCamera'));
  });

  async function add(documentId: string, pictures: { blob: Blob; name: string }[]) {
    problem(null);
    setBusy(true);
    try {
      const added: Scan[] = [];
      for (const { blob, name } of pictures) added.push(await scanOf(blob, documentId, name));
      if (scans.length + added.length > MAX_SCANS) problem(t('errors.scan.tooMany', { max: MAX_SCANS }));
      else onChange([...scans, ...added]);
    } catch (e) {
      problem(errorMessage(t, e, service, language));
    } finally {
      setBusy(false);
    }
  }

  if (!documents.length) return <p className="hint">{t('scans.tickFirst')}</p>;
  return (
    <div className="scans">
      {documents.map((id) => {
        const own = scans.filter((s) => s.documentId === id);
        const name = documentName(service, id, language);
        return (
          <div key={id} className="scan-row" data-testid={`scans-${id}`}>
            <span className="scan-document">{name}</span>
            <span className="thumbs">
              {own.map((scan, i) => (
                <span key={i} className="thumb">
                  <ScanThumb scan={scan} alt={t('scans.page', { document: name, n: i + 1 })} />
                  <button type="button" className="link" onClick={() => onChange(scans.filter((s) => s !== scan))}>
                    {t('scans.remove')}
                  </button>
                </span>
              ))}
            </span>
            <label className="file-button">
              {t('scans.add')}
              <input
                type="file"
                accept="image/*,application/pdf"
                multiple
                aria-label={t('scans.addFor', { document: name })}
                disabled={busy}
                onChange={(e) => {
                  const files = [...(e.target.files ?? [])];
                  e.target.value = '';
                  void add(id, files.map((f) => ({ blob: f, name: f.name })));
                }}
              />
            </label>
            {'mediaDevices' in navigator && (
              <button type="button" onClick={() => setCamera(camera === id ? null : id)}>
                {t('scans.camera')}
              </button>
            )}
          </div>
        );
      })}
      {camera && (
        <div className="camera-panel">
          <video ref={video} className="camera" autoPlay muted playsInline />
          <div className="buttons">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={async () => {
                const frame = video.current && (await frameOf(video.current));
                if (frame) await add(camera, [{ blob: frame, name: documentName(service, camera, language) }]);
              }}
            >
              {t('scans.take', { document: documentName(service, camera, language) })}
            </button>
            <button type="button" onClick={() => setCamera(null)}>
              {t('scans.closeCamera')}
            </button>
          </div>
        </div>
      )}
      {busy && <p className="hint">{t('scans.compressing')}</p>}
    </div>
  );
}

/** The scans a package brought or the clerk made, by document; each opens full size for the clerk or the specialist to read. */
export function ScanGallery({ state, service }: { state: CaseState; service: Service | undefined }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [open, setOpen] = useState<Scan | null>(null);
  // The pictures stay in the registering event; the case row lists them only.
  const scans = useLiveQuery(async () => {
    const first = (await caseEvents(db, state.id)).find((e) => e.type === 'case.submitted' || e.type === 'case.registered');
    return first?.type === 'case.submitted' || first?.type === 'case.registered' ? (first.payload.scans ?? []) : [];
  }, [state.id]);
  // A package says it came without scans; an application at the window shows them only when made.
  if (!state.package && !scansOf(state).length) return null;
  return (
    <section>
      <h2>{t('scans.title')}</h2>
      {scansOf(state).length === 0 && <p className="hint">{t('scans.none')}</p>}
      <div className="thumbs">
        {scans?.map((scan, i) => {
          const name = service ? documentName(service, scan.documentId, language) : scan.documentId;
          return (
            <button key={i} type="button" className="thumb" onClick={() => setOpen(scan)}>
              <ScanThumb scan={scan} alt={t('scans.page', { document: name, n: i + 1 })} />
              <span>{name}</span>
            </button>
          );
        })}
      </div>
      {open && (
        <div className="scan-full" role="dialog" aria-label={t('scans.fullSize')}>
          <button type="button" onClick={() => setOpen(null)}>
            {t('scans.closeFull')}
          </button>
          {open.type === 'application/pdf' ? (
            <PdfScan scan={open} title={service ? documentName(service, open.documentId, language) : open.documentId} />
          ) : (
            <img src={scanSource(open)} alt={service ? documentName(service, open.documentId, language) : open.documentId} width={open.width} height={open.height} />
          )}
        </div>
      )}
    </section>
  );
}

/** A scan's thumbnail: the picture, or a PDF's mark (its pages show full size only). */
function ScanThumb({ scan, alt }: { scan: Scan; alt: string }) {
  if (scan.type !== 'application/pdf') return <img src={scanSource(scan)} alt={alt} />;
  return (
    <span className="pdf-thumb" role="img" aria-label={alt}>
      PDF
    </span>
  );
}

/** A scanner's PDF in the browser's viewer, every page of it. */
function PdfScan({ scan, title }: { scan: Scan; title: string }) {
  const [url] = useState(() => pdfScanUrl(scan));
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return <iframe className="pdf-preview" title={title} src={url} />;
}
