import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@berth/db/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRun, saveRun, type StoredRun } from '../persistence/run-repository.js';
import type { SuiteRun } from '../run/run-suite.js';
import { summarize } from '../stats/summary.js';
import { main } from './bench.js';

const CHROMIUM = process.env['BERTH_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../../tmp/bench-report.png', import.meta.url));

/** Runs the CLI in this process with DATABASE_URL on the test database; returns its exit status and stdout. */
async function bench(database: TestDatabase, ...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  try {
    const code = await main(['node', 'bench', ...args], { ...process.env, DATABASE_URL: database.url });
    return { code, stdout };
  } finally {
    write.mockRestore();
  }
}

// A real smoke run of the start suite (root, busybox, QEMU for the VM rows), stored in a
// database of its own on the test server, then reported on as a user would.
describe('bench CLI: persisted runs and their reports', () => {
  let database: TestDatabase;
  let run: StoredRun;
  let out: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    out = await mkdtemp(join(tmpdir(), 'berth-bench-report-'));
    const { code, stdout } = await bench(database, '--suite', 'start', '--smoke', '--json', '--persist');
    expect(code).toBe(0);
    run = JSON.parse(stdout) as StoredRun;
  }, 300_000);

  afterAll(async () => {
    await database?.drop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('stores the run with its environment, samples and statistics, and reads it back equal', async () => {
    expect(run.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await loadRun(database.prisma, run.id)).toEqual(run);
    expect((await loadRun(database.prisma, 'latest', 'start'))?.id).toBe(run.id);
    expect(await loadRun(database.prisma, 'not-a-run')).toBeUndefined();
    for (const key of ['cpu model', 'cpu cores', 'memory', 'kernel', 'cgroup version', '/dev/kvm', 'node', 'git revision']) {
      expect(run.environment[key], key).toBeTruthy();
    }
    const stored = await database.prisma.benchmarkResult.findMany({ where: { runId: run.id } });
    expect(stored).toHaveLength(run.results.length);
  });

  it('writes an HTML report whose charts draw in headless Chromium, and a Markdown summary', { timeout: 120_000 }, async () => {
    const dir = join(out, 'single');
    expect((await bench(database, 'report', run.id, '--out', dir)).code).toBe(0);
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    for (const result of run.results) expect(markdown).toContain(result.subject);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(`file://${join(dir, 'report.html')}`);
      const measured = run.results.filter((result) => result.summary).length;
      // Drawn, not merely present: every measured subject's box has a size on the page.
      const boxes = await page.locator('svg.chart rect.box').evaluateAll((nodes) =>
        nodes.map((node) => {
          const box = node.getBoundingClientRect();
          return box.width * box.height;
        }),
      );
      expect(boxes).toHaveLength(measured);
      expect(boxes.every((area) => area > 0)).toBe(true);
      expect(await page.locator('svg.chart line.median').count()).toBe(measured);
      const missing = run.results.filter((result) => result.missing).length;
      expect(await page.locator('svg.chart text.missing').count()).toBe(missing);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('flags a run 1.5× slower than its baseline as a regression and exits 1', { timeout: 60_000 }, async () => {
    const slowId = await saveRun(database.prisma, slowedDown(run, 1.5));
    const dir = join(out, 'regressed');
    const { code } = await bench(database, 'report', slowId, '--baseline', run.id, '--threshold', '0.1', '--out', dir);
    expect(code).toBe(1);
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    for (const result of run.results.filter((entry) => entry.summary)) {
      expect(markdown).toMatch(
        new RegExp(`\\| ${escapeRegExp(result.subject)} \\| [^|]+ \\| [\\d.]+ \\| [\\d.]+ \\| \\+50\\.0 % \\| \\*\\*REGRESSION\\*\\* \\|`),
      );
    }
    expect(html).toContain('REGRESSION');

    // The other way round it is an improvement, which passes.
    expect((await bench(database, 'report', run.id, '--baseline', slowId, '--out', join(out, 'improved'))).code).toBe(0);
    // A threshold above the slowdown lets it pass too.
    expect((await bench(database, 'report', slowId, '--baseline', run.id, '--threshold', '0.6', '--out', join(out, 'tolerated'))).code).toBe(0);
  });
});

/** The same run with every sample multiplied: what an injected slowdown looks like. */
function slowedDown(run: SuiteRun, factor: number): SuiteRun {
  return {
    ...run,
    results: run.results.map((result) => {
      if (!result.summary) return result;
      const samples = result.samples.map((sample) => sample * factor);
      return { ...result, samples, summary: summarize(samples) };
    }),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
