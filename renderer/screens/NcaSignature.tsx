import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { formatDateTime, fromBase64, ncaSignable, readSealText, type Actor, type CaseState, type NcaCheck, type Service } from '../../shared';
import { useLanguage, useOfficeData, useOffset } from '../app/hooks';
import { errorMessage } from '../app/errors';
import { db, platform } from '../app/runtime';
import { useUi } from '../app/session';
import { ncaRoots } from '../store/ncaTrust';
import { ncaSignCase } from '../store/signing';

/** May this person add an NCA RK signature to the case's seal now: the rule every reader applies (ncaSignable). */
export function mayNcaSign(state: CaseState, actor: Pick<Actor, 'userId'>): boolean {
  try {
    ncaSignable(state, actor, state.seal?.text ?? '');
    return true;
  } catch {
    return false;
  }
}

/** The head who sealed the result adds their NCA RK signature through NCALayer, before handover. */
export function NcaSignAction({ state, service }: { state: CaseState; service: Service }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const data = useOfficeData();
  const actor = useUi((s) => s.actor)!;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="nca-sign">
      <p className="hint">{t('nca.offer')}</p>
      <button
        className="primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await ncaSignCase(db, data, actor, state.id, platform, language);
          } catch (e) {
            setError(errorMessage(t, e, service, language));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? t('nca.waiting') : t('nca.sign')}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="nca-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The result's NCA RK signature, checked again here against this build's roots, as anyone reading it would. */
export function NcaSignatureFacts({ state }: { state: CaseState }) {
  const { t } = useTranslation();
  const offset = useOffset();
  const nca = state.ncaSignature;
  const [check, setCheck] = useState<NcaCheck | null>(null);
  useEffect(() => {
    const sealed = state.seal?.text ? readSealText(state.seal.text) : null;
    if (!nca || !sealed) return;
    let live = true;
    void import('../../shared/nca').then(async ({ checkNcaSignature }) => {
      const verdict = await checkNcaSignature(fromBase64(nca.cms), utf8ToBytes(sealed.json), ncaRoots(), sealed.payload.issued);
      if (live) setCheck(verdict);
    });
    return () => {
      live = false;
    };
  }, [nca, state.seal?.text]);
  if (!nca) return null;
  return (
    <section className="nca-signature" data-testid="nca-signature">
      <h2>{t('nca.title')}</h2>
      <dl className="facts">
        <dt>{t('nca.signer')}</dt>
        <dd>{nca.signer.name}</dd>
        <dt>{t('nca.iin')}</dt>
        <dd>{nca.signer.iin}</dd>
        <dt>{t('nca.serial')}</dt>
        <dd className="mono">{nca.signer.serial}</dd>
        <dt>{t('nca.issuer')}</dt>
        <dd>{nca.signer.issuer}</dd>
        <dt>{t('nca.at')}</dt>
        <dd>{formatDateTime(nca.at, offset)}</dd>
        <dt>{t('nca.verdict')}</dt>
        <dd data-testid="nca-verdict" className={check ? (check.ok ? 'ok' : 'error') : ''}>
          {check === null ? t('nca.checking') : check.ok ? t('nca.valid') : t(`errors.nca.${check.problem}`)}
        </dd>
      </dl>
      <p className="hint">{t('nca.revocation')}</p>
    </section>
  );
}
