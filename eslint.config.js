// Lint, and the layer rule of DESIGN.md "Layers", enforced per folder.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const node = ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto'];
const restrict = (patterns, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] });

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'test-results/', 'playwright-report/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      ['react', 'react-*', 'dexie', 'dexie-*', 'zustand', 'i18next', 'electron', 'pg', '@electric-sql/*', ...node, '**/renderer/**', '**/electron/**', '**/server/**', '**/resources/**'],
      'shared/ is the pure domain: no UI, storage, Node or other layer; take I/O through a port.',
    ),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: restrict(['electron', ...node, '**/electron/**', '**/server/**'], 'renderer/ reaches the OS only through the PlatformBridge.'),
  },
  {
    files: ['electron/**/*.ts'],
    rules: restrict(['**/renderer/**', '**/server/**'], 'electron/ imports shared/ for the IPC contract only.'),
  },
  {
    files: ['electron/security.ts'],
    rules: restrict(['electron', '**/renderer/**', '**/server/**'], 'the shell’s rules stay pure so vitest can test them in Node.'),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(['**/renderer/**', '**/electron/**', 'electron', 'react', 'dexie'], 'server/ imports shared/ only.'),
  },
);
