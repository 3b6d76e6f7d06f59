import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processesUsing } from '@berth/testing';
import { runSuite } from '../run/run-suite.js';
import { cliSuite } from './cli-suite.js';

const BUNDLE = fileURLToPath(new URL('../../../apps/cli/build/bin/berth.cjs', import.meta.url));

// Needs root, the built API server and the bundled CLI (this project's test target builds both),
// PostgreSQL and busybox-static. docker and podman are measured when they can run here and
// reported missing with a reason otherwise.
describe('cli suite (smoke)', () => {
  it('times berth --version, ps and run --rm as cold processes, and every peer or the reason it is missing', async () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: build the CLI first (npx nx run @berth/cli:build)`).toBe(true);
    const run = await runSuite(cliSuite, { smoke: true, log: () => undefined });
    const bySubject = new Map(run.results.map((result) => [result.subject, result]));

    for (const name of ['node -e 0', 'berth --version', 'berth ps (10 containers)', 'berth run --rm']) {
      const result = bySubject.get(name);
      expect(result?.error, name).toBeUndefined();
      expect(result?.summary?.samples, name).toBeGreaterThanOrEqual(5);
    }
    expect(bySubject.get('berth --version')!.ratioToBaseline).toBeGreaterThan(0);
    expect(bySubject.get('berth ps (10 containers)')!.ratioToBaseline).toBeGreaterThan(0);
    // A run's time is not compared with Node's start.
    expect(bySubject.get('berth run --rm')!.metric).toBe('run --rm');
    expect(bySubject.get('berth run --rm')!.ratioToBaseline).toBeUndefined();
    expect(bySubject.get('GET /containers (10 containers)')?.summary?.samples).toBeGreaterThanOrEqual(5);
    expect(run.environment['ps catalogue']).toMatch(/^10 created .*smoke run/);

    for (const peer of ['docker --version', 'podman --version', 'docker run --rm', 'podman run --rm']) {
      const result = bySubject.get(peer)!;
      // Either a real measurement or an honest reason, never both and never neither.
      expect(Boolean(result.summary) !== Boolean(result.missing), peer).toBe(true);
      expect(result.error, peer).toBeUndefined();
    }
    // Teardown stopped the server, its PostgreSQL and any daemon, and removed their directories.
    expect(processesUsing(`${tmpdir()}/berth-bench-cli-`)).toEqual([]);
  }, 300_000);
});
