import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, tarOf, type LocalRegistry } from '@berth/images/testing';
import { CONFIG_ENV } from '@berth/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { EventsService } from '../events/events.service.js';

// The real API on its own database and state root (seeded with busybox:latest), Debian's
// docker-registry behind htpasswd basic auth, and a small upload limit to test refusals.
const UPLOAD_LIMIT = 8 * 1024 * 1024;
const USER = { username: 'berth-ci', password: 's3cret-pass' };

let subject: TestApp;
let registry: LocalRegistry;
let registryDir: string;
let busyboxId: string;

beforeAll(async () => {
  subject = await startTestApp({ [CONFIG_ENV.maxUploadSize]: String(UPLOAD_LIMIT) });
  registryDir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const htpasswd = join(registryDir, 'htpasswd');
  // The registry accepts bcrypt entries only.
  writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', USER.username, USER.password]));
  registry = await startLocalRegistry(join(registryDir, 'registry'), htpasswd);
  // Listening, so the raw-socket tests below can reach it as supertest does.
  await new Promise<void>((resolve) => subject.app.getHttpServer().listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await registry?.stop();
  await subject?.close();
  if (registryDir) rmSync(registryDir, { recursive: true, force: true });
});

const api = () => subject.http();

interface ServerSentEvent {
  event: string;
  data: unknown;
}

/** Reads a whole text/event-stream answer into its events. */
function parseEvents(text: string): ServerSentEvent[] {
  // Comment-only blocks (`: connected`, heartbeats) are no events, as EventSource sees them.
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').some((line) => line.startsWith('data: ')))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length) ?? 'message';
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

/** A supertest parser that keeps the body as text (event streams are not buffered by default). */
function textBody(response: request.Response, callback: (error: Error | null, body: string) => void): void {
  const stream = response as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => callback(null, text));
}

function binaryBody(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Everything a bad request must leave as it was: the team's catalogue and the store's names. */
async function state(): Promise<unknown> {
  const rows = await subject.db.prisma.image.findMany({ orderBy: { digest: 'asc' }, select: { digest: true, repoTags: true } });
  const index = readFileSync(join(subject.root, 'images', 'index.json'), 'utf8');
  return { rows, index: JSON.parse(index) as unknown };
}

/** The files of a tar archive, read with the system's tar. */
function tarEntries(archive: Buffer): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-saved-'));
  try {
    execFileSync('tar', ['-xf', '-', '-C', dir], { input: archive });
    const entries = new Map<string, Buffer>();
    const walk = (relative: string) => {
      for (const name of readdirSync(join(dir, relative))) {
        const path = relative ? `${relative}/${name}` : name;
        if (statSync(join(dir, path)).isDirectory()) walk(path);
        else entries.set(path, readFileSync(join(dir, path)));
      }
    };
    walk('');
    return entries;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('listing and inspecting', () => {
  it('lists the seeded busybox', async () => {
    const response = await api().get('/api/v1/images').expect(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.total).toBe(1);
    const [image] = response.body.items;
    expect(image).toMatchObject({ repoTags: ['busybox:latest'], repoDigests: [], containers: 0, id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(image.size).toBeGreaterThan(100_000);
    expect(Number.isNaN(Date.parse(image.created))).toBe(false);
    busyboxId = image.id;
  });

  it('filters by reference glob and by dangling', async () => {
    expect((await api().get('/api/v1/images').query({ reference: 'busy*' }).expect(200)).body.items).toHaveLength(1);
    expect((await api().get('/api/v1/images').query({ reference: 'busybox:latest' }).expect(200)).body.items).toHaveLength(1);
    expect((await api().get('/api/v1/images').query({ reference: 'alpine' }).expect(200)).body.items).toHaveLength(0);
    expect((await api().get('/api/v1/images').query({ dangling: 'true' }).expect(200)).body.items).toHaveLength(0);
    expect((await api().get('/api/v1/images').query({ dangling: 'false' }).expect(200)).body.items).toHaveLength(1);
    // A page past the end is empty, with the total still counted.
    expect((await api().get('/api/v1/images').query({ offset: 1 }).expect(200)).body).toEqual({ items: [], total: 1 });
    expect((await api().get('/api/v1/images').query({ limit: 1001 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const bad = await api().get('/api/v1/images').query({ dangling: 'maybe' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'dangling' })] });
  });

  it('inspects by name, full name with slashes, digest and id prefix', async () => {
    const hex = busyboxId.slice('sha256:'.length);
    for (const ref of ['busybox', 'busybox:latest', 'docker.io/library/busybox:latest', encodeURIComponent('library/busybox'), busyboxId, hex.slice(0, 12)]) {
      const response = await api().get(`/api/v1/images/${ref}`).expect(200);
      expect(response.body.id).toBe(busyboxId);
    }
    const { body } = await api().get('/api/v1/images/busybox').expect(200);
    expect(body).toMatchObject({ os: 'linux', repoTags: ['busybox:latest'], config: { cmd: ['sh'] } });
    expect(body.layers).toHaveLength(1);
    expect(body.layers[0]).toMatchObject({
      digest: expect.stringMatching(/^sha256:/),
      diffId: expect.stringMatching(/^sha256:/),
      size: expect.any(Number),
    });
    // A single layer's chain ID is its diff ID (OCI image spec).
    expect(body.layers[0].chainId).toBe(body.layers[0].diffId);
  });

  it('shows the history, newest first', async () => {
    const { body } = await api().get('/api/v1/images/busybox/history').expect(200);
    expect(body.length).toBeGreaterThanOrEqual(1);
    const withLayer = body.filter((entry: { emptyLayer: boolean }) => !entry.emptyLayer);
    expect(withLayer).toHaveLength(1);
    expect(withLayer[0].size).toBeGreaterThan(100_000);
    expect(body[0].tags).toEqual(['busybox:latest']);
  });
});

describe('refusals change nothing', () => {
  it('answers an invalid reference with 400 INVALID_REFERENCE', async () => {
    const before = await state();
    for (const call of [
      api().get('/api/v1/images/Not_A_Name!'),
      api().post('/api/v1/images/pull').send({ reference: 'UPPER/case' }),
      api().post('/api/v1/images/busybox/tag').send({ reference: 'bad tag!' }),
      api()
        .post('/api/v1/images/busybox/tag')
        .send({ reference: `app@sha256:${'a'.repeat(64)}` }),
      api().post('/api/v1/images/busybox/push').send({ target: 'http://127.0.0.1/x' }),
    ]) {
      const response = await call.expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(response.text)).toMatchObject({ status: 400, code: 'INVALID_REFERENCE', detail: expect.any(String) });
    }
    expect(await state()).toEqual(before);
  });

  it('answers an unknown image with 404 IMAGE_NOT_FOUND', async () => {
    const before = await state();
    for (const call of [
      api().get('/api/v1/images/nothing-here:1'),
      api().get('/api/v1/images/nothing-here/history'),
      api().get(`/api/v1/images/sha256:${'0'.repeat(64)}`),
      api().delete('/api/v1/images/nothing-here'),
      api().post('/api/v1/images/nothing-here/tag').send({ reference: 'other:1' }),
      api().get('/api/v1/images/nothing-here/save'),
    ]) {
      const response = await call.expect(404);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    }
    expect(await state()).toEqual(before);
  });

  it('refuses unknown and malformed fields, with the field named', async () => {
    const response = await api().post('/api/v1/images/pull').send({ reference: 'busybox', insecure: 'yes', extra: 1 }).expect(400);
    const fields = JSON.parse(response.text).errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['insecure', 'extra']));
  });

  it('refuses a load body over the limit, declared or streamed, with 413', async () => {
    const before = await state();
    const declared = await api()
      .post('/api/v1/images/load')
      .set('Content-Type', 'application/x-tar')
      .send(Buffer.alloc(UPLOAD_LIMIT + 1024))
      .expect(413);
    expect(JSON.parse(declared.text)).toMatchObject({ code: 'BODY_TOO_LARGE' });

    // Chunked, so the size is only learned while reading: the stream is cut at the limit.
    const { port } = subject.app.getHttpServer().address() as AddressInfo;
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const call = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/images/load',
          headers: { 'Content-Type': 'application/x-tar', Authorization: `Bearer ${subject.adminToken}` },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      // Writes after the server closed the connection fail; the answer already came.
      call.on('error', (error) => (call.destroyed ? undefined : reject(error)));
      const chunk = Buffer.alloc(1024 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < UPLOAD_LIMIT + 4 * chunk.length) {
          sent += chunk.length;
          if (!call.write(chunk)) return void call.once('drain', pump);
        }
        call.end();
      };
      pump();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(await state()).toEqual(before);
  });

  it('refuses a body that is not an image archive', async () => {
    const before = await state();
    const garbage = await api().post('/api/v1/images/load').set('Content-Type', 'application/x-tar').send(Buffer.from('not a tar at all')).expect(400);
    expect(JSON.parse(garbage.text).code).toMatch(/^(INVALID_ARCHIVE|UNSAFE_LAYER|CORRUPT_LAYER)$/);
    const empty = await api()
      .post('/api/v1/images/load')
      .set('Content-Type', 'application/x-tar')
      .send(await tarOf([{ name: 'hello.txt', content: 'hi\n' }]))
      .expect(400);
    expect(JSON.parse(empty.text)).toMatchObject({ code: 'INVALID_ARCHIVE' });
    const json = await api().post('/api/v1/images/load').send({ not: 'a tar' }).expect(415);
    expect(JSON.parse(json.text)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await state()).toEqual(before);
  });

  it('refuses an archive with a layer that unpacking would refuse, recording nothing and storing no blob', async () => {
    const layer = await tarOf([{ name: '../../../etc/cron.d/evil', content: '* * * * * root id\n' }]);
    const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
    const archive = await tarOf([
      { name: 'config.json', content: JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] } }) },
      { name: 'layer.tar', content: layer },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: ['crafted:1'], Layers: ['layer.tar'] }]) },
    ]);
    const blobs = () => readdirSync(join(subject.root, 'images', 'blobs', 'sha256')).sort();
    const before = { state: await state(), blobs: blobs() };
    const response = await api().post('/api/v1/images/load').set('Content-Type', 'application/x-tar').send(archive).expect(400);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'UNSAFE_LAYER', detail: expect.stringContaining('../../../etc/cron.d/evil') });
    expect({ state: await state(), blobs: blobs() }).toEqual(before);
    await api().get('/api/v1/images/crafted:1').expect(404);
  });
});

