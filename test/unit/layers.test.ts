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
