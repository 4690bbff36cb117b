import { useState } from 'react';
import type { CaseRow } from '../store/rows';

/** The cases ticked on a list, by id; a case that leaves the list (its step done) is no longer selected. */
export function useSelection(rows: readonly CaseRow[] | undefined) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const listed = rows ?? [];
  const selected = listed.filter((r) => ticked.has(r.id));
  return {
    selected,
    has: (id: string) => ticked.has(id),
    toggle: (id: string) => setTicked((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id]))),
    all: listed.length > 0 && selected.length === listed.length,
    toggleAll: () => setTicked(selected.length === listed.length ? new Set() : new Set(listed.map((r) => r.id))),
  };
}
export type Selection = ReturnType<typeof useSelection>;
