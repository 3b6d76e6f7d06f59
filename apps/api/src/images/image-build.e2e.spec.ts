import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, tarOf, type LocalRegistry } from '@berth/images/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherTeam, withToken } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { EventsService } from '../events/events.service.js';

// Builds run RUN steps in real Berth containers (root, overlayfs, the native shim), then
// the results go through prune, delete-while-in-use and a registry round trip.
let subject: TestApp;
let registry: LocalRegistry;
let registryDir: string;
let teamId: string;

beforeAll(async () => {
  subject = await startTestApp();
  registryDir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  registry = await startLocalRegistry(registryDir);
  teamId = (await subject.db.prisma.team.findFirstOrThrow({ where: { name: 'default' } })).id;
});

afterAll(async () => {
  await registry?.stop();
  await subject?.close();
  if (registryDir) rmSync(registryDir, { recursive: true, force: true });
});

const api = () => subject.http();

const DOCKERFILE = `FROM busybox
ARG GREETING=hello
RUN echo "$GREETING from run" && echo "$GREETING" > /greeting
COPY app.txt /app/app.txt
WORKDIR /app
CMD ["cat", "/app/app.txt"]
`;

function context(files: Record<string, string>): Promise<Buffer> {
  return tarOf(Object.entries(files).map(([name, content]) => ({ name, content })));
}

/** A supertest parser that keeps the body as text (event streams are not buffered by default). */
function textBody(response: request.Response, callback: (error: Error | null, body: string) => void): void {
  const stream = response as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => callback(null, text));
}

function parseEvents(text: string): { event: string; data: any }[] {
  // Comment-only blocks (`: connected`, heartbeats) are no events, as EventSource sees them.
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').some((line) => line.startsWith('data: ')))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length) ?? 'message';
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length));
      return { event, data: JSON.parse(data.join('\n')) };
    });
}

/** The team's catalogue and the store's names, which refused requests must leave as they were. */
async function state(): Promise<unknown> {
  const rows = await subject.db.prisma.image.findMany({ orderBy: { digest: 'asc' }, select: { digest: true, repoTags: true } });
  return { rows, index: JSON.parse(readFileSync(join(subject.root, 'images', 'index.json'), 'utf8')) as unknown };
}

function blobPath(digest: string): string {
  return join(subject.root, 'images', 'blobs', 'sha256', digest.slice('sha256:'.length));
}

