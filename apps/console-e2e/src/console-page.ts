import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BerthServer } from '@berth/testing';

/** Screenshots of the main pages, kept as test artifacts (git-ignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Opens `path` of the console in a fresh browser context signed in as the administrator.
 * Every test opens pages through here, so how the console is entered (signing in) lives
 * in one place. Signing in goes through the API's login endpoint with the context's own
 * request client, which keeps the session cookies for the pages it opens.
 */
export async function openConsole(browser: Browser, server: BerthServer, path = '/'): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url });
  const login = await context.request.post('/api/v1/auth/login', { data: { token: server.adminToken } });
  if (!login.ok()) throw new Error(`signing in to the console failed: ${login.status()} ${await login.text()}`);
  const page = await context.newPage();
  await page.goto(path);
  return { page, context, close: () => context.close() };
}

/** Saves a full-page screenshot as `<name>.png` among the test artifacts. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage: true });
}