describe('registry', () => {
  const target = () => `${registry.host}/berth/busybox:1`;

  it('pushes the seeded busybox with basic auth', async () => {
    const response = await api().post('/api/v1/images/busybox/push').send({ target: target(), auth: USER }).expect(200);
    expect(response.body).toMatchObject({ reference: target(), digest: busyboxId });
    expect(response.body.uploaded.length + response.body.skipped.length).toBe(2);
  });

  it('refuses a pull without credentials or with wrong ones, and catalogues nothing', async () => {
    const before = await state();
    const anonymous = await api().post('/api/v1/images/pull').send({ reference: target() }).expect(403);
    expect(JSON.parse(anonymous.text)).toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    const wrong = await api()
      .post('/api/v1/images/pull')
      .send({ reference: target(), auth: { ...USER, password: 'nope' } })
      .expect(403);
    expect(JSON.parse(wrong.text)).toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    const missing = await api()
      .post('/api/v1/images/pull')
      .send({ reference: `${registry.host}/berth/absent:1`, auth: USER })
      .expect(404);
    expect(JSON.parse(missing.text)).toMatchObject({ code: 'MANIFEST_NOT_FOUND' });
    expect(await state()).toEqual(before);
  });

  it('pulls with progress as server-sent events', async () => {
    const response = await api()
      .post('/api/v1/images/pull')
      .set('Accept', 'text/event-stream')
      .send({ reference: target(), auth: USER })
      .buffer(true)
      .parse(textBody)
      .expect(200)
      .expect('content-type', /text\/event-stream/);
    const events = parseEvents(response.body as string);
    const progress = events.filter((event) => event.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (const { data } of progress)
      expect(data).toMatchObject({ digest: expect.stringMatching(/^sha256:/), bytes: expect.any(Number), total: expect.any(Number) });
    expect(events.at(-1)).toMatchObject({
      event: 'done',
      data: { id: busyboxId, reference: target(), registryDigest: busyboxId, repoTags: expect.arrayContaining(['busybox:latest', target()]) },
    });
    // Events are written behind the requests that made them.
    await subject.app.get(EventsService).drain();
    const events_ = await subject.db.prisma.event.findMany({ where: { type: 'image', action: 'pull' } });
    expect(events_.map((event) => event.actorId)).toContain(busyboxId);
    const { body } = await api().get(`/api/v1/images/${target()}`).expect(200);
    expect(body.repoDigests).toEqual([`${registry.host}/berth/busybox@${busyboxId}`]);
  });

  it('answers a pull refused before any progress with its real status, even when streaming was asked for', async () => {
    const response = await api().post('/api/v1/images/pull').set('Accept', 'text/event-stream').send({ reference: 'NOPE' }).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('tag and untag', () => {
  it('tags, then deleting the tag leaves the image', async () => {
    const tagged = await api().post('/api/v1/images/busybox/tag').send({ reference: 'team/tools:1' }).expect(201);
    expect(tagged.body.repoTags).toEqual(expect.arrayContaining(['busybox:latest', 'team/tools:1']));
    expect((await api().get('/api/v1/images/team/tools:1').expect(200)).body.id).toBe(busyboxId);
    const index = JSON.parse(readFileSync(join(subject.root, 'images', 'index.json'), 'utf8'));
    expect(index.manifests.map((entry: { annotations: Record<string, string> }) => entry.annotations['org.opencontainers.image.ref.name'])).toContain(
      'docker.io/team/tools:1',
    );

    const removed = await api().delete('/api/v1/images/team/tools:1').expect(200);
    expect(removed.body).toEqual({ untagged: ['team/tools:1'], deleted: [] });
    await api().get('/api/v1/images/team/tools:1').expect(404);
    expect((await api().get('/api/v1/images/busybox').expect(200)).body.id).toBe(busyboxId);
  });

  it('refuses to remove an image with several tags by id unless forced', async () => {
    const before = await state();
    const response = await api().delete(`/api/v1/images/${busyboxId}`).expect(409);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'IMAGE_HAS_MULTIPLE_TAGS' });
    expect(await state()).toEqual(before);
  });
});

describe('save and load', () => {
  it('round-trips busybox through a docker save archive', async () => {
    const saved = await api().get('/api/v1/images/busybox/save').buffer(true).parse(binaryBody).expect(200).expect('content-type', 'application/x-tar');
    const entries = tarEntries(saved.body as Buffer);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toEqual([{ Config: expect.stringMatching(/\.json$/), RepoTags: ['busybox:latest'], Layers: [expect.stringMatching(/layer\.tar$/)] }]);

    // Loaded under another name, so the round trip is seen in the catalogue.
    manifest[0].RepoTags = ['roundtrip:1'];
    entries.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    const archive = await tarOf([...entries].map(([name, content]) => ({ name, content })));
    const loaded = await api().post('/api/v1/images/load').set('Content-Type', 'application/x-tar').send(archive).expect(200);
    expect(loaded.body).toEqual({ loaded: [{ reference: 'roundtrip:1', id: expect.stringMatching(/^sha256:/) }] });

    const original = (await api().get('/api/v1/images/busybox').expect(200)).body;
    const copy = (await api().get('/api/v1/images/roundtrip:1').expect(200)).body;
    // The same config and layers make the same manifest: the round trip keeps the digest.
    expect(loaded.body.loaded[0].id).toBe(busyboxId);
    expect(copy).toMatchObject({ id: busyboxId, layers: original.layers, repoTags: expect.arrayContaining(['busybox:latest', 'roundtrip:1']) });
    // Events are written behind the requests that made them.
    await subject.app.get(EventsService).drain();
    const events = await subject.db.prisma.event.findMany({ where: { type: 'image', action: 'load' } });
    expect(events.map((event) => event.actorId)).toContain(copy.id);
  });
});

describe('OpenAPI', () => {
  it('documents the image routes', async () => {
    const { body } = await api().get('/api/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/images', '/api/v1/images/pull', '/api/v1/images/build', '/api/v1/images/{ref}', '/api/v1/images/{ref}/history']),
    );
    expect(body.paths['/api/v1/images/pull'].post.requestBody.content['application/json'].schema.$ref).toMatch(/PullImageDto$/);
    expect(body.paths['/api/v1/images/{ref}'].get.responses['200'].content['application/json'].schema.$ref).toMatch(/ImageDetailDto$/);
  });
});