describe('build', () => {
  let firstId: string;

  it('builds a Dockerfile with RUN and COPY and answers JSON with the log', { timeout: 120_000 }, async () => {
    const response = await api()
      .post('/api/v1/images/build')
      .query({ tag: 'built:1', buildArgs: JSON.stringify({ GREETING: 'hi' }) })
      .set('Content-Type', 'application/x-tar')
      .send(await context({ Dockerfile: DOCKERFILE, 'app.txt': 'hello app\n' }))
      .expect(200);
    expect(response.body).toMatchObject({ reference: 'built:1', runs: 1, cacheHits: 0, id: expect.stringMatching(/^sha256:/) });
    expect(response.body.log).toContain('  hi from run');
    firstId = response.body.id;

    const { body } = await api().get('/api/v1/images/built:1').expect(200);
    expect(body).toMatchObject({ id: firstId, config: { cmd: ['cat', '/app/app.txt'], workingDir: '/app' } });
    expect(body.layers).toHaveLength(3);
    const history = (await api().get('/api/v1/images/built:1/history').expect(200)).body;
    expect(history[0]).toMatchObject({ createdBy: expect.stringContaining('CMD'), emptyLayer: true, tags: ['built:1'] });
    expect(history.some((entry: { createdBy: string }) => entry.createdBy.includes('RUN'))).toBe(true);
    // Events are written behind the requests that made them.
    await subject.app.get(EventsService).drain();
    const events = await subject.db.prisma.event.findMany({ where: { type: 'image', action: 'build', actorId: firstId } });
    expect(events).toHaveLength(1);
  });

  it('builds again from the cache, streaming steps and log', { timeout: 120_000 }, async () => {
    const response = await api()
      .post('/api/v1/images/build')
      .query({ tag: 'built:1', buildArgs: JSON.stringify({ GREETING: 'hi' }) })
      .set('Content-Type', 'application/x-tar')
      .set('Accept', 'text/event-stream')
      .send(await context({ Dockerfile: DOCKERFILE, 'app.txt': 'hello app\n' }))
      .buffer(true)
      .parse(textBody)
      .expect(200);
    const events = parseEvents(response.body as string);
    const steps = events.filter((event) => event.event === 'step').map((event) => event.data);
    expect(steps.map((step) => step.instruction)).toEqual([
      'FROM busybox',
      'ARG GREETING=hi',
      expect.stringContaining('RUN'),
      'COPY app.txt /app/app.txt',
      'WORKDIR /app',
      'CMD ["cat","/app/app.txt"]',
    ]);
    expect(steps[0]).toMatchObject({ number: 1, total: 6 });
    expect(events.filter((event) => event.event === 'log').map((event) => event.data.line)).toContain(' ---> CACHED');
    const done = events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', data: { reference: 'built:1', runs: 0, cacheHits: 2 } });
    expect(done.data.id).not.toBe(firstId);
    expect(done.data.log).toBeUndefined();

    // The tag moved to the new build; the first one is now dangling.
    const dangling = (await api().get('/api/v1/images').query({ dangling: true }).expect(200)).body.items;
    expect(dangling.map((image: { id: string }) => image.id)).toEqual([firstId]);
  });

  it('builds up to a target stage, with labels set on the image over its LABELs', { timeout: 120_000 }, async () => {
    const dockerfile = 'FROM busybox AS base\nLABEL tier=dockerfile keep=yes\nCOPY a.txt /a.txt\n\nFROM base AS final\nRUN exit 3\n';
    const response = await api()
      .post('/api/v1/images/build')
      .query({ tag: 'staged:base', target: 'base', labels: JSON.stringify({ tier: 'web' }) })
      .set('Content-Type', 'application/x-tar')
      .send(await context({ Dockerfile: dockerfile, 'a.txt': 'a\n' }))
      .expect(200);
    expect(response.body).toMatchObject({ reference: 'staged:base', runs: 0 });
    expect(response.body.steps.map((step: { instruction: string }) => step.instruction)).toEqual(['LABEL tier="dockerfile" keep="yes"', 'COPY a.txt /a.txt']);
    expect((await api().get('/api/v1/images/staged:base').expect(200)).body.config.labels).toEqual({ tier: 'web', keep: 'yes' });
  });

  it('refuses bad builds and catalogues nothing', { timeout: 120_000 }, async () => {
    const before = await state();
    const build = async (query: Record<string, string>, files: Record<string, string>, status: number, code: string) => {
      const response = await api()
        .post('/api/v1/images/build')
        .query(query)
        .set('Content-Type', 'application/x-tar')
        .send(await context(files))
        .expect(status);
      expect(JSON.parse(response.text)).toMatchObject({ status, code });
      return JSON.parse(response.text) as { detail: string };
    };
    await build({ tag: 'bad:1' }, { 'app.txt': 'x' }, 400, 'INVALID_DOCKERFILE');
    await build({ tag: 'bad:1', dockerfile: '../../etc/passwd' }, { Dockerfile: DOCKERFILE }, 400, 'INVALID_DOCKERFILE');
    await build({ tag: 'bad:1' }, { Dockerfile: 'FROM busybox\nFROBNICATE now\n' }, 400, 'INVALID_DOCKERFILE');
    await build({ tag: 'bad:1' }, { Dockerfile: 'FROM nothing-here:1\nRUN true\n' }, 404, 'IMAGE_NOT_FOUND');
    await build({ tag: 'Bad Tag' }, { Dockerfile: DOCKERFILE }, 400, 'INVALID_REFERENCE');
    await build({ tag: 'bad:1', buildArgs: '["x"]' }, { Dockerfile: DOCKERFILE }, 400, 'INVALID_BUILD_ARGS');
    await build({ tag: 'bad:1', labels: '{"tier":1}' }, { Dockerfile: DOCKERFILE }, 400, 'INVALID_LABELS');
    await build({ tag: 'bad:1', target: 'nope' }, { Dockerfile: DOCKERFILE, 'app.txt': 'x' }, 400, 'INVALID_TARGET');
    const failed = await build({ tag: 'bad:1' }, { Dockerfile: 'FROM busybox\nRUN echo about to fail && exit 3\n' }, 422, 'BUILD_FAILED');
    expect(failed.detail).toContain('exit code 3');
    expect(failed.detail).toContain('about to fail');
    const missingTag = await api().post('/api/v1/images/build').set('Content-Type', 'application/x-tar').send(Buffer.alloc(0)).expect(400);
    expect(JSON.parse(missingTag.text)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await state()).toEqual(before);
  });
});

