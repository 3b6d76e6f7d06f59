import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

const VOLUME = 'e2e-console-data';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2eEnvironment();
});
afterAll(async () => {
  if (env) {
    await env.server.client.volumes.remove(VOLUME, { force: true }).catch(() => undefined);
    await env.close();
  }
});

describe('volumes and networks pages', () => {
  it('creates, inspects and removes a volume', { timeout: 30_000 }, async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/volumes');
    try {
      await expect.poll(() => page.locator('[data-test="empty"], [data-test="volume-table"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.locator('[data-test="volume-name"]').fill(VOLUME);
      await page.locator('[data-test="volume-create"]').click();
      const row = page.locator(`[data-test="volume-row-${VOLUME}"]`);
      await row.waitFor({ timeout: 10_000 });

      await row.locator('text=Inspect').click();
      await expect.poll(() => page.locator('[data-test="json"]').textContent(), { timeout: 10_000 }).toContain('"mountpoint"');
      await keepScreenshot(page, 'volumes');

      await row.locator('text=Remove').click();
      await row.locator('text=Really remove?').click();
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
      // The row goes optimistically, before the DELETE is answered: wait for the API, bounded.
      await expect.poll(async () => (await env.server.client.volumes.listAll()).map((volume) => volume.name), { timeout: 10_000 }).not.toContain(VOLUME);
    } finally {
      await close();
    }
  });

  it('shows the networks page', { timeout: 30_000 }, async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/networks');
    try {
      await expect.poll(() => page.locator('[data-test="empty"], [data-test="network-table"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await page.locator('[data-test="network-create"]').count()).toBe(1);
      await keepScreenshot(page, 'networks');
    } finally {
      await close();
    }
  });
});
