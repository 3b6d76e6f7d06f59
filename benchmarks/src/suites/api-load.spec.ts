import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { processesUsing } from '@berth/testing';
import { runSuite } from '../run/run-suite.js';
import { persistRoundTrip } from '../testing/persist-round-trip.js';
import { apiLoadSuite } from './api-load.js';

// Needs the built API server (this project's test target builds it) and PostgreSQL. The console
// row is measured when the console is built and missing with the reason otherwise.
describe('api-load suite (smoke)', () => {
  it('loads three GETs with autocannon (bearer token on every request), keeps every latency, and stores the run', async () => {
    const run = await runSuite(apiLoadSuite, { smoke: true, log: () => undefined });
    for (const subject of ['GET /api/v1/containers?all=true', 'GET /api/v1/system/info']) {
      const [latency, throughput] = run.results.filter((result) => result.subject === subject);
      expect(latency!.error, subject).toBeUndefined();
      expect(latency!.summary!.samples, subject).toBeGreaterThan(20);
      expect(latency!.summary!.p99).toBeGreaterThanOrEqual(latency!.summary!.median);
      expect(throughput!.summary!.samples, subject).toBe(1);
      expect(run.environment[subject]).toMatch(/^\d+ requests\/s; latency p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms over \d+ requests$/);
    }
    const console = run.results.filter((result) => result.subject === 'GET / (console index)');
    for (const result of console) expect(Boolean(result.summary) !== Boolean(result.missing), result.error).toBe(true);
    expect(run.environment['catalogue']).toMatch(/^\d+ containers \(10 created/);

    const { id, loaded } = await persistRoundTrip(run);
    expect(loaded).toEqual({ id, ...run });
    expect(processesUsing(`${tmpdir()}/berth-bench-api-`)).toEqual([]);
  }, 120_000);
});