describe('prune and delete', () => {
  it('prunes the untagged image and reclaims its bytes', async () => {
    const [dangling] = (await api().get('/api/v1/images').query({ dangling: true }).expect(200)).body.items;
    const config = (await subject.db.prisma.image.findFirstOrThrow({ where: { digest: dangling.id } })).config as { rootfs: { diff_ids: string[] } };
    expect(config.rootfs.diff_ids).toHaveLength(3);
    const response = await api().post('/api/v1/images/prune').expect(200);
    expect(response.body.deleted).toEqual([dangling.id]);
    // Its manifest and config go; its layers stay, the rebuilt image shares them.
    expect(response.body.reclaimedBytes).toBeGreaterThan(0);
    expect(response.body.blobs).toBeGreaterThanOrEqual(2);
    expect(existsSync(blobPath(dangling.id))).toBe(false);
    await api().get(`/api/v1/images/${dangling.id}`).expect(404);
    await api().get('/api/v1/images/built:1').expect(200);
    await api().get('/api/v1/images/busybox').expect(200);
    const again = await api().post('/api/v1/images/prune').expect(200);
    expect(again.body).toMatchObject({ deleted: [], reclaimedBytes: 0 });
  });

  it('refuses to delete an image a container uses; force untags and keeps it', async () => {
    const image = (await api().get('/api/v1/images/built:1').expect(200)).body;
    const row = await subject.db.prisma.image.findFirstOrThrow({ where: { digest: image.id } });
    await subject.db.prisma.container.create({
      data: { id: randomBytes(32).toString('hex'), name: 'uses-built', teamId, imageId: row.id, imageRef: 'built:1', status: 'running', spec: {} },
    });
    expect((await api().get('/api/v1/images/built:1').expect(200)).body.containers).toBe(1);

    const before = await state();
    const refused = await api().delete('/api/v1/images/built:1').expect(409);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'IMAGE_IN_USE', detail: expect.stringContaining('uses-built') });
    expect(await state()).toEqual(before);

    const forced = await api().delete('/api/v1/images/built:1').query({ force: true }).expect(200);
    expect(forced.body).toEqual({ untagged: ['built:1'], deleted: [] });
    await api().get('/api/v1/images/built:1').expect(404);
    // Untagged but kept, and prune leaves it and its content alone while the container exists.
    expect((await api().get(`/api/v1/images/${image.id}`).expect(200)).body).toMatchObject({ repoTags: [], containers: 1 });
    const pruned = await api().post('/api/v1/images/prune').expect(200);
    expect(pruned.body.deleted).toEqual([]);
    for (const layer of image.layers) expect(existsSync(blobPath(layer.digest))).toBe(true);

    await subject.db.prisma.container.deleteMany({ where: { name: 'uses-built' } });
    const collected = await api().post('/api/v1/images/prune').expect(200);
    expect(collected.body.deleted).toEqual([image.id]);
    expect(collected.body.reclaimedBytes).toBeGreaterThan(0);
    expect(existsSync(blobPath(image.id))).toBe(false);
    // Events are written behind the requests that made them.
    await subject.app.get(EventsService).drain();
    const deletions = await subject.db.prisma.event.findMany({ where: { type: 'image', action: 'delete', actorId: image.id } });
    expect(deletions).toHaveLength(1);
  });
});

