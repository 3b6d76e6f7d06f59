import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

/** Starting a benchmark from the console and reading its report — the built API runs the built bench CLI for real. */
let env: E2eEnvironment;
beforeAll(async () => {
  env = await startE2eEnvironment();
});
afterAll(async () => {
  await env?.close();
});

describe('benchmarks page', () => {
  it('starts a smoke run, follows its progress, and opens its report with charts', { timeout: 180_000 }, async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/benchmarks');
    try {
      const suites = page.locator('[data-test="suite-select"]');
      await expect.poll(() => suites.locator('option[value="unpack"]').count(), { timeout: 15_000 }).toBe(1);
      await suites.selectOption('unpack');
      await page.locator('[data-test="smoke-check"]').check();
      await page.locator('[data-test="start-run"]').click();
      const progress = page.locator('[data-test="job-progress"]');
      await expect.poll(() => progress.textContent(), { timeout: 150_000, interval: 1000 }).toMatch(/stored as run [0-9a-f-]{36}/);
      const runId = /stored as run ([0-9a-f-]{36})/.exec((await progress.textContent())!)![1]!;
      await keepScreenshot(page, 'benchmarks-progress');

      await page.locator(`[data-test="report-${runId}"]`).click();
      const frame = page.locator('[data-test="report-frame"]');
      await frame.waitFor({ timeout: 30_000 });
      // The report is a self-contained document with its charts drawn as inline SVG.
      await expect.poll(async () => (await frame.getAttribute('srcdoc')) ?? '', { timeout: 30_000 }).toContain('<svg');
      const charts = await page.frameLocator('[data-test="report-frame"]').locator('svg').count();
      expect(charts).toBeGreaterThan(0);
      await keepScreenshot(page, 'benchmarks-report');
      const run = await env.server.client.benchmarks.run(runId);
      expect(run.suite).toBe('unpack');
    } finally {
      await close();
    }
  });
});
