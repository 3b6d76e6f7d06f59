import type { BenchmarkResultView, BenchmarkRunDetail, BenchmarkRunSummary } from '@berth/contracts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, pageResponse, stubFetch } from '../../../testing/fetch-stub';
import { signInAs } from '../../../testing/session';
import BenchmarksView from './BenchmarksView.vue';

const summary = (id: string, startedAt: string): BenchmarkRunSummary => ({
  id,
  suite: 'start',
  description: 'start-to-exit of /bin/true',
  baseline: 'crun',
  gitRevision: 'abcdef1234567',
  startedAt,
  finishedAt: startedAt,
  measured: 2,
  notMeasured: 0,
});
const result = (subject: string, median: number): BenchmarkResultView => ({
  subject,
  metric: 'start-to-exit',
  unit: 'ms',
  method: 'm',
  samples: [median],
  statistics: { samples: 1, min: median, median, mean: median, p95: median, p99: median, max: median, stddev: 0 },
});
const older = summary('a'.repeat(8) + '-0000-4000-8000-000000000001', '2026-11-28T10:00:00.000Z');
const newer = summary('b'.repeat(8) + '-0000-4000-8000-000000000002', '2026-11-29T10:00:00.000Z');
const detail = (run: BenchmarkRunSummary, berth: number): BenchmarkRunDetail => ({
  ...run,
  environment: {},
  results: [result('berth', berth), result('crun', 10)],
});

let wrapper: VueWrapper | undefined;

async function mountAs(role: 'viewer' | 'admin', stored: BenchmarkRunSummary[] = [newer, older]) {
  const fetchMock = stubFetch({
    'GET /api/v1/benchmarks/runs': () => jsonResponse({ items: stored, total: stored.length, limit: 20, offset: 0 }),
    'GET /api/v1/benchmarks/suites': () => pageResponse([{ name: 'start', description: 'start-to-exit' }]),
    [`GET /api/v1/benchmarks/runs/${older.id}`]: () => jsonResponse(detail(older, 10)),
    [`GET /api/v1/benchmarks/runs/${newer.id}`]: () => jsonResponse(detail(newer, 15)),
    [`GET /api/v1/benchmarks/runs/${newer.id}/report`]: () =>
      new Response('<!doctype html><svg class="chart"></svg>', { headers: { 'Content-Type': 'text/html' } }),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  signInAs(role);
  wrapper = mount(BenchmarksView, { global: { plugins: [pinia] } });
  await flushPromises();
  return { wrapper, fetchMock };
}

describe('BenchmarksView', () => {
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('lists runs to a viewer without the start form', async () => {
    const { wrapper, fetchMock } = await mountAs('viewer');
    expect(wrapper.findAll('[data-test="runs-table"] tbody tr')).toHaveLength(2);
    expect(wrapper.find('[data-test="start-run-form"]').exists()).toBe(false);
    expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/benchmarks/suites'))).toBe(false);
  });

  it('tells a viewer with no runs the shell command that stores one, and an admin the form as well', async () => {
    const { wrapper: viewer } = await mountAs('viewer', []);
    // The console's end-to-end test runs this very command and finds the run on the page.
    expect(viewer.get('[data-test="empty-command"]').text()).toBe('npm run bench -- --suite unpack --persist');
    expect(viewer.get('[data-test="empty"]').text()).not.toContain('start one above');
    viewer.unmount();
    const { wrapper: admin } = await mountAs('admin', []);
    expect(admin.get('[data-test="empty"]').text()).toContain('or start one above');
  });

  it('offers an admin the suites to start', async () => {
    const { wrapper } = await mountAs('admin');
    expect(wrapper.get('[data-test="suite-select"]').text()).toContain('start');
  });

  it('compares two picked runs, the older as the baseline', async () => {
    const { wrapper } = await mountAs('viewer');
    await wrapper.get(`[data-test="pick-${newer.id}"]`).setValue(true);
    await wrapper.get(`[data-test="pick-${older.id}"]`).setValue(true);
    await flushPromises();
    const row = wrapper.get('[data-test="comparison-row-berth"]');
    expect(row.text()).toContain('+50.0 %');
    expect(row.text()).toContain('slower');
    expect(wrapper.get('[data-test="comparison-row-crun"]').text()).toContain('same');
  });

  it("shows a run's report in a sandboxed frame", async () => {
    const { wrapper } = await mountAs('viewer');
    await wrapper.get(`[data-test="report-${newer.id}"]`).trigger('click');
    await flushPromises();
    const frame = wrapper.get('[data-test="report-frame"]');
    expect(frame.attributes('srcdoc')).toContain('svg class="chart"');
    expect(frame.attributes('sandbox')).toBe('');
  });
});
