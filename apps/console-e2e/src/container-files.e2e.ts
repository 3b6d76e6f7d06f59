import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole, type ConsolePage } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

const NAME = 'e2e-files-box';

let env: E2eEnvironment;
let consolePage: ConsolePage;
let page: Page;
let id: string;

beforeAll(async () => {
  env = await startE2eEnvironment();
  const created = await env.server.client.containers.create({ image: 'busybox:latest', name: NAME, cmd: ['sleep', '120'], network: 'none' });
  id = created.id;
  await env.server.client.containers.start(id);
  consolePage = await openConsole(env.browser, env.server, `/containers/${id}`);
  page = consolePage.page;
}, 60_000);
afterAll(async () => {
  await consolePage?.close();
  if (env) {
    await env.server.client.containers.remove(id, { force: true }).catch(() => undefined);
    await env.close();
  }
});

describe("a container's files in the console (real container)", () => {
  it('uploads a file into a directory and downloads a path as a tar', { timeout: 60_000 }, async () => {
    await page.locator('[data-test="tab-files"]').click();
    await page.locator('[data-test="files-upload-directory"]').fill('/tmp');
    await page
      .locator('[data-test="files-upload-file"]')
      .setInputFiles({ name: 'from-browser.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded\n') });
    await page.locator('[data-test="files-upload"] button[type="submit"]').click();
    await expect.poll(() => page.locator('[data-test="files-done"]').textContent(), { timeout: 10_000 }).toBe('Uploaded from-browser.txt into /tmp');
    const inside = await env.server.client.containers.exec(id, { cmd: ['cat', '/tmp/from-browser.txt'] });
    expect(inside.stdout).toBe('uploaded\n');

    await page.locator('[data-test="files-download-path"]').fill('/tmp/from-browser.txt');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="files-download"] button[type="submit"]').click()]);
    expect(download.suggestedFilename()).toBe('from-browser.txt.tar');
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toContain('uploaded\n');
    await keepScreenshot(page, 'container-files');
  });
});
