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
}

/** IPC channels share one prefix; main and preload accept nothing else. */
export const IPC = {
  printPdf: 'kense:printPdf',
  saveFile: 'kense:saveFile',
} as const;
