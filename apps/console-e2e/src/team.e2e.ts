import { BerthClient } from '@berth/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

/** Signing in, the team page (members, tokens, audit) and what a viewer is not offered — real Chromium, API, PostgreSQL. */
let env: E2eEnvironment;
const VIEWER = { username: 'e2e-viewer', password: 'a viewer password' };

beforeAll(async () => {
  env = await startE2eEnvironment();
  await env.server.client.teams.addMember({ ...VIEWER, role: 'viewer' });
});
afterAll(async () => {
  await env?.close();
});

async function signInThroughThePage(path: string, username: string, password: string) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.url });
  const page = await context.newPage();
  await page.goto(path);
  await page.waitForURL(/\/login/, { timeout: 10_000 });
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return { page, close: () => context.close() };
}

describe('console access', () => {
  it('sends a signed-out visitor to the login page, refuses a wrong password, and signs in', { timeout: 30_000 }, async () => {
    const { page, close } = await signInThroughThePage('/containers', VIEWER.username, 'wrong password!');
    try {
      await expect.poll(() => page.locator('[data-testid="login-error"]').textContent(), { timeout: 10_000 }).toContain('wrong username or password');
      await keepScreenshot(page, 'login');
      await page.getByLabel('Password').fill(VIEWER.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/containers$/, { timeout: 10_000 });
      await expect.poll(() => page.locator('[data-test="session-menu"]').textContent(), { timeout: 10_000 }).toContain(`${VIEWER.username} · viewer`);
    } finally {
      await close();
    }
  });

  it('offers a viewer no create button, and the API refuses the viewer a direct call', { timeout: 30_000 }, async () => {
    const { page, close } = await signInThroughThePage('/containers', VIEWER.username, VIEWER.password);
    try {
      await page.waitForURL(/\/containers$/, { timeout: 10_000 });
      await expect.poll(() => page.locator('[data-test="session-menu"]').count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => page.locator('[data-test="empty"], table').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await page.getByRole('link', { name: /create/i }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /create/i }).count()).toBe(0);
      // The same session, straight at the API with the CSRF header the console would send: refused for the role.
      const status = await page.evaluate(async () => {
        const csrf = /(?:^|; )berth_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
        const response = await fetch('/api/v1/containers', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
          body: JSON.stringify({ image: 'busybox' }),
        });
        return { status: response.status, code: ((await response.json()) as { code: string }).code };
      });
      expect(status).toEqual({ status: 403, code: 'ROLE_REQUIRED' });
      // Nor is the create form reachable by its address.
      await page.goto('/containers/new');
      await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
      await page.goto('/team');
      await page.locator('[data-test="members-table"]').waitFor({ timeout: 10_000 });
      expect(await page.getByRole('tab', { name: 'Tokens' }).count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('lets an admin create a token shown once that works, and see it in the audit log', { timeout: 30_000 }, async () => {
    const { page, close } = await openConsole(env.browser, env.server, '/team');
    try {
      await page.locator('[data-test="members-table"]').waitFor({ timeout: 10_000 });
      await keepScreenshot(page, 'team-members');
      await page.getByRole('tab', { name: 'Tokens' }).click();
      await page.locator('input[name="token-name"]').fill('e2e-ci');
      await page.locator('select[name="token-role"]').selectOption('operator');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = (await page.locator('[data-test="new-token-secret"]').textContent({ timeout: 10_000 }))!.trim();
      expect(secret).toMatch(/^berth_/);
      await page.locator('[data-test="token-e2e-ci"]').waitFor();
      await keepScreenshot(page, 'team-tokens');
      const me = await new BerthClient({ baseUrl: env.server.url, token: secret }).auth.me();
      expect(me.role).toBe('operator');

      await page.getByRole('tab', { name: 'Audit log' }).click();
      await page.locator('input[name="action"]').fill('tokens');
      await page.getByRole('button', { name: 'Filter' }).click();
      await expect.poll(() => page.locator('[data-test="audit-table"]').textContent(), { timeout: 10_000 }).toContain('tokens.create');
      await keepScreenshot(page, 'team-audit');
    } finally {
      await close();
    }
  });
});
