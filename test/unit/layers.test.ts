import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rule (DESIGN.md "Layers")', () => {
  it.each([
    ['shared/x.ts', "import Dexie from 'dexie';"],
    ['shared/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['shared/x.ts', "import { db } from '../renderer/app/runtime';"],
    ['shared/x.ts', "import data from '../resources/calendar/kz.json';"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/x.ts', "import { join } from 'node:path';"],
    ['electron/security.ts', "import { app } from 'electron';"],
    ['server/x.ts', "import { db } from '../renderer/app/runtime';"],
  ])('refuses %s importing: %s', async (file, code) => {
    expect(await layerErrors(file, `${code}\nexport {};`)).toHaveLength(1);
  });

  it.each([
    ['renderer/x.ts', "import { decide } from '../shared';"],
    ['electron/main.ts', "import { app } from 'electron';"],
    ['server/x.ts', "import { verifyChain } from '../shared';"],
  ])('allows %s importing: %s', async (file, code) => {
    expect(await layerErrors(file, `${code}\nexport {};`)).toEqual([]);
  });
});

/** Each source file's relative imports (type imports too: a type needs a home that is not a circle). */
function importGraph(roots: readonly string[]): Map<string, string[]> {
  const files = roots.flatMap((root) => readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)).map((f) => join(root, f)));
  const known = new Set(files);
  const resolve = (from: string, spec: string) => [`${spec}.ts`, `${spec}.tsx`, `${spec}/index.ts`].map((c) => join(dirname(from), c)).find((c) => known.has(c));
  return new Map(
    files.map((file) => {
      const specs = [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^'"]*?['"](\.[^'"]+)['"]/gm)].map((m) => resolve(file, m[1]!));
      return [file, specs.filter((s): s is string => !!s)];
    }),
  );
}

/** The import circles: every path that leads from a file back to itself, one per circle found. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (file: string, path: string[]) => {
    if (path.includes(file)) return void found.push([...path.slice(path.indexOf(file)), file]);
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) walk(file, []);
  return found;
}

/** Every file the given one loads with it: its static imports, and theirs. */
function reached(graph: Map<string, string[]>, from: string, seen = new Set<string>()): Set<string> {
  for (const next of graph.get(from) ?? []) if (!seen.has(next)) reached(graph, next, seen.add(next));
  return seen;
}

describe('the modules', () => {
  it('import one another without circles: each type has one home', () => {
    expect(circles(importGraph(['shared', 'renderer', 'server', 'bench', 'electron']))).toEqual([]);
  });

  it('start without the screens loaded when first opened (screens/laterScreens.ts): the start bundle stays small', () => {
    const graph = importGraph(['shared', 'renderer']);
    const later = new Set(graph.get(join('renderer', 'screens', 'laterScreens.ts')));
    expect(later.size).toBeGreaterThan(10);
    expect([...reached(graph, join('renderer', 'main.tsx'))].filter((f) => later.has(f))).toEqual([]);
  });

  it('would see a circle', () => {
    expect(circles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']], ['c.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });
});
