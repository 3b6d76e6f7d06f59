import { release } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2eEnvironment();
});
afterAll(async () => {
  await env?.close();
});

describe('console served by the server', () => {
  it('shows the dashboard with readiness, host facts, counts and live events', async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/');
    try {
      await expect.poll(() => page.locator('[data-test="check-database"]').textContent(), { timeout: 15_000 }).toContain('OK');
      expect(await page.locator('[data-test="check-migrations"]').textContent()).toContain('OK');
      expect(await page.locator('[data-test="host-facts"]').textContent()).toContain(release());
      await expect.poll(() => page.locator('[data-test="count-images"]').textContent(), { timeout: 10_000 }).toContain('1');
      await expect.poll(() => page.locator('[data-test="recent-events"]').textContent(), { timeout: 10_000 }).toContain('Live');

      // Something happens elsewhere: the event shows up without a reload.
      await env.server.client.volumes.create({ name: 'e2e-dashboard' });
      await expect.poll(() => page.locator('[data-test="recent-events"]').textContent(), { timeout: 10_000 }).toContain('e2e-dashboard');
      await expect.poll(() => page.locator('[data-test="count-volumes"]').textContent(), { timeout: 10_000 }).toContain('1');
      await keepScreenshot(page, 'dashboard');
    } finally {
      await close();
      await env.server.client.volumes.remove('e2e-dashboard', { force: true });
    }
  });

  it('serves deep links from the server (reload on a client route works)', async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/some/client/route');
    try {
      expect(await page.locator('nav[aria-label="Main"]').textContent()).toContain('Containers');
    } finally {
      await close();
    }
  });

  it('switches between light and dark themes', async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/');
    try {
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.locator('[data-test="theme-toggle"]').click(); // system → light
      const light = await background();
      await page.locator('[data-test="theme-toggle"]').click(); // light → dark
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
      expect(await background()).not.toBe(light);
      await keepScreenshot(page, 'dashboard-dark');
    } finally {
      await close();
    }
  });
});
