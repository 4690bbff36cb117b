import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/sim/**/*.test.ts'],
    environment: 'node',
    // Real work in many tests (PBKDF2 at 600k, PDFs read by poppler and zbar, a hub): 5 s is too close on 2 busy cores.
    testTimeout: 30_000,
    // Starting PGlite or a PostgreSQL server on a loaded machine: no short fixed limit around a database's start.
    hookTimeout: 300_000,
  },
});
