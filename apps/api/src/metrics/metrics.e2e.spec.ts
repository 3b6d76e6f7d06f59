import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusyboxBundle, type BusyboxBundle } from '@berth/runtime/testing';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { DefaultTeamService } from '../teams/default-team.service.js';

let subject: TestApp;
let teamId: string;
const http = () => subject.http();

beforeAll(async () => {
  subject = await startTestApp();
  teamId = (await subject.app.get(DefaultTeamService).ensure()).id;
});
afterAll(async () => {
  await subject?.close();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the text format 0.0.4: every line is empty, a HELP, a TYPE or a sample of a
 * family whose TYPE came first; label values unescape; values are floats or ±Inf/NaN.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue; // the format ignores empty lines; prom-client puts one between families
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        expect(types.has(meta[2]!), `TYPE ${meta[2]} twice`).toBe(false);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(sample, `not a sample line: ${line}`).not.toBeNull();
    const [, name, labelText, valueText] = sample!;
    const labels: Record<string, string> = {};
    if (labelText) {
      const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let match: RegExpExecArray | null;
      while (label.lastIndex < labelText.length && (match = label.exec(labelText)))
        labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      expect(label.lastIndex, `bad labels: ${labelText}`).toBe(labelText.length);
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    // Prometheus reads values with Go's ParseFloat, which takes NaN in any case (prom-client writes `Nan`).
    expect(valueText!.toLowerCase() === 'nan' || !Number.isNaN(value), `bad value: ${line}`).toBe(true);
    const family = types.has(name!) ? name! : name!.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(family), `sample before its TYPE: ${line}`).toBe(true);
    samples.push({ name: name!, labels, value });
  }
  return { types, samples };
}

async function scrape() {
  const response = await http().get('/metrics').expect(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheus(response.text);
}

describe('GET /metrics', () => {
  it('is Prometheus text with the request latency histogram by method, route pattern and status', async () => {
    const name = `m-${randomBytes(3).toString('hex')}`;
    await http().get('/api/v1/volumes').expect(200);
    await http().get('/api/v1/volumes').expect(200);
    await http().get(`/api/v1/volumes/${name}`).expect(404);
    await http().post('/api/v1/volumes').send({ name: '..' }).expect(400);
    await http().get(`/api/v1/no-such-route-${name}`).expect(404);

    const { types, samples } = await scrape();
    expect(types.get('berth_http_request_duration_seconds')).toBe('histogram');
    const series = (labels: Record<string, string>) =>
      samples.filter(
        (sample) =>
          sample.name.startsWith('berth_http_request_duration_seconds') && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      );

    const list = series({ method: 'GET', route: '/api/v1/volumes', status: '200' });
    expect(list.find((sample) => sample.name.endsWith('_count'))?.value).toBe(2);
    const buckets = list.filter((sample) => sample.name.endsWith('_bucket'));
    expect(buckets.at(-1)?.labels['le']).toBe('+Inf');
    expect(buckets.at(-1)?.value).toBe(2);
    expect(buckets.map((sample) => sample.value)).toEqual([...buckets.map((sample) => sample.value)].sort((a, b) => a - b));
    expect(list.find((sample) => sample.name.endsWith('_sum'))!.value).toBeGreaterThan(0);

    expect(series({ method: 'GET', route: '/api/v1/volumes/:name', status: '404' }).length).toBeGreaterThan(0);
    expect(series({ method: 'POST', route: '/api/v1/volumes', status: '400' }).length).toBeGreaterThan(0);
    expect(series({ method: 'GET', route: 'unmatched', status: '404' }).length).toBeGreaterThan(0);
    expect(series({ route: '/{*path}' })).toEqual([]);
    // Raw URLs never become label values.
    expect(samples.some((sample) => Object.values(sample.labels).some((value) => value.includes(name)))).toBe(false);
  });

  it("adds the process's default metrics and the build info", async () => {
    const { types, samples } = await scrape();
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(samples.find((sample) => sample.name === 'process_resident_memory_bytes')!.value).toBeGreaterThan(1024 * 1024);
    expect(samples.find((sample) => sample.name === 'berth_build_info')).toMatchObject({
      labels: { version: expect.any(String), runtime_version: expect.any(String) },
      value: 1,
    });
    expect(samples.find((sample) => sample.name === 'berth_event_streams')!.value).toBeGreaterThanOrEqual(0);
  });

  it("counts containers by state, of the caller's team only", async () => {
    const other = await subject.db.prisma.team.create({ data: { name: `other-${randomBytes(3).toString('hex')}` } });
    const count = async (state: string) =>
      (await scrape()).samples.find((sample) => sample.name === 'berth_containers' && sample.labels['state'] === state)?.value;
    const before = { paused: await count('paused'), stopped: await count('stopped') };
    for (const [team, status] of [
      [teamId, 'paused'],
      [other.id, 'paused'],
      [other.id, 'stopped'],
    ] as const) {
      const id = randomBytes(32).toString('hex');
      await subject.db.prisma.container.create({ data: { id, name: `c-${id.slice(0, 8)}`, teamId: team, imageRef: 'busybox', status, spec: {} } });
    }
    expect(await count('paused')).toBe(before.paused! + 1);
    expect(await count('stopped')).toBe(before.stopped!);
    expect(await count('creating')).toBe(0);
  });

  describe('with a running container', () => {
    let bundle: BusyboxBundle;
    // Short: the attach socket path under the test's temp state root must fit in sun_path.
    const id = randomBytes(6).toString('hex');
    const name = `metrics-${id.slice(0, 6)}`;

    beforeAll(async () => {
      bundle = await makeBusyboxBundle();
      await bundle.writeSpec(['sleep', '60'], (spec) => {
        spec.linux!.resources = { ...spec.linux!.resources, memory: { limit: 64 * 1024 * 1024 } };
      });
      const runtime = subject.app.get(RuntimeAdapter);
      await runtime.create(id, { bundle: bundle.dir });
      await runtime.start(id);
      await subject.db.prisma.container.create({ data: { id, name, teamId, imageRef: 'busybox', status: 'running', spec: {} } });
    });
    afterAll(async () => {
      await subject.app
        .get(RuntimeAdapter)
        .delete(id, { force: true })
        .catch(() => undefined);
      await bundle?.remove();
    });

    it('shows its CPU seconds, memory usage and limit and pids, labelled with id and name', async () => {
      const { types, samples } = await scrape();
      const of = (metric: string) => samples.find((sample) => sample.name === metric && sample.labels['id'] === id);
      expect(types.get('berth_container_cpu_usage_seconds_total')).toBe('counter');
      expect(of('berth_container_cpu_usage_seconds_total')).toMatchObject({ labels: { id, name } });
      expect(of('berth_container_cpu_usage_seconds_total')!.value).toBeGreaterThanOrEqual(0);
      expect(of('berth_container_memory_usage_bytes')!.value).toBeGreaterThan(0);
      expect(of('berth_container_memory_limit_bytes')!.value).toBe(64 * 1024 * 1024);
      expect(of('berth_container_pids')!.value).toBeGreaterThanOrEqual(1);
    });
  });
});
