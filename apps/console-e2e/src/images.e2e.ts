import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openConsole, type ConsolePage } from './console-page.js';
import { startE2eEnvironment, type E2eEnvironment } from './e2e-environment.js';

const SAVED = 'e2e-saved:1';
const BUILT = 'e2e-built:1';

let env: E2eEnvironment;
let consolePage: ConsolePage;
let page: Page;
let workDir: string;

beforeAll(async () => {
  env = await startE2eEnvironment();
  workDir = mkdtempSync(join(tmpdir(), 'berth-console-e2e-'));
  consolePage = await openConsole(env.browser, env.server, '/images');
  page = consolePage.page;
});
afterAll(async () => {
  await consolePage?.close();
  if (env) {
    for (const reference of [SAVED, BUILT]) await env.server.client.images.remove(reference, { force: true }).catch(() => undefined);
    await env.close();
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/**
 * A `docker save` archive of an image the server does not hold: busybox under another name,
 * saved, then that name removed again.
 */
async function savedArchive(): Promise<string> {
  const client = env.server.client;
  await client.images.tag('busybox:latest', SAVED);
  const archive = join(workDir, 'saved.tar');
  await pipeline(Readable.fromWeb((await client.images.save(SAVED)) as WebReadableStream<Uint8Array>), createWriteStream(archive));
  await client.images.remove(SAVED);
  return archive;
}

/** A build context: a Dockerfile whose RUN step prints a line the log must show. */
function buildContext(): string {
  const dir = join(workDir, 'context');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:latest\nRUN echo built-by-the-console-e2e && echo second line\n');
  const tar = join(workDir, 'context.tar');
  const result = spawnSync('tar', ['-cf', tar, '-C', dir, 'Dockerfile']);
  if (result.status !== 0) throw new Error(`tar failed: ${result.stderr.toString()}`);
  return tar;
}

describe('images in the console (real image store)', () => {
  it('lists the seeded busybox image', async () => {
    await expect.poll(() => page.locator('[data-test="image-table"]').textContent(), { timeout: 10_000 }).toContain('busybox:latest');
  });

  it('loads an image from a tar file', { timeout: 60_000 }, async () => {
    const archive = await savedArchive();
    await expect.poll(() => page.locator('[data-test="image-table"]').textContent(), { timeout: 10_000 }).not.toContain(SAVED);

    await page.locator('[data-test="load-file"]').setInputFiles(archive);
    await page.locator('[data-test="load-submit"]').click();

    await expect.poll(() => page.locator('[data-test="load-result"]').textContent(), { timeout: 30_000 }).toContain(SAVED);
    await expect.poll(() => page.locator('[data-test="image-table"]').textContent(), { timeout: 10_000 }).toContain(SAVED);
  });

  it('builds an image from an uploaded context with a live log', { timeout: 120_000 }, async () => {
    await page.locator('[data-test="build-tag"]').fill(BUILT);
    await page.locator('[data-test="build-context"]').setInputFiles(buildContext());
    await page.locator('[data-test="build-submit"]').click();

    await expect.poll(() => page.locator('[data-test="build-log"]').textContent(), { timeout: 60_000 }).toContain('built-by-the-console-e2e');
    await expect.poll(() => page.locator('[data-test="build-result"]').textContent(), { timeout: 60_000 }).toContain(BUILT);
    await expect.poll(() => page.locator('[data-test="image-table"]').textContent(), { timeout: 10_000 }).toContain(BUILT);
    await keepScreenshot(page, 'images');
  });
});
