import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kk } from '../../renderer/i18n/kk';
import { ru } from '../../renderer/i18n/ru';
import { en } from '../../renderer/i18n/en';

/**
 * The check behind "every screen in three languages": each language has every key, no key is
 * left unused, each plural has its language's categories (KAZAKHSTAN.md), and each text has the
 * same {{values}} as the Kazakh one.
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const CATEGORIES = { kk: ['one', 'other'], ru: ['few', 'many', 'one', 'other'], en: ['one', 'other'] } as const;

function leaves(tree: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(prefix + key, value);
    else for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) found.set(k, v);
  }
  return found;
}

/** Keys with their plural suffix taken off; each with the categories the language gives it. */
function keysOf(tree: object): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const key of leaves(tree).keys()) {
    const base = key.replace(PLURAL, '');
    keys.set(base, [...(keys.get(base) ?? []), ...(PLURAL.test(key) ? [PLURAL.exec(key)![1]!] : [])]);
  }
  return keys;
}

const languages = { kk, ru, en };
const values = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('the three languages', () => {
  const base = keysOf(kk);

  it('have the same keys, none empty', () => {
    for (const [language, tree] of Object.entries(languages)) {
      expect([...keysOf(tree).keys()].sort(), language).toEqual([...base.keys()].sort());
      expect([...leaves(tree)].filter(([, text]) => !text.trim()).map(([key]) => key), language).toEqual([]);
    }
  });

  it('give each plural exactly its language’s categories: kk one/other, ru one/few/many/other', () => {
    for (const [language, tree] of Object.entries(languages)) {
      for (const [key, categories] of keysOf(tree)) {
        if (categories.length) expect(categories.sort(), `${language} ${key}`).toEqual(CATEGORIES[language as keyof typeof CATEGORIES]);
      }
    }
  });

  it('put in each text the values the Kazakh one has', () => {
    const kkTexts = leaves(kk);
    for (const [language, tree] of Object.entries(languages)) {
      for (const [key, text] of leaves(tree)) {
        const reference = kkTexts.get(key) ?? kkTexts.get(key.replace(PLURAL, '_other'))!;
        expect(values(text), `${language} ${key}`).toEqual(values(reference));
      }
    }
  });

  it('are all used by the app: every key is named in the code, or under a prefix the code completes', () => {
    const code = sources(join(import.meta.dirname, '../../renderer')).join('\n');
    const named = new Set([...code.matchAll(/['"`]([a-zA-Z]\w*(?:\.\w+)+)['"`]/g)].map((m) => m[1]!));
    const prefixes = [...code.matchAll(/`([a-zA-Z]\w*(?:\.\w+)*\.)\$\{/g)].map((m) => m[1]!);
    const unused = [...base.keys()].filter((key) => !named.has(key) && !prefixes.some((p) => key.startsWith(p)));
    expect(unused).toEqual([]);
  });
});
