import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/** The benchmark's smoke test: a short run produces every figure. Timings are the bench's to judge, not a test's. */
test('a short bench with 2,000 cases produces every figure', async () => {
  test.setTimeout(600_000);
  const out = join(mkdtempSync(join(tmpdir(), 'kense-bench-')), 'bench.json');
  execFileSync('npx', ['tsx', 'bench/run.ts', '--built', '--cases', '2000', '--sync-events', '1000', '--runs', '3', '--json', out], { stdio: 'inherit' });
  const figures = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  expect(figures.cases).toBe(2_000);
  for (const name of [
    'training_office_s',
    'audit_check_events_per_s',
    'cold_start_ms',
    'worklist_ms_p50',
    'search_iin_ms_p50',
    'search_name_ms_p50',
    'intake_commit_ms_p50',
    'pdf_certificate_ms_p50',
    'sync_ingest_events_per_s',
    'sync_pull_events_per_s',
    'ref_idb_puts_per_s',
    'worklist_visa_ms_p50',
    'list_overdue_ms_p50',
    'menu_counts_ms_p50',
    'ref_db_inserts_per_s',
    'ref_bare_pdf_ms_p50',
    'ratio_intake_to_idb_put',
    'ratio_pdf_to_bare_page',
    'ratio_ingest_to_db_inserts',
    'ratio_pull_to_idb_puts',
    'renderer_js_gzip_kb',
    'renderer_js_start_gzip_kb',
    'renderer_heap_mb',
  ]) {
    expect(Number.isFinite(figures[name]) && (figures[name] as number) > 0, name).toBe(true);
  }
  expect(['PostgreSQL', 'PGlite']).toContain(figures.sync_hub);
});
