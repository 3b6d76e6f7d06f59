import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let subject: TestApp;
let consoleDir: string;
beforeAll(async () => {
  consoleDir = mkdtempSync(join(tmpdir(), 'berth-console-'));
  mkdirSync(join(consoleDir, 'assets'));
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Berth</title><div id="app"></div>');
  writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log("berth")');
  subject = await startTestApp({ BERTH_CONSOLE_DIR: consoleDir });
});
afterAll(async () => {
  await subject?.close();
  rmSync(consoleDir, { recursive: true, force: true });
});

describe('the HTTP surface', () => {
  it('answers unknown API routes with problem+json and a stable code', async () => {
    const response = await subject.http().get('/api/v1/no-such-thing').expect(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/api/v1/no-such-thing' });
  });

  it('serves system facts under /api/v1', async () => {
    const response = await subject.http().get('/api/v1/system/info').expect(200);
    expect(response.body).toMatchObject({ cpus: expect.any(Number), database: 'external', stateRoot: subject.root });
    expect(['v1', 'v2', 'hybrid', 'none']).toContain(response.body.cgroupVersion);
  });

  it('publishes an OpenAPI document and its UI', async () => {
    const document = await subject.http().get('/api/docs-json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/api/v1/system/info']));
    await subject.http().get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('serves the console and its deep links, but never for server paths', async () => {
    await subject
      .http()
      .get('/')
      .expect(200)
      .expect(/<div id="app">/);
    await subject
      .http()
      .get('/containers/web')
      .expect(200)
      .expect(/<div id="app">/);
    await subject.http().get('/assets/app.js').expect(200).expect(/berth/);
    await subject
      .http()
      .get('/api/v1/containers-typo')
      .expect(404)
      .expect('content-type', /problem/);
  });
});
