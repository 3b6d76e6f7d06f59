import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { EXEC_OUTPUT_LIMIT } from '@berth/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { EngineService } from '../engine/engine.service.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';

/** The container lifecycle through the real API: real PostgreSQL, real containers (root). */
let subject: TestApp;
let http: ReturnType<typeof request>;
beforeAll(async () => {
  subject = await startTestApp();
  http = subject.http();
});
afterAll(async () => {
  await subject?.close();
});

const api = (path: string) => `/api/v1/containers${path}`;

async function createStarted(body: Record<string, unknown>): Promise<string> {
  const created = await http
    .post(api(''))
    .send({ image: 'busybox', ...body })
    .expect(201);
  await http.post(api(`/${created.body.id}/start`)).expect(200);
  return created.body.id as string;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('containers API (real containers)', () => {
  it('answers an exec that prints 300 MB with its first MiB, the byte count and a truncation flag, in bounded memory', { timeout: 120_000 }, async () => {
    await createStarted({ name: 'chatty', cmd: ['sleep', '300'] });
    const rssBefore = process.memoryUsage().rss;
    const answer = await http
      .post(api('/chatty/exec'))
      .send({ cmd: ['sh', '-c', 'head -c 300000000 /dev/zero; echo done >&2; exit 3'] })
      .expect(200);
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    expect(answer.body).toMatchObject({ exitCode: 3, stdoutTruncated: true, stdoutBytes: 300_000_000, stderr: 'done\n', stderrTruncated: false });
    expect(answer.body.stdout).toHaveLength(EXEC_OUTPUT_LIMIT);
    // The answer holds 1 MiB (about 6 MiB as JSON of NUL escapes); 300 MB never were in memory at once.
    expect(rssGrowth).toBeLessThan(200 * 1024 * 1024);
    await http.delete(api('/chatty?force=true')).expect(204);
  });

  it('runs the whole lifecycle: create, start, logs, exec, top, pause, stats, stop, restart keeps files, remove', { timeout: 60_000 }, async () => {
    const script = 'trap "echo bye; exit 0" TERM; cat /state 2>/dev/null; echo hello; echo oops >&2; echo run >> /state; while :; do sleep 0.1; done';
    const created = await http
      .post(api(''))
      .send({
        image: 'busybox',
        name: 'life',
        cmd: ['sh', '-c', script],
        env: ['MODE=test'],
        labels: { tier: 'web' },
        resources: { memory: '64m', pidsLimit: 50 },
      })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'life', status: 'created', image: 'busybox', labels: { tier: 'web' }, restartPolicy: { name: 'no' } });
    const id = created.body.id as string;
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    expect((await http.post(api('/life/start')).expect(200)).body).toMatchObject({ status: 'running', pid: expect.any(Number) });
    await until(
      async () => (await http.get(api('/life/logs')).expect(200)).body,
      (records: { log: string }[]) => records.length >= 2,
    );
    const logs = (await http.get(api('/life/logs?stderr=false')).expect(200)).body;
    expect(logs).toEqual([{ stream: 'stdout', log: 'hello\n' }]);

    const exec = await http
      .post(api('/life/exec'))
      .send({ cmd: ['sh', '-c', 'echo $MODE; id -u'] })
      .expect(200);
    expect(exec.body).toEqual({
      exitCode: 0,
      stdout: 'test\n0\n',
      stderr: '',
      stdoutTruncated: false,
      stderrTruncated: false,
      stdoutBytes: 7,
      stderrBytes: 0,
    });
    // A user by name, looked up in the image's /etc/passwd (busybox's: nobody is 65534).
    const asNobody = await http
      .post(api('/life/exec'))
      .send({ cmd: ['id', '-u'], user: 'nobody' })
      .expect(200);
    expect(asNobody.body.stdout).toBe('65534\n');
    const top = (await http.get(api(`/${id.slice(0, 12)}/top`)).expect(200)).body;
    expect(top.processes.map((process: string[]) => process[3])).toContain(`sh -c ${script}`);

    expect((await http.post(api('/life/pause')).expect(200)).body.status).toBe('paused');
    expect((await http.get(api('/life')).expect(200)).body.status).toBe('paused');
    expect((await http.post(api('/life/unpause')).expect(200)).body.status).toBe('running');
    const stats = (await http.get(api('/life/stats')).expect(200)).body;
    expect(stats.memory.limit).toBe(64 * 1024 * 1024);
    expect(stats.pids.current).toBeGreaterThanOrEqual(1);

    const stopped = await http.post(api('/life/stop?t=5')).expect(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', exitCode: 0 });
    // Started again on the same writable layer and log: the file and the first run's output are there.
    await http.post(api('/life/start')).expect(200);
    await until(
      async () => (await http.get(api('/life/logs?stderr=false')).expect(200)).body,
      (records: { log: string }[]) => records.length >= 4,
    );
    expect((await http.get(api('/life/logs?stderr=false&tail=2')).expect(200)).body).toEqual([
      { stream: 'stdout', log: 'run\n' },
      { stream: 'stdout', log: 'hello\n' },
    ]);
    await http.delete(api('/life')).expect(409);
    await http.delete(api('/life?force=true')).expect(204);
    await http.get(api('/life')).expect(404);
    const engine = subject.app.get(EngineService);
    expect(existsSync(join(engine.paths.bundles, id))).toBe(false);
    expect(await subject.app.get(RuntimeAdapter).runtimeIds()).not.toContain(id.slice(0, 32));

    await subject.app.get(EventsService).drain();
    const actions = (await subject.db.prisma.event.findMany({ where: { actorId: id }, orderBy: { id: 'asc' } })).map((event) => event.action);
    expect(actions).toEqual(['create', 'start', 'exec', 'exec', 'pause', 'unpause', 'die', 'stop', 'start', 'destroy']);
  });

  it('waits for the exit code; on-failure restarts up to its limit; auto-remove removes', { timeout: 60_000 }, async () => {
    const failing = await createStarted({ name: 'flaky', cmd: ['sh', '-c', 'echo try; exit 3'], restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } });
    const settled = await until(
      async () => (await http.get(api(`/${failing}`)).expect(200)).body,
      (body: { restartCount: number; status: string }) => body.restartCount === 2 && body.status === 'stopped',
    );
    expect(settled).toMatchObject({ exitCode: 3, restartCount: 2 });
    // Three runs, one log.
    expect((await http.get(api('/flaky/logs')).expect(200)).body).toHaveLength(3);

    const once = await createStarted({ name: 'once', cmd: ['sh', '-c', 'sleep 0.3; exit 7'] });
    expect((await http.post(api(`/${once}/wait`)).expect(200)).body).toEqual({ exitCode: 7, oomKilled: false });

    const gone = await createStarted({ name: 'gone', cmd: ['true'], autoRemove: true });
    await until(
      async () => (await http.get(api(`/${gone}`))).status,
      (status) => status === 404,
    );
  });

  it('lists by status, label, name and image, with pagination', { timeout: 30_000 }, async () => {
    await http
      .post(api(''))
      .send({ image: 'busybox', name: 'lbl-a', cmd: ['true'], labels: { tier: 'web', zone: 'a' } })
      .expect(201);
    await http
      .post(api(''))
      .send({ image: 'busybox', name: 'lbl-b', cmd: ['true'], labels: { tier: 'db' } })
      .expect(201);
    const names = async (query: string) =>
      (await http.get(api(`?all=true&name=lbl-&${query}`)).expect(200)).body.items.map((item: { name: string }) => item.name).sort();
    expect(await names('label=tier=web')).toEqual(['lbl-a']);
    expect(await names('label=zone')).toEqual(['lbl-a']);
    expect(await names('label=tier')).toEqual(['lbl-a', 'lbl-b']);
    expect(await names('status=created&ancestor=busybox')).toEqual(['lbl-a', 'lbl-b']);
    expect(await names('status=running')).toEqual([]);
    const page = (await http.get(api('?all=true&name=lbl-&limit=1&offset=1')).expect(200)).body;
    expect(page).toMatchObject({ total: 2, items: [{ name: 'lbl-a' }] });
    await http.get(api('?limit=0')).expect(400);
    await http.get(api('?status=bogus')).expect(400);
  });

  it('prunes the stopped containers with a label, keeping running ones and the others; a bad until is a 400', { timeout: 30_000 }, async () => {
    const labels = { prune: 'yes' };
    const exited = await createStarted({ name: 'prune-exited', network: 'none', cmd: ['sh', '-c', 'head -c 5000 /dev/zero > /kept-in-upper'], labels });
    await until(
      async () => (await http.get(api(`/${exited}`))).body.status,
      (status) => status === 'stopped',
    );
    const created = (
      await http
        .post(api(''))
        .send({ image: 'busybox', name: 'prune-created', network: 'none', cmd: ['true'], labels })
        .expect(201)
    ).body.id;
    const running = await createStarted({ name: 'prune-running', network: 'none', cmd: ['sleep', '30'], labels });
    const unlabelled = (
      await http
        .post(api(''))
        .send({ image: 'busybox', name: 'prune-other', network: 'none', cmd: ['true'] })
        .expect(201)
    ).body.id;

    await http.post(api('/prune?until=not-a-time')).expect(400);
    const early = await http.post(api('/prune?label=prune=yes&until=2000-01-01T00:00:00Z')).expect(200);
    expect(early.body).toEqual({ containersDeleted: [], spaceReclaimedBytes: 0 });

    const pruned = await http.post(api('/prune?label=prune=yes')).expect(200);
    expect([...pruned.body.containersDeleted].sort()).toEqual([exited, created].sort());
    expect(pruned.body.spaceReclaimedBytes).toBeGreaterThanOrEqual(5000);
    await http.get(api(`/${exited}`)).expect(404);
    await http.get(api(`/${created}`)).expect(404);
    expect((await http.get(api(`/${running}`)).expect(200)).body.status).toBe('running');
    await http.get(api(`/${unlabelled}`)).expect(200);
    await subject.app.get(EventsService).drain();
    const prunes = await subject.db.prisma.event.findMany({ where: { type: 'container', action: 'prune' }, orderBy: { id: 'desc' }, take: 1 });
    expect(prunes[0]?.attributes).toMatchObject({ containersDeleted: 2, reclaimed: pruned.body.spaceReclaimedBytes });

    await http.delete(api(`/${running}?force=true`)).expect(204);
    await http.delete(api(`/${unlabelled}`)).expect(204);
  });

  it('commits a running container as an image another container runs', { timeout: 30_000 }, async () => {
    await createStarted({ name: 'to-commit', cmd: ['sh', '-c', 'echo made > /made; sleep 30'] });
    await until(
      async () => (await http.post(api('/to-commit/exec')).send({ cmd: ['cat', '/made'] })).body.stdout,
      (stdout) => stdout === 'made\n',
    );
    const committed = await http.post(api('/to-commit/commit')).send({ reference: 'committed:v1', message: 'snapshot' }).expect(201);
    expect(committed.body).toEqual({ id: expect.stringMatching(/^sha256:/), reference: 'docker.io/library/committed:v1' });
    expect((await http.get(api('/to-commit')).expect(200)).body.status).toBe('running');
    const child = await createStarted({ image: 'committed:v1', cmd: ['cat', '/made'] });
    expect((await http.post(api(`/${child}/wait`)).expect(200)).body.exitCode).toBe(0);
    expect((await http.get(api(`/${child}/logs`)).expect(200)).body).toEqual([{ stream: 'stdout', log: 'made\n' }]);
    await http.post(api('/to-commit/commit')).send({ reference: 'bad@sha256:abc' }).expect(400);
  });

  it('creates and starts 20 containers in parallel', { timeout: 60_000 }, async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, index) => createStarted({ name: `many-${index}`, cmd: ['sleep', '30'] })));
    expect(new Set(ids).size).toBe(20);
    const listed = (await http.get(api('?name=many-&limit=50')).expect(200)).body;
    expect(listed.total).toBe(20);
    expect(listed.items.every((item: { status: string }) => item.status === 'running')).toBe(true);
    await Promise.all(ids.map((id) => http.delete(api(`/${id}?force=true`)).expect(204)));
  });

  it('answers bad input with a problem document and changes nothing', { timeout: 60_000 }, async () => {
    await createStarted({ name: 'taken', cmd: ['sleep', '30'] });
    const runtime = subject.app.get(RuntimeAdapter);
    const snapshot = async () => ({
      rows: (await subject.db.prisma.container.findMany({ select: { id: true, name: true, status: true } })).sort((a, b) => a.id.localeCompare(b.id)),
      runtime: (await runtime.runtimeIds()).sort(),
      volumes: await subject.db.prisma.volume.count(),
      bundles: readdirSync(subject.app.get(EngineService).paths.bundles)
        .filter((entry) => !entry.startsWith('.'))
        .sort(),
    });
    const before = await snapshot();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ image: 'busybox', memory: '1g' }, 400, 'VALIDATION_FAILED'],
      [{ image: 42 }, 400, 'VALIDATION_FAILED'],
      [{ image: 'busybox', cmd: 'echo' }, 400, 'VALIDATION_FAILED'],
      [{ image: 'Not A Valid//Ref' }, 400, 'INVALID_REFERENCE'],
      [{ image: 'nosuchimage' }, 404, 'IMAGE_NOT_FOUND'],
      [{ image: 'busybox', resources: { memory: '-5m' } }, 400, 'INVALID_RESOURCES'],
      [{ image: 'busybox', resources: { memory: '900t' } }, 400, 'INVALID_RESOURCES'],
      [{ image: 'busybox', resources: { cpus: '0' } }, 400, 'INVALID_RESOURCES'],
      [{ image: 'busybox', resources: { pidsLimit: -7 } }, 400, 'INVALID_RESOURCES'],
      [{ image: 'busybox', ports: [{ containerPort: 70000 }] }, 400, 'VALIDATION_FAILED'],
      [{ image: 'busybox', name: 'taken' }, 409, 'NAME_IN_USE'],
      [{ image: 'busybox', name: 'bad name!' }, 400, 'INVALID_NAME'],
      [{ image: 'busybox', mounts: [{ type: 'volume', source: '../etc', target: '/data' }] }, 400, 'INVALID_VOLUME_NAME'],
      [{ image: 'busybox', mounts: [{ type: 'volume', source: 'ok', target: 'relative' }] }, 400, 'INVALID_MOUNT'],
      [{ image: 'busybox', mounts: [{ type: 'bind', source: '/no/such/dir', target: '/x' }] }, 400, 'INVALID_MOUNT'],
      [{ image: 'busybox', capAdd: ['NOT_A_CAP'] }, 400, 'INVALID_CAPABILITY'],
      [{ image: 'busybox', autoRemove: true, restartPolicy: { name: 'always' } }, 400, 'CONFLICTING_OPTIONS'],
      // Refused by the plan, before the make phase creates the new volume (or a bundle, or a row).
      [
        { image: 'busybox', autoRemove: true, restartPolicy: { name: 'always' }, mounts: [{ type: 'volume', source: 'never-made', target: '/data' }] },
        400,
        'CONFLICTING_OPTIONS',
      ],
      [{ image: 'busybox', capAdd: ['NOT_A_CAP'], mounts: [{ type: 'volume', source: 'never-made', target: '/data' }] }, 400, 'INVALID_CAPABILITY'],
      [{ image: 'busybox', workingDir: 'srv' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await http.post(api('')).send(body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status, code });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const huge = await http
      .post(api(''))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ image: 'busybox', env: ['X='.padEnd(2 * 1024 * 1024, 'x')] }));
    expect(huge.status).toBe(413);
    await http.post(api('/taken/kill?signal=NOPE')).expect(400);
    await http.post(api('/nosuch/start')).expect(404);
    expect(await snapshot()).toEqual(before);
  });
});
