import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

/**
 * A benchmark run from the command line, shown on the console's Benchmarks page: the built
 * server on its own embedded PostgreSQL (as `npm start` runs it), the built bench CLI run the
 * way the page's empty state says, and the page in Chromium listing the run and opening its report.
 */
const BENCH_CLI = fileURLToPath(new URL('../../../benchmarks/dist/cli/bench.js', import.meta.url));
/** `unpack --smoke` measures for about 5 s here; the bound is for a stuck subject, not a slow machine. */
const CLI_TIMEOUT_MS = 45_000;

interface CliRun {
  id: string;
  suite: string;
  startedAt: string;
  results: { subject: string; summary?: { median: number } }[];
}

let env: E2eEnvironment;
beforeAll(async () => {
  env = await startE2eEnvironment({ database: 'embedded' });
});
afterAll(async () => {
  await env?.close();
});

/**
 * What `npm run bench -- ARGS` runs once its build is done (tools/bootstrap/bench.mjs), with
 * `--smoke` for time and `--json` to read the run back; DATABASE_URL unset, as on a host
 * running `npm start`, so the CLI has to find the API's database under BERTH_ROOT itself.
 */
async function benchFromShell(args: readonly string[], berthRoot: string): Promise<{ run: CliRun; stderr: string }> {
  if (!existsSync(BENCH_CLI)) throw new Error(`${BENCH_CLI} is missing: build the benchmarks first (npx nx run @berth/benchmarks:build)`);
  const shellEnv: NodeJS.ProcessEnv = { ...process.env, BERTH_ROOT: berthRoot };
  for (const name of ['DATABASE_URL', 'BERTH_BENCH_STATE', 'BERTH_TEST_DATABASE_URL']) delete shellEnv[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BENCH_CLI, ...args, '--smoke', '--json'], {
      env: shellEnv,
      timeout: CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
    });
    return { run: JSON.parse(stdout) as CliRun, stderr };
  } catch (error) {
    const failed = error as Error & { stderr?: string };
    throw new Error(`bench ${args.join(' ')} failed: ${failed.message}\n${failed.stderr ?? ''}`);
  }
}

describe('benchmarks page and the bench CLI', () => {
  it('lists a run made from the command line as the empty page says, and opens its report', { timeout: 120_000 }, async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/benchmarks');
    try {
      // A fresh server: the page is empty and names the command to run.
      const command = page.locator('[data-test="empty-command"]');
      await command.waitFor({ timeout: 15_000 });
      await keepScreenshot(page, 'benchmarks-empty');
      const [, argText] = /^npm run bench -- (.+)$/.exec((await command.textContent())!.trim()) ?? [];
      expect(argText, 'the empty state names an `npm run bench -- …` command').toBeDefined();
      const args = argText!.split(/\s+/);
      expect(args).toContain('--persist');

      const { run, stderr } = await benchFromShell(args, env.server.root);
      expect(stderr).toContain("the running API's database");
      expect(run.id).toMatch(/^[0-9a-f-]{36}$/);
      const measured = run.results.filter((result) => result.summary);
      expect(measured.length).toBeGreaterThan(0);

      // The user clicks Refresh: the run is listed with its suite, id, start time and count of measured subjects.
      await page.getByRole('button', { name: 'Refresh' }).click();
      const row = page.locator(`[data-test="run-row-${run.id}"]`);
      await row.waitFor({ timeout: 15_000 });
      const rowText = (await row.textContent())!;
      expect(rowText).toContain(run.suite);
      expect(rowText).toContain(run.id.slice(0, 12));
      expect(rowText).toContain(await page.evaluate((iso) => new Date(iso).toLocaleString(), run.startedAt));
      expect(rowText).toContain(`${measured.length} measured`);
      await keepScreenshot(page, 'benchmarks-cli-run');

      // Its report shows the medians the CLI printed, per subject.
      await page.locator(`[data-test="report-${run.id}"]`).click();
      const frame = page.locator('[data-test="report-frame"]');
      await frame.waitFor({ timeout: 30_000 });
      await expect.poll(async () => (await frame.getAttribute('srcdoc')) ?? '', { timeout: 30_000 }).toContain('<svg');
      const report = page.frameLocator('[data-test="report-frame"]');
      for (const result of measured) {
        const rows = await report.locator('tr', { hasText: result.subject }).allTextContents();
        expect(
          rows.some((text) => text.includes(result.summary!.median.toFixed(2))),
          `${result.subject}'s median in ${rows.join(' | ')}`,
        ).toBe(true);
      }
      await keepScreenshot(page, 'benchmarks-cli-report');
    } finally {
      await close();
    }
  });
});
