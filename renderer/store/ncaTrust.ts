/**
 * The NCA RK roots this installation trusts (DER), the same on every device of a build: the app
 * loads them before its first screen (main.tsx, from the build's trust/nca.json); a test sets its own.
 * The rulebook reads them wherever it judges an NCA RK signature: a pull, a transfer file, a signing.
 */
let roots: readonly Uint8Array[] = [];

export const ncaRoots = (): readonly Uint8Array[] => roots;

export function trustNcaRoots(ders: readonly Uint8Array[]): void {
  roots = ders;
}
