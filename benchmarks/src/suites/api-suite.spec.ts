import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processesUsing } from '@berth/testing';
import { runSuite } from '../run/run-suite.js';
import { apiSuite } from './api-suite.js';

const MAIN = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));

// Needs root, the built API server (this project's test target builds it first), PostgreSQL and
// busybox-static (npm test installs both). podman (a test package) and docker.io (a bench
// package only) are measured when they can run here and reported missing with a reason otherwise.
describe('api suite (smoke)', () => {
  it('measures Berth through its REST API, lists a small catalogue, and every peer or the reason it is missing', async () => {
    expect(existsSync(MAIN), `${MAIN} is missing: build the API first (npx nx run @berth/api:build)`).toBe(true);
    const run = await runSuite(apiSuite, { smoke: true, log: () => undefined });
    const bySubject = new Map(run.results.map((result) => [result.subject, result]));

    const lifecycle = bySubject.get('berth (REST API)')!;
    expect(lifecycle.error).toBeUndefined();
    expect(lifecycle.metric).toBe('create+start+wait+remove');
    expect(lifecycle.summary!.samples).toBeGreaterThanOrEqual(5);
    expect(lifecycle.summary!.median).toBeGreaterThan(0);

    // The runtime under the API, in the same run: the REST path's cost is the difference.
    const library = bySubject.get('berth (library, warm, overlay)')!;
    expect(library.error).toBeUndefined();
    expect(library.summary!.median).toBeGreaterThan(0);

    // Smoke runs fill far fewer than a full run's 1,000 containers, and say so.
    const list = bySubject.get('berth list (REST API, 20 containers)')!;
    expect(list.error).toBeUndefined();
    expect(list.metric).toBe('list');
    expect(list.method).toContain('smoke run');
    expect(list.summary!.samples).toBeGreaterThanOrEqual(5);
    expect(list.ratioToBaseline).toBeUndefined(); // a list latency is not compared with a start-to-exit time
    expect(run.environment['list catalogue']).toMatch(/^\d+ containers \(20 created by this run/);

    for (const peer of ['podman run --rm', 'docker run --rm']) {
      const result = bySubject.get(peer)!;
      // Either a real measurement or an honest reason, never both and never neither.
      expect(Boolean(result.summary) !== Boolean(result.missing), peer).toBe(true);
      expect(result.error, peer).toBeUndefined();
    }
    if (bySubject.get('podman run --rm')!.summary) expect(lifecycle.ratioToBaseline).toBeGreaterThan(0);

    // Teardown stopped the server, its PostgreSQL and any daemon, and removed their directories.
    expect(processesUsing(`${tmpdir()}/berth-bench-api-`)).toEqual([]);
  }, 120_000);
});
