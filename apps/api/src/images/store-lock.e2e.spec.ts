import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, tarOf, type LocalRegistry } from '@berth/images/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherTeam, withToken } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * The shared image store under a long build (real builds, a real registry on 127.0.0.1; root):
 * a prune waiting for the build must not stall another team's pull behind it.
 */
let subject: TestApp;
let registry: LocalRegistry;
let registryDir: string;

beforeAll(async () => {
  subject = await startTestApp();
  registryDir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  registry = await startLocalRegistry(registryDir);
});
afterAll(async () => {
  await registry?.stop();
  await subject?.close();
  if (registryDir) rmSync(registryDir, { recursive: true, force: true });
});

describe('image store lock', () => {
  it('lets another team pull while one team builds and a prune waits for that build', { timeout: 120_000 }, async () => {
    const admin = subject.http();
    const reference = `${registry.host}/shared/bb:1`;
    await admin.post('/api/v1/images/busybox/tag').send({ reference }).expect(201);
    await admin.post(`/api/v1/images/${reference}/push`).send({}).expect(200);

    const context = await tarOf([{ name: 'Dockerfile', content: 'FROM busybox\nRUN sleep 6\n' }]);
    let buildDone = 0;
    const build = admin
      .post('/api/v1/images/build')
      .query({ tag: 'slow:1' })
      .set('content-type', 'application/x-tar')
      .send(context)
      .then((response) => ((buildDone = Date.now()), response));
    // The build holds the store as a writer once its RUN container runs.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    let pruneDone = 0;
    const prune = admin
      .post('/api/v1/images/prune')
      .send({})
      .then((response) => ((pruneDone = Date.now()), response));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const team = await otherTeam(subject);
    const pulled = await withToken(subject, team.adminToken).post('/api/v1/images/pull').send({ reference });
    const pullDone = Date.now();
    expect(pulled.status, JSON.stringify(pulled.body)).toBe(200);

    expect((await build).status).toBe(200);
    expect((await prune).status).toBe(200);
    // The pull finished while the build still ran, and the prune ran only after the build.
    expect(pullDone).toBeLessThan(buildDone);
    expect(pruneDone).toBeGreaterThanOrEqual(buildDone);
  });
});
