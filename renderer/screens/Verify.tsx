import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, localDateOf, paperValue, registrationParts, resultVariant, verifySeal, type FieldValue, type Verdict } from '../../shared';
import { useLanguage, useOfficeData, useOffset, usePaperLanguage } from '../app/hooks';
import { SHIPPED_TRUST } from '../app/papers';
import { db } from '../app/runtime';
import { officeTrust } from '../store/signing';
import { byRegNumber } from '../store/queries';
import { useUi } from '../app/session';
import { ErrorNote } from './parts';
import { useCamera } from '../app/camera';

/** The QR reader and the PDF reader, loaded when first needed. */
const readers = () => Promise.all([import('../../shared/qr'), import('../../shared/paper/layout')]).then(([qr, pdf]) => ({ readQr: qr.readQr, qrTextOfPdf: pdf.qrTextOfPdf }));

/** The QR code's text in a picture, read through a canvas. */
async function qrOfImage(file: Blob): Promise<string | null> {
  const { readQr } = await readers();
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return readQr(context.getImageData(0, 0, bitmap.width, bitmap.height).data, bitmap.width, bitmap.height);
}

/**
 * Reads a paper's QR code offline: the text pasted or scanned, a PDF Kense saved, a picture of
 * the code, or the webcam. A result's seal is verified against this office and the offices in
 * resources/trust/; a receipt's code (the registration number) opens the application's status.
 */
export function Verify() {
  const { t } = useTranslation();
  const offset = useOffset();
  const actor = useUi((s) => s.actor)!;
  const go = useUi((s) => s.go);
  const [text, setText] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);

  async function check(code: string) {
    setProblem(null);
    setVerdict(null);
    const regNumber = code.trim().toUpperCase();
    if (registrationParts(regNumber)) {
      const [row] = await byRegNumber(db, actor, regNumber);
      if (row) go(`case/${row.id}`);
      else setProblem(t('verify.receiptNotHere', { regNumber }));
      return;
    }
    const found = await verifySeal(code, await officeTrust(db, SHIPPED_TRUST), localDateOf(new Date().toISOString(), offset));
    setVerdict(found);
    // A genuine seal that a correction superseded: this office knows, the QR code alone cannot tell.
    if (found.valid) {
      const [row] = await byRegNumber(db, actor, found.payload.reg);
      if (row?.state.supersededSeals?.some((s) => s.text === code.trim())) setProblem(t('verify.superseded', { regNumber: found.payload.reg }));
    }
  }

  async function open(file: File) {
    setVerdict(null);
    const bytes = new Uint8Array(await file.arrayBuffer());
    // By its first bytes, not its name: a file from a download or a scanner may have none.
    const isPdf = new TextDecoder().decode(bytes.subarray(0, 5)) === '%PDF-';
    const code = isPdf ? await (await readers()).qrTextOfPdf(bytes) : await qrOfImage(file).catch(() => null);
    if (code) {
      setText(code);
      await check(code);
    } else setProblem(t('verify.nothingFound', { name: file.name }));
  }

  // The webcam: a frame every 300 ms until a code is read.
  const video = useCamera(scanning, () => {
    setScanning(false);
    setProblem(t('verify.noCamera'));
  });
  useEffect(() => {
    if (!scanning) return;
    let timer = 0;
    void readers().then(({ readQr }) => {
      const canvas = document.createElement('canvas');
      timer = window.setInterval(() => {
        const v = video.current;
        if (!v?.videoWidth) return;
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        context.drawImage(v, 0, 0);
        const code = readQr(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
        if (code) {
          setScanning(false);
          setText(code);
          void check(code);
        }
      }, 300);
    });
    return () => clearInterval(timer);
    // One scanning session per start; check and t do not change meanwhile.
  }, [scanning]);

  return (
    <section className="verify">
      <h1>{t('verify.title')}</h1>
      <p className="hint">{t('verify.intro')}</p>
      <div className="field">
        <label htmlFor="verify-text">{t('verify.text')}</label>
        <textarea id="verify-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </div>
      <div className="buttons">
        <button className="primary" onClick={() => void check(text)} disabled={!text.trim()}>
          {t('verify.check')}
        </button>
        <label className="file-button">
          {t('verify.openFile')}
          <input type="file" accept="application/pdf,image/*" onChange={(e) => e.target.files?.[0] && void open(e.target.files[0])} />
        </label>
        {'mediaDevices' in navigator && <button onClick={() => setScanning(!scanning)}>{scanning ? t('verify.stopCamera') : t('verify.camera')}</button>}
      </div>
      {scanning && <video ref={video} className="camera" autoPlay muted playsInline />}
      <ErrorNote message={problem} />
      {verdict && <VerdictView verdict={verdict} offset={offset} />}
    </section>
  );
}

function VerdictView({ verdict, offset }: { verdict: Verdict; offset: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { catalog } = useOfficeData();
  const paper = usePaperLanguage();
  const { payload, key, office } = verdict;
  const service = payload && catalog.get(payload.service);
  const variant = service && payload?.variant ? resultVariant(service, payload.variant) : undefined;
  return (
    <div className={verdict.valid ? 'verdict valid' : 'verdict invalid'} role="status" data-testid="verdict">
      <h2>{verdict.valid ? t('verify.valid') : t('verify.invalid', { reason: t(`verify.problems.${verdict.problem}`) })}</h2>
      {payload && (
        <dl className="facts">
          <dt>{t('verify.document')}</dt>
          <dd>
            {variant ? variant.names[language] : t(`verify.kinds.${payload.kind}`)} № {payload.reg}
          </dd>
          <dt>{t('verify.service')}</dt>
          <dd>{service?.names[language] ?? payload.service}</dd>
          {office && (
            <>
              <dt>{t('verify.office')}</dt>
              <dd>{office.names[paper]}</dd>
            </>
          )}
          <dt>{t('verify.to')}</dt>
          <dd>{payload.to}</dd>
          <dt>{t('verify.issued')}</dt>
          <dd>{formatDateTime(payload.issued, offset)}</dd>
          {payload.validUntil && (
            <>
              <dt>{t('verify.validUntil')}</dt>
              <dd>{formatDate(payload.validUntil, language, 'long')}</dd>
            </>
          )}
          {key && (
            <>
              <dt>{t('verify.signedBy')}</dt>
              <dd>
                {key.holder.name}, {key.holder.position[paper]} ({key.keyId})
              </dd>
            </>
          )}
          {variant?.fields
            .filter((f) => payload.facts[f.id] !== undefined)
            .map((f) => (
              <div key={f.id} className="fact">
                <dt>{f.label[language]}</dt>
                <dd>{paperValue(f, payload.facts[f.id] as FieldValue, paper)}</dd>
              </div>
            ))}
          {!variant && payload.kind === 'refusal' && (
            <>
              <dt>{t('verify.grounds')}</dt>
              <dd>{(payload.facts.grounds as string[]).map((g) => service?.refusalGrounds.find((r) => r.id === g)?.names[language] ?? g).join('; ')}</dd>
              <dt>{t('verify.reasons')}</dt>
              <dd>{String(payload.facts.reasons)}</dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
