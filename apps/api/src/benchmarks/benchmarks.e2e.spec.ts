import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherTeam, tokenWithRole, withToken } from '../../test/access-fixtures.js';
import { openSse } from '../../test/sse-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import type { BenchmarkJobView, BenchmarkRunDetailView, BenchmarkRunPageView, BenchmarkSuiteView } from './benchmark-views.js';

const BENCH_CLI = fileURLToPath(new URL('../../../../benchmarks/dist/cli/bench.js', import.meta.url));
/** The quickest suite: a smoke run unpacks one layer a few times (Berth and umoci), in seconds. */
const QUICK_SUITE = 'unpack';

let subject: TestApp;
let port: number;
const http = () => subject.http();

beforeAll(async () => {
  expect(existsSync(BENCH_CLI), `${BENCH_CLI} is missing: npx nx run @berth/benchmarks:build`).toBe(true);
  subject = await startTestApp();
  await subject.app.listen(0, '127.0.0.1');
  port = (subject.app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => {
  await subject?.close();
});

describe('benchmarks API', () => {
  let job: BenchmarkJobView;
  let finished: BenchmarkJobView;
  let progressLines: string[];

  beforeAll(async () => {
    const started = await http().post('/api/v1/benchmarks/runs').send({ suite: QUICK_SUITE, smoke: true }).expect(202);
    job = started.body as BenchmarkJobView;
    const stream = await openSse(port, `/api/v1/benchmarks/jobs/${job.id}/progress`, { Authorization: `Bearer ${subject.adminToken}` });
    const done = await stream.next((message) => message.event === 'done', 120_000);
    await stream.ended;
    progressLines = stream.messages.filter((message) => message.event === 'line').map((message) => (JSON.parse(message.data) as { line: string }).line);
    finished = JSON.parse(done.data) as BenchmarkJobView;
  }, 150_000);

  it('starts a run of the bench CLI, streams its progress, and stores the run in its own database', () => {
    expect(job).toMatchObject({ suite: QUICK_SUITE, smoke: true, state: 'running' });
    expect(finished).toMatchObject({ id: job.id, state: 'succeeded', exitCode: 0 });
    expect(finished.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(progressLines.some((line) => line.includes('berth (unpackLayer): measuring'))).toBe(true);
    expect(progressLines.some((line) => line.includes(`saved run ${finished.runId}`))).toBe(true);
  });

  it('answers the finished job, and its progress stream replays every line and ends', async () => {
    const answer = (await http().get(`/api/v1/benchmarks/jobs/${job.id}`).expect(200)).body as BenchmarkJobView;
    expect(answer).toEqual(finished);
    const replay = await openSse(port, `/api/v1/benchmarks/jobs/${job.id}/progress`, { Authorization: `Bearer ${subject.adminToken}` });
    await replay.ended;
    expect(replay.messages.filter((message) => message.event === 'line')).toHaveLength(finished.log.length);
    expect(replay.messages.at(-1)?.event).toBe('done');
  });

  it('lists runs newest first, paginated and filtered by suite', async () => {
    const page = (await http().get('/api/v1/benchmarks/runs').expect(200)).body as BenchmarkRunPageView;
    expect(page).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(page.items[0]).toMatchObject({ id: finished.runId, suite: QUICK_SUITE, measured: expect.any(Number) });
    expect(page.items[0]!.description).toContain('unpack');
    const none = (await http().get('/api/v1/benchmarks/runs?suite=start').expect(200)).body as BenchmarkRunPageView;
    expect(none).toMatchObject({ items: [], total: 0 });
    const skipped = (await http().get('/api/v1/benchmarks/runs?offset=1&limit=5').expect(200)).body as BenchmarkRunPageView;
    expect(skipped).toMatchObject({ items: [], total: 1, limit: 5, offset: 1 });
    await http().get('/api/v1/benchmarks/runs?limit=0').expect(400);
  });

  it('answers a run with its environment and each result with samples and statistics', async () => {
    const run = (await http().get(`/api/v1/benchmarks/runs/${finished.runId}`).expect(200)).body as BenchmarkRunDetailView;
    expect(run.environment['cpu cores']).toBeTruthy();
    const berth = run.results.find((result) => result.subject === 'berth (unpackLayer)')!;
    expect(berth).toMatchObject({ metric: expect.any(String), unit: 'ms' });
    expect(berth.samples).toHaveLength(berth.statistics!.samples);
    expect(berth.statistics!.median).toBeGreaterThan(0);
  });

  it('serves the self-contained HTML report with its charts', async () => {
    const response = await http().get(`/api/v1/benchmarks/runs/${finished.runId}/report`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<svg class="chart"');
    expect(response.text).toContain('berth (unpackLayer)');
    expect(response.text).not.toContain('<script');
  });

  it('answers 404 for an unknown run or job, and 400 for an unknown suite', async () => {
    for (const path of [
      `/runs/${randomUUID()}`,
      '/runs/not-a-run',
      `/runs/${randomUUID()}/report`,
      `/jobs/${randomUUID()}`,
      `/jobs/${randomUUID()}/progress`,
    ]) {
      const response = await http().get(`/api/v1/benchmarks${path}`).expect(404);
      expect(response.body.code, path).toMatch(/^BENCHMARK_(RUN|JOB)_NOT_FOUND$/);
    }
    expect((await http().post('/api/v1/benchmarks/runs').send({ suite: 'no-such-suite' }).expect(400)).body.code).toBe('UNKNOWN_SUITE');
    expect((await http().post('/api/v1/benchmarks/runs').send({ suite: 'start; rm -rf /' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it("keeps a run and its job to the team that started it; a run stored on the host is the host admins' only", async () => {
    const teammate = withToken(subject, await tokenWithRole(subject, 'viewer'));
    expect(((await teammate.get('/api/v1/benchmarks/runs').expect(200)).body as BenchmarkRunPageView).items.map((run) => run.id)).toContain(finished.runId);
    await teammate.get(`/api/v1/benchmarks/jobs/${job.id}`).expect(200);

    const stranger = withToken(subject, (await otherTeam(subject)).adminToken);
    expect((await stranger.get('/api/v1/benchmarks/runs').expect(200)).body).toMatchObject({ items: [], total: 0 });
    for (const path of [`/runs/${finished.runId}`, `/runs/${finished.runId}/report`, `/jobs/${job.id}`, `/jobs/${job.id}/progress`]) {
      expect((await stranger.get(`/api/v1/benchmarks${path}`).expect(404)).body.code, path).toMatch(/^BENCHMARK_(RUN|JOB)_NOT_FOUND$/);
    }

    // As `npm run bench -- --persist` on the host stores it: no team.
    const hostRun = await subject.db.prisma.benchmarkRun.create({ data: { suite: QUICK_SUITE, environment: {} } });
    await teammate.get(`/api/v1/benchmarks/runs/${hostRun.id}`).expect(404);
    await http().get(`/api/v1/benchmarks/runs/${hostRun.id}`).expect(200);
    await subject.db.prisma.benchmarkRun.delete({ where: { id: hostRun.id } });
  });

  it('lists the suites of the built CLI', async () => {
    const suites = (await http().get('/api/v1/benchmarks/suites').expect(200)).body.items as BenchmarkSuiteView[];
    expect(suites.map((suite) => suite.name)).toEqual(expect.arrayContaining(['start', 'ready', 'density', 'overhead', 'api-load', QUICK_SUITE]));
  });

  it('refuses a second run while one is running (409), and lets the first finish', async () => {
    const first = (await http().post('/api/v1/benchmarks/runs').send({ suite: QUICK_SUITE, smoke: true }).expect(202)).body as BenchmarkJobView;
    const second = await http().post('/api/v1/benchmarks/runs').send({ suite: QUICK_SUITE, smoke: true }).expect(409);
    expect(second.body.code).toBe('BENCHMARK_RUNNING');
    const stream = await openSse(port, `/api/v1/benchmarks/jobs/${first.id}/progress`, { Authorization: `Bearer ${subject.adminToken}` });
    const done = JSON.parse((await stream.next((message) => message.event === 'done', 120_000)).data) as BenchmarkJobView;
    expect(done.state).toBe('succeeded');
    // Free again once it ended.
    expect((await http().get('/api/v1/benchmarks/runs').expect(200)).body.total).toBe(2);
  }, 150_000);
});