describe('registry round trip', () => {
  it('a pull that fails mid-stream sends an error event and catalogues nothing; a good one downloads', { timeout: 120_000 }, async () => {
    const unique = randomBytes(8).toString('hex');
    const built = await api()
      .post('/api/v1/images/build')
      .query({ tag: 'roundtrip:1' })
      .set('Content-Type', 'application/x-tar')
      .send(await context({ Dockerfile: `FROM busybox\nRUN echo ${unique} > /unique\n` }))
      .expect(200);
    const target = `${registry.host}/berth/roundtrip:1`;
    // Loopback registries speak plain HTTP without `insecure`.
    const pushed = await api().post('/api/v1/images/roundtrip:1/push').send({ target }).expect(200);
    expect(pushed.body.digest).toBe(built.body.id);
    const { layers } = (await api().get('/api/v1/images/roundtrip:1').expect(200)).body;
    await api().delete('/api/v1/images/roundtrip:1').expect(200);
    await api().post('/api/v1/images/prune').expect(200);
    const top = layers.at(-1).digest as string;
    expect(existsSync(blobPath(top))).toBe(false);

    // The registry serves the RUN layer with different bytes.
    const served = join(registryDir, 'data', 'docker', 'registry', 'v2', 'blobs', 'sha256', top.slice(7, 9), top.slice(7), 'data');
    const original = readFileSync(served);
    writeFileSync(served, Buffer.alloc(original.length, 1));
    const before = await state();
    const failed = await api()
      .post('/api/v1/images/pull')
      .set('Accept', 'text/event-stream')
      .send({ reference: target })
      .buffer(true)
      .parse(textBody)
      .expect(200);
    const failedEvents = parseEvents(failed.body as string);
    expect(failedEvents.some((event) => event.event === 'progress')).toBe(true);
    expect(failedEvents.at(-1)).toMatchObject({ event: 'error', data: { status: 502, code: 'DIGEST_MISMATCH' } });
    expect(await state()).toEqual(before);

    writeFileSync(served, original);
    const pulled = await api()
      .post('/api/v1/images/pull')
      .set('Accept', 'text/event-stream')
      .send({ reference: target })
      .buffer(true)
      .parse(textBody)
      .expect(200);
    const events = parseEvents(pulled.body as string);
    const finished = events.filter((event) => event.event === 'progress' && event.data.digest === top && event.data.done);
    expect(finished).toEqual([{ event: 'progress', data: { digest: top, bytes: original.length, total: original.length, done: true } }]);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { id: built.body.id, repoTags: [target] } });
  });

  it('refuses plain HTTP to a registry that is not loopback unless insecure', async () => {
    const before = await state();
    // Unresolvable on purpose: the error says which scheme was tried.
    const response = await api().post('/api/v1/images/pull').send({ reference: 'registry.invalid:5000/app:1' }).expect(502);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'REGISTRY_UNREACHABLE', detail: expect.stringContaining('https://registry.invalid:5000') });
    const insecure = await api().post('/api/v1/images/pull').send({ reference: 'registry.invalid:5000/app:1', insecure: true }).expect(502);
    expect(JSON.parse(insecure.text)).toMatchObject({ code: 'REGISTRY_UNREACHABLE', detail: expect.stringContaining('http://registry.invalid:5000') });
    expect(await state()).toEqual(before);
  });
});

