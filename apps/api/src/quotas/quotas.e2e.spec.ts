import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Per-team bounds and the default pids limit through the real API (real PostgreSQL, real
 * containers; root). The app runs with small bounds so each can be reached in a few requests.
 */
let subject: TestApp;
let http: ReturnType<typeof request>;
beforeAll(async () => {
  subject = await startTestApp({
    BERTH_TEAM_MAX_CONTAINERS: '2',
    BERTH_TEAM_MAX_MEMORY: '96m',
    BERTH_TEAM_MAX_IMAGE_STORAGE: '1k',
    BERTH_TEAM_MAX_VOLUME_STORAGE: '1m',
    BERTH_PIDS_LIMIT: '40',
  });
  http = subject.http();
});
afterAll(async () => {
  await subject?.close();
});

const containerNames = async () =>
  ((await http.get('/api/v1/containers?all=true').expect(200)).body.items as { name: string }[]).map((item) => item.name).sort();

describe('team quotas', () => {
  it('bounds the team memory limits and container count; a refusal makes nothing', async () => {
    const withoutLimit = await http.post('/api/v1/containers').send({ image: 'busybox', name: 'unbounded', network: 'none', cmd: ['true'] });
    expect(withoutLimit.status).toBe(400);
    expect(withoutLimit.body).toMatchObject({ code: 'MEMORY_LIMIT_REQUIRED' });
    expect(withoutLimit.body.detail).toContain('96MiB');

    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'first', network: 'none', cmd: ['true'], resources: { memory: '64m' } })
      .expect(201);
    const tooMuch = await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'second', network: 'none', cmd: ['true'], resources: { memory: '64m' } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(tooMuch.body.detail).toContain('32MiB left');

    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'second', network: 'none', cmd: ['true'], resources: { memory: '32m' } })
      .expect(201);
    // Raising a limit counts the others, not its own old one.
    expect((await http.post('/api/v1/containers/second/update').send({ resources: { memory: '33m' } })).body).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    await http
      .post('/api/v1/containers/second/update')
      .send({ resources: { memory: '16m' } })
      .expect(200);

    const third = await http.post('/api/v1/containers').send({ image: 'busybox', name: 'third', network: 'none', cmd: ['true'], resources: { memory: '8m' } });
    expect(third.status).toBe(409);
    expect(third.body.detail).toContain('BERTH_TEAM_MAX_CONTAINERS=2');
    expect(await containerNames()).toEqual(['first', 'second']);

    for (const name of ['first', 'second']) await http.delete(`/api/v1/containers/${name}`).expect(204);
  });

  it('refuses to add images once the team holds its image storage', async () => {
    // The seeded busybox:latest, catalogued for the default team, is already past 1 KiB.
    const pulled = await http.post('/api/v1/images/pull').send({ reference: '127.0.0.1:1/never:1' });
    expect(pulled.status).toBe(409);
    expect(pulled.body).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(pulled.body.detail).toContain('BERTH_TEAM_MAX_IMAGE_STORAGE');
  });

  it('refuses new volumes once the team volumes hold their storage', async () => {
    const first = (await http.post('/api/v1/volumes').send({ name: 'filled' }).expect(201)).body;
    mkdirSync(first.mountpoint, { recursive: true });
    writeFileSync(join(first.mountpoint, 'blob'), Buffer.alloc(2 * 1024 * 1024));
    const second = await http.post('/api/v1/volumes').send({ name: 'refused' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(((await http.get('/api/v1/volumes').expect(200)).body.items as { name: string }[]).map((volume) => volume.name)).toEqual(['filled']);
    await http.delete('/api/v1/volumes/filled').expect(204);
  });
});

describe('default pids limit', () => {
  it('holds a fork bomb of a container that set no pidsLimit at BERTH_PIDS_LIMIT, and the API keeps answering', { timeout: 60_000 }, async () => {
    // Bounded: at most 200 sleepers are tried; the limit stops it at 40 tasks. The forking runs in
    // a subshell, which a failed fork ends, so that the container's shell lives on to report.
    const script = '(i=0; while [ $i -lt 200 ]; do sleep 60 & i=$((i+1)); done) 2>/dev/null; echo forked; sleep 60';
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'bomb', network: 'none', cmd: ['sh', '-c', script], resources: { memory: '64m' } })
      .expect(201);
    await http.post('/api/v1/containers/bomb/start').expect(200);
    const deadline = Date.now() + 20_000;
    let logs = '';
    while (!logs.includes('forked') && Date.now() < deadline) {
      logs = JSON.stringify((await http.get('/api/v1/containers/bomb/logs').expect(200)).body);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(logs).toContain('forked');
    const stats = (await http.get('/api/v1/containers/bomb/stats').expect(200)).body;
    expect(stats.pids).toMatchObject({ limit: 40 });
    expect(stats.pids.current).toBeLessThanOrEqual(40);
    expect(stats.pids.current).toBeGreaterThan(30);
    await http.get('/healthz').expect(200);
    await http.delete('/api/v1/containers/bomb?force=true').expect(204);
  });
});
