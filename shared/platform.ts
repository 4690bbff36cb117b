/**
 * Everything the renderer asks of the operating system, in one interface (DESIGN.md "Layers").
 * electron/preload.ts implements it over IPC; renderer/platform/browser.ts with the DOM.
 */
export interface PlatformBridge {
  readonly kind: 'electron' | 'browser';
  /** Prints the current window (the receipt, the case card). */
  print(): Promise<void>;
}

/** IPC channels share one prefix; main and preload accept nothing else. */
export const IPC = {
  print: 'kense:print',
} as const;
