import { mkdirSync } from 'node:fs';
import { release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@berth/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startBerthServer, type BerthServer } from './berth-server.js';

const ARTIFACTS = fileURLToPath(new URL('../../../tmp/e2e-artifacts/', import.meta.url));

let db: TestDatabase;
let server: BerthServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false }); // the server migrates it at start, as in production
  server = await startBerthServer(db.url);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

describe('console served by the server', () => {
  it('shows the dashboard with readiness and host facts', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-test="check-database"]').textContent(), { timeout: 15_000 }).toContain('OK');
    expect(await page.locator('[data-test="check-migrations"]').textContent()).toContain('OK');
    expect(await page.locator('[data-test="host-facts"]').textContent()).toContain(release());
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
  });

  it('serves deep links from the server (reload on a client route works)', async () => {
    const response = await page.goto(`${server.url}/some/client/route`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('nav[aria-label="Main"]').textContent()).toContain('Dashboard');
  });
});
