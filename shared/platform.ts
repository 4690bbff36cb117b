/**
 * Everything the renderer asks of the operating system, in one interface (DESIGN.md "Layers").
 * electron/preload.ts implements it over IPC; renderer/platform/browser.ts with the DOM.
 */
export interface PlatformBridge {
  readonly kind: 'electron' | 'browser';
  /** Offers the user to save a file; resolves false when they cancel. */
  saveFile(suggestedName: string, data: Uint8Array, mimeType: string): Promise<boolean>;
  /** Prints the current window (the receipt, a result). */
  print(): Promise<void>;
}

/** IPC channels share one prefix; main and preload accept nothing else. */
export const IPC = {
  saveFile: 'kense:save-file',
  print: 'kense:print',
} as const;
