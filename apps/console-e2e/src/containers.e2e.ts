import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole, type ConsolePage } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

/** Every container this file makes is named with this prefix, so cleanup finds them all. */
const PREFIX = 'e2e-console-';
const NAME = `${PREFIX}web`;

let env: E2eEnvironment;
let consolePage: ConsolePage;
let page: Page;

beforeAll(async () => {
  env = await startE2eEnvironment();
  consolePage = await openConsole(env.browser, env.server, '/containers');
  page = consolePage.page;
});
afterAll(async () => {
  await consolePage?.close();
  if (env) {
    const left = await env.server.client.containers.listAll({ all: true, name: PREFIX });
    await Promise.all(left.map((container) => env.server.client.containers.remove(container.id, { force: true })));
    await env.close();
  }
});

/** Text of the xterm.js rows, one string per line, trailing blanks trimmed. */
async function terminalLines(): Promise<string[]> {
  return page
    .locator('[data-test="terminal"] .xterm-rows > div')
    .allTextContents()
    .then((rows) => rows.map((row) => row.replace(/\s+$/, '')));
}

describe('containers in the console (real containers)', () => {
  it('creates a busybox container with a memory limit and a published port from the form, and sees it running', { timeout: 60_000 }, async () => {
    await expect.poll(() => page.locator('[data-test="empty"], [data-test="container-table"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await keepScreenshot(page, 'containers-empty');

    await page.locator('[data-test="create-container"]').click();
    await page.locator('[data-test="create-form"]').waitFor();
    await page.locator('[data-test="image"]').fill('busybox:latest');
    await page.locator('[data-test="name"]').fill(NAME);
    // The trap lets a stop end it at once (a shell as PID 1 ignores SIGTERM otherwise, and stop waits 10 s).
    await page.locator('[data-test="command"]').fill(`sh -c 'trap "exit 0" TERM; echo started; i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done'`);
    await page.locator('[data-test="memory"]').fill('64m');
    await page.locator('[data-test="add-port"]').click();
    await page.locator('[data-test="port-0"] [data-test="container-port"]').fill('8080');
    await keepScreenshot(page, 'container-create');
    await page.locator('[data-test="submit"]').click();

    // The form takes us to the container's page once it is created and started.
    await page.waitForURL(/\/containers\/[0-9a-f]{64}$/, { timeout: 20_000 });
    await expect.poll(() => page.locator('[data-test="container-status"]').first().textContent(), { timeout: 15_000 }).toBe('running');
    const overview = await page.locator('[data-test="container-overview"]').textContent();
    expect(overview).toContain('→ 8080/tcp');

    const created = await env.server.client.containers.inspect(NAME);
    expect(created.status).toBe('running');
    expect(created.config.resources?.memory).toBe('64m');
    expect(created.ports[0]).toMatchObject({ containerPort: 8080, protocol: 'tcp' });
  });

  it('follows the logs live', { timeout: 30_000 }, async () => {
    await page.locator('[data-test="tab-logs"]').click();
    await expect.poll(() => page.locator('[data-test="logs"]').textContent(), { timeout: 10_000 }).toContain('started');
    const seen = (await page.locator('[data-test="logs"]').textContent()) ?? '';
    const lastTick = Number(/tick (\d+)(?!.*tick)/s.exec(seen)?.[1] ?? -1);
    // A line written after the page opened arrives without a reload.
    await expect.poll(() => page.locator('[data-test="logs"]').textContent(), { timeout: 10_000 }).toContain(`tick ${lastTick + 2}`);
    expect(await page.locator('[data-test="logs-state"]').textContent()).toContain('Following live');
    await keepScreenshot(page, 'container-logs');
  });

  it('runs `echo hi` in the terminal and shows `hi`', { timeout: 30_000 }, async () => {
    await page.locator('[data-test="tab-terminal"]').click();
    await expect.poll(() => page.locator('[data-test="terminal-state"]').textContent(), { timeout: 10_000 }).toContain('Connected');
    await page.locator('[data-test="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.type('echo hi\n');
    // The echoed command line also holds "hi"; the output is a line of its own.
    await expect.poll(async () => (await terminalLines()).includes('hi'), { timeout: 10_000 }).toBe(true);
    await keepScreenshot(page, 'container-terminal');
  });

  it('shows the stats charts updating live, with the memory limit', { timeout: 30_000 }, async () => {
    await page.locator('[data-test="tab-stats"]').click();
    const points = async () => Number(await page.locator('[data-test="chart-CPU"]').getAttribute('data-points'));
    await expect.poll(points, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const before = await points();
    await expect.poll(points, { timeout: 10_000 }).toBeGreaterThan(before);
    for (const chart of ['Memory', 'Processes', 'Network', 'Block I/O']) {
      expect(await page.locator(`[data-test="chart-${chart}"] canvas`).count()).toBe(1);
    }
    expect(await page.locator('[data-test="stats"]').textContent()).toContain('of 64MiB');
    await keepScreenshot(page, 'container-stats');
  });

  it('shows the container live in the list, then stops and removes it', { timeout: 120_000 }, async () => {
    await page.locator('[data-test="tab-inspect"]').click();
    expect(await page.locator('[data-test="json"]').textContent()).toContain(`"name": "${NAME}"`);

    await page.locator('[data-test="action-stop"]').click();
    // The page shows "stopped" at once (optimistic); the server's answer confirms it.
    await expect.poll(() => page.locator('[data-test="container-status"]').first().textContent(), { timeout: 5_000 }).toMatch(/^stopped/);
    await expect.poll(async () => (await env.server.client.containers.inspect(NAME)).status, { timeout: 20_000 }).toBe('stopped');
    await expect.poll(() => page.locator('[data-test="action-start"]').isEnabled(), { timeout: 10_000 }).toBe(true);

    // The list, opened elsewhere, follows the event stream: a start made through the API shows up.
    await page.locator('nav >> text=Containers').click();
    const row = page.locator(`[data-test="container-row-${NAME}"]`);
    await expect.poll(() => row.locator('[data-test="container-status"]').textContent(), { timeout: 15_000 }).toMatch(/^stopped/);
    await env.server.client.containers.start(NAME);
    await expect.poll(() => row.locator('[data-test="container-status"]').textContent(), { timeout: 15_000 }).toBe('running');
    await keepScreenshot(page, 'containers');

    // Bulk: select it and stop it from the list.
    await page.locator(`[aria-label="Select ${NAME}"]`).check();
    await page.locator('[data-test="bulk-actions"] >> text=Stop').click();
    await expect.poll(async () => (await env.server.client.containers.inspect(NAME)).status, { timeout: 20_000 }).toBe('stopped');
    await expect.poll(() => row.locator('[data-test="container-status"]').textContent(), { timeout: 10_000 }).toMatch(/^stopped/);

    // Remove from its page: the first press asks, the second removes.
    await row.locator('a').first().click();
    await page.locator('[data-test="action-remove"] button').first().click();
    await page.locator('[data-test="action-remove"] button').first().click();
    await page.waitForURL(/\/containers$/, { timeout: 15_000 });
    await expect.poll(() => page.locator(`[data-test="container-row-${NAME}"]`).count(), { timeout: 10_000 }).toBe(0);
    await expect(env.server.client.containers.inspect(NAME)).rejects.toMatchObject({ status: 404 });
  });
});
