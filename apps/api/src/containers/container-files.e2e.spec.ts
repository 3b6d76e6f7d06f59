import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract, pack } from 'tar-stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherTeam } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Copying to and from a container over REST (real PostgreSQL, real containers): a round trip,
 * the refusals with their codes, another team's container as a 404, and a container that
 * swaps a directory for a link to a host directory over and over while it is read
 * (CVE-2018-15664's class): the host file must never come out.
 */
let subject: TestApp;
let host: string;
let secret: string;
let containerId: string;

beforeAll(async () => {
  subject = await startTestApp();
  host = mkdtempSync(join(tmpdir(), 'berth-cp-host-'));
  secret = `host-secret-${Math.random().toString(16).slice(2)}`;
  writeFileSync(join(host, 'secret'), `${secret}\n`);
  // Bounded: 20,000 swaps at most; the container is removed when the suite ends.
  const swap = `mkdir -p /race/d && echo inside > /race/d/secret && i=0 && while [ $i -lt 20000 ]; do mv /race/d /race/real; ln -s ${host} /race/d; rm /race/d; mv /race/real /race/d; i=$((i+1)); done; sleep 60`;
  containerId = (
    await subject
      .http()
      .post('/api/v1/containers')
      .send({ image: 'busybox', cmd: ['sh', '-c', swap], network: 'none' })
      .expect(201)
  ).body.id;
  await subject.http().post(`/api/v1/containers/${containerId}/start`).expect(200);
}, 60_000);
afterAll(async () => {
  await subject?.http().delete(`/api/v1/containers/${containerId}?force=true`);
  await subject?.close();
  if (host) rmSync(host, { recursive: true, force: true });
});

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, body] of Object.entries(files)) archive.entry({ name, mode: 0o644 }, body);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function filesOf(tar: Buffer): Promise<Record<string, string>> {
  const parser = extract();
  const files: Record<string, string> = {};
  const done = (async () => {
    for await (const entry of parser) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files[entry.header.name] = Buffer.concat(chunks).toString();
    }
  })();
  parser.end(tar);
  await done;
  return files;
}

const binary = (response: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('copy to and from a container over REST', () => {
  it('puts a tar into a directory and reads it back with its stat', async () => {
    const http = subject.http();
    await http
      .put(`/api/v1/containers/${containerId}/archive?path=/tmp`)
      .set('Content-Type', 'application/x-tar')
      .send(await tarOf({ 'hello.txt': 'hello over REST\n' }))
      .expect(204);
    const response = await http.get(`/api/v1/containers/${containerId}/archive?path=/tmp/hello.txt`).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/x-tar');
    const stat = JSON.parse(Buffer.from(response.headers['x-docker-container-path-stat'] as string, 'base64').toString()) as Record<string, unknown>;
    expect(stat).toMatchObject({ name: 'hello.txt', size: 16, mode: 0o644, linkTarget: '' });
    expect(await filesOf(response.body as Buffer)).toEqual({ 'hello.txt': 'hello over REST\n' });
    const head = await http.head(`/api/v1/containers/${containerId}/archive?path=/tmp`).expect(200);
    const dir = JSON.parse(Buffer.from(head.headers['x-docker-container-path-stat'] as string, 'base64').toString()) as { mode: number };
    expect(dir.mode).toBeGreaterThanOrEqual(2 ** 31);
  });

  it('refuses with stable codes and changes nothing', async () => {
    const http = subject.http();
    const problem = async (call: request.Test, status: number) => JSON.parse((await call.expect(status)).text) as { code: string };
    expect(await problem(http.get(`/api/v1/containers/${containerId}/archive?path=/no/such`), 404)).toMatchObject({ code: 'PATH_NOT_FOUND' });
    expect(await problem(http.get('/api/v1/containers/ghost/archive?path=/tmp'), 404)).toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
    expect(await problem(http.get(`/api/v1/containers/${containerId}/archive`), 400)).toMatchObject({ code: 'VALIDATION_FAILED' });
    const tar = await tarOf({ x: 'x' });
    const put = (path: string) => http.put(`/api/v1/containers/${containerId}/archive?path=${path}`).set('Content-Type', 'application/x-tar').send(tar);
    expect(await problem(put('/no/such/dir'), 404)).toMatchObject({ code: 'PATH_NOT_FOUND' });
    expect(await problem(put('/tmp/hello.txt'), 400)).toMatchObject({ code: 'NOT_A_DIRECTORY' });
    const notTar = http.put(`/api/v1/containers/${containerId}/archive?path=/tmp`).set('Content-Type', 'application/x-tar').send(Buffer.alloc(1024, 7));
    expect(await problem(notTar, 400)).toMatchObject({ code: 'INVALID_ARCHIVE' });
    const json = http.put(`/api/v1/containers/${containerId}/archive?path=/tmp`).send({ not: 'a tar' });
    expect(await problem(json, 415)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it("answers 404 for another team's container, reading or writing", async () => {
    const other = await otherTeam(subject);
    const them = request(subject.app.getHttpServer());
    const auth = `Bearer ${other.adminToken}`;
    const read = await them.get(`/api/v1/containers/${containerId}/archive?path=/tmp`).set('Authorization', auth).expect(404);
    expect(JSON.parse(read.text)).toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
    await them.head(`/api/v1/containers/${containerId}/archive?path=/tmp`).set('Authorization', auth).expect(404);
    const write = await them
      .put(`/api/v1/containers/${containerId}/archive?path=/tmp`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/x-tar')
      .send(await tarOf({ 'theirs.txt': 'no' }))
      .expect(404);
    expect(JSON.parse(write.text)).toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
    await subject.http().get(`/api/v1/containers/${containerId}/archive?path=/tmp/theirs.txt`).expect(404);
  });

  it('never reads the host file through a directory the container swaps for a link', { timeout: 120_000 }, async () => {
    const outcomes = { inside: 0, missing: 0 };
    const started = Date.now();
    for (let round = 0; round < 40 && Date.now() - started < 60_000; round++) {
      const response = await subject.http().get(`/api/v1/containers/${containerId}/archive?path=/race/d/secret`).buffer(true).parse(binary);
      // Caught mid-swap (/race/d moved away): nothing there, a 404 — never the host's file.
      if (response.status === 404) {
        outcomes.missing += 1;
        continue;
      }
      expect(response.status).toBe(200);
      const body = (response.body as Buffer).toString('latin1');
      expect(body.includes(secret), `round ${round} read the host file`).toBe(false);
      expect(body).toContain('inside');
      outcomes.inside += 1;
    }
    expect(outcomes.inside).toBeGreaterThan(0);
    console.log(`REST copy race: ${outcomes.inside} read inside, ${outcomes.missing} found nothing mid-swap`);
  });
});