describe('a build context written as an adversary would', () => {
  const build = (tag: string, archive: Buffer) => api().post('/api/v1/images/build').query({ tag }).set('Content-Type', 'application/x-tar').send(archive);
  const DOCKER_FILE = { name: 'Dockerfile', content: 'FROM busybox\nCOPY . /ctx/\n' };

  it.each(['/dev/zero', '/proc/kmsg', '../../../../../etc/shadow'])(
    'reads a .dockerignore symlinked to %s inside the context, where nothing is: ignored, never read',
    { timeout: 60_000 },
    async (target) => {
      const started = Date.now();
      const response = await build(
        'ignored-link:1',
        await tarOf([DOCKER_FILE, { name: '.dockerignore', type: 'symlink', linkname: target }, { name: 'app.txt', content: 'app\n' }]),
      );
      expect(response.status, response.text).toBe(200);
      expect(Date.now() - started).toBeLessThan(30_000);
      const { body } = await api().get('/api/v1/images/ignored-link:1').expect(200);
      // The symlink is copied as a symlink; no content of its target is in the layer.
      const layer = readFileSync(blobPath((body.layers as { diffId: string }[]).at(-1)!.diffId));
      expect(layer.includes('root:')).toBe(false);
    },
  );

  it('matches a pathological .dockerignore pattern in linear time', { timeout: 60_000 }, async () => {
    const long = `${'a'.repeat(200)}.txt`;
    const started = Date.now();
    const response = await build(
      'glob:1',
      await tarOf([DOCKER_FILE, { name: '.dockerignore', content: '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n(a+)+b\n' }, { name: long, content: 'x' }]),
    );
    expect(response.status, response.text).toBe(200);
    // A backtracking matcher takes hours on this name; the whole build takes a second or two.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses a .dockerignore that is not a regular file with 400', { timeout: 60_000 }, async () => {
    const before = await state();
    const response = await build('ignore-dir:1', await tarOf([DOCKER_FILE, { name: '.dockerignore/', type: 'directory' }]));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'INVALID_DOCKERIGNORE' });
    expect(await state()).toEqual(before);
  });
});

describe('two teams building on one host', () => {
  // Issue 16, reproduction 5: team B names team A's image in COPY --from, by the name of a
  // stage that only comes later, or through a variable its own base image's ENV sets.
  let other: ReturnType<typeof withToken>;

  beforeAll(async () => {
    await api()
      .post('/api/v1/images/build')
      .query({ tag: 'secretapp:latest' })
      .set('Content-Type', 'application/x-tar')
      .send(await context({ Dockerfile: 'FROM busybox\nRUN echo topsecret-of-default > /secret\n' }))
      .expect(200);
    other = withToken(subject, (await otherTeam(subject)).adminToken);
    // Team B gets busybox the way a team does: loading an archive of it.
    const saved = await api()
      .get('/api/v1/images/busybox/save')
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    await other
      .post('/api/v1/images/load')
      .set('Content-Type', 'application/x-tar')
      .send(saved.body as Buffer)
      .expect(200);
  }, 120_000);

  async function buildAsOther(tag: string, files: Record<string, string>) {
    return other
      .post('/api/v1/images/build')
      .query({ tag })
      .set('Content-Type', 'application/x-tar')
      .send(await context(files));
  }

  it("cannot read the other team's image through a name only a later stage takes", { timeout: 120_000 }, async () => {
    const before = await state();
    const response = await buildAsOther('stolen:1', {
      Dockerfile: 'FROM busybox\nCOPY --from=secretapp /secret /loot\nFROM busybox AS secretapp\nCOPY --from=0 /loot /loot\n',
    });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'IMAGE_NOT_FOUND', detail: expect.stringContaining('secretapp') });
    expect(await state()).toEqual(before);
    await other.get('/api/v1/images/stolen:1').expect(404);
  });

  it('cannot reach it through --from expanded from its base image ENV', { timeout: 120_000 }, async () => {
    await buildAsOther('envbase:1', { Dockerfile: 'FROM busybox\nENV SRC=secretapp\n' }).then((response) => expect(response.status).toBe(200));
    const before = await state();
    const response = await buildAsOther('stolen:2', { Dockerfile: 'FROM envbase:1\nCOPY --from=${SRC} /secret /loot\n' });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'IMAGE_NOT_FOUND', detail: expect.stringContaining('secretapp') });
    expect(await state()).toEqual(before);
  });

  it("builds from its own images, and its result holds nothing of the other team's", { timeout: 120_000 }, async () => {
    const response = await buildAsOther('mine:1', {
      Dockerfile: 'FROM busybox AS base\nRUN echo mine > /mine\nFROM busybox\nCOPY --from=base /mine /mine\nCOPY --from=busybox /bin/busybox /copied\n',
    });
    expect(response.status).toBe(200);
    const { body } = await other.get('/api/v1/images/mine:1').expect(200);
    for (const layer of body.layers as { diffId: string }[]) {
      const blob = blobPath(layer.diffId);
      if (existsSync(blob)) expect(readFileSync(blob).includes('topsecret-of-default')).toBe(false);
    }
  });
});
