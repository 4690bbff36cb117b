import type { NcaLayerAnswer, NcaSignRequest } from './ncaLayer';
import type { HubAnswer, HubCall } from './sync';

/**
 * Everything the renderer asks of the operating system, in one interface (DESIGN.md "Layers").
 * electron/preload.ts implements it over IPC; renderer/platform/browser.ts with the DOM.
 */
export interface PlatformBridge {
  readonly kind: 'electron' | 'browser';
  /** Prints a PDF Kense made (a receipt, a result, a journal). */
  printPdf(bytes: Uint8Array): Promise<void>;
  /** Offers to save a file under a suggested name (a PDF, a trust file). */
  saveFile(name: string, bytes: Uint8Array): Promise<void>;
  /**
   * One request to the office's hub. On the desktop the main process makes it, so the window
   * itself reaches no network, and holds the TLS handshake to the pinned key (`hubKey`).
   */
  hubCall(hubUrl: string, call: HubCall, hubKey: string | null): Promise<HubAnswer>;
  /** Appends committed events (JSON lines) to the safety copy in the app's data folder; the browser keeps none. */
  appendEventLog(lines: string): Promise<void>;
  /** The safety copy's content, or null where there is none (the browser). */
  readEventLog(): Promise<string | null>;
  /** Asks NCALayer on this computer for the head's NCA RK signature (ncaLayer.ts); nca.ts then checks what it gave. */
  ncaSign(request: NcaSignRequest): Promise<NcaLayerAnswer>;
}

/** IPC channels share one prefix; main and preload accept nothing else. */
export const IPC = {
  printPdf: 'kense:printPdf',
  saveFile: 'kense:saveFile',
  hubCall: 'kense:hubCall',
  appendEventLog: 'kense:appendEventLog',
  readEventLog: 'kense:readEventLog',
  ncaSign: 'kense:ncaSign',
} as const;
