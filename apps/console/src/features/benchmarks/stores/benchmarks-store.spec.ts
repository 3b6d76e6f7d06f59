import type { BenchmarkJob, BenchmarkRunDetail, BenchmarkRunSummary } from '@berth/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, liveSse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { useBenchmarksStore } from './benchmarks-store';

const summary = (id: string, suite = 'start'): BenchmarkRunSummary => ({
  id,
  suite,
  description: `${suite} suite`,
  baseline: 'crun',
  gitRevision: 'abc123',
  startedAt: '2026-11-29T18:00:00.000Z',
  finishedAt: '2026-11-29T18:01:00.000Z',
  measured: 4,
  notMeasured: 1,
});
const detail = (id: string): BenchmarkRunDetail => ({ ...summary(id), environment: { 'cpu cores': '2' }, results: [] });
const job = (state: BenchmarkJob['state'], extra: Partial<BenchmarkJob> = {}): BenchmarkJob => ({
  id: 'job-1',
  suite: 'overhead',
  smoke: true,
  state,
  startedAt: '2026-11-29T18:02:00.000Z',
  log: [],
  ...extra,
});

describe('benchmarks store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('lists runs a page at a time, and caches a run and its report', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/benchmarks/runs': (url) => jsonResponse({ items: [summary('r1')], total: 21, limit: 20, offset: Number(url.searchParams.get('offset')) }),
      'GET /api/v1/benchmarks/runs/r1': () => jsonResponse(detail('r1')),
      'GET /api/v1/benchmarks/runs/r1/report': () => new Response('<html><svg class="chart"></svg></html>', { headers: { 'Content-Type': 'text/html' } }),
    });
    const store = useBenchmarksStore();
    await store.load(20);
    expect(store.runs.map((run) => run.id)).toEqual(['r1']);
    expect([store.total, store.offset]).toEqual([21, 20]);

    await store.loadRun('r1');
    await store.loadRun('r1');
    await store.loadReport('r1');
    expect(store.details['r1']!.environment['cpu cores']).toBe('2');
    expect(store.reports['r1']).toContain('svg class="chart"');
    expect(fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/runs/r1'))).toHaveLength(1);
  });

  it('starts a run, collects its progress lines, and reloads the list when it is done', async () => {
    const stream = liveSse();
    let listed = 0;
    stubFetch({
      'POST /api/v1/benchmarks/runs': () => jsonResponse(job('running'), 202),
      'GET /api/v1/benchmarks/jobs/job-1/progress': () => stream.response(),
      'GET /api/v1/benchmarks/runs': () => jsonResponse({ items: listed++ === 0 ? [] : [summary('r9', 'overhead')], total: listed - 1, limit: 20, offset: 0 }),
    });
    const store = useBenchmarksStore();
    await store.load();
    expect(await store.start('overhead', true)).toBe(true);
    stream.send({ event: 'line', data: { line: 'bench: host (busybox sh): measuring' } });
    stream.send({ event: 'done', data: job('succeeded', { runId: 'r9', exitCode: 0 }) });
    stream.close();
    await vi.waitFor(() => expect(store.runs.map((run) => run.id)).toEqual(['r9']));
    expect(store.progress).toEqual(['bench: host (busybox sh): measuring']);
    expect(store.job).toMatchObject({ state: 'succeeded', runId: 'r9' });
  });

  it('keeps the reason when the API refuses a second run', async () => {
    stubFetch({ 'POST /api/v1/benchmarks/runs': () => problemResponse(409, 'BENCHMARK_RUNNING', 'benchmark job j0 (start) is still running') });
    const store = useBenchmarksStore();
    expect(await store.start('overhead', false)).toBe(false);
    expect(store.jobError?.code).toBe('BENCHMARK_RUNNING');
    expect(store.job).toBeNull();
  });
});
