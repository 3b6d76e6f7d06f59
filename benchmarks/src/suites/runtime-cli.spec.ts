import { describe, expect, it } from 'vitest';
import { runSuite } from '../run/run-suite.js';
import { RUNTIME_VERBS } from '../runtime-cli/verb-cycle.js';
import { runtimeCliSuite } from './runtime-cli.js';

// Needs root, a static busybox and the built runtime (its native core and bundled CLI). runc and
// crun are measured when installed (`npm run bench` installs them) and reported missing otherwise.
describe('runtime-cli suite (smoke)', () => {
  it('times every berth-runtime verb as a cold process, and each peer verb or the reason it is missing', async () => {
    const run = await runSuite(runtimeCliSuite, { smoke: true, log: () => undefined });
    for (const verb of RUNTIME_VERBS) {
      const berth = run.results.find((result) => result.subject === 'berth-runtime' && result.metric === verb);
      expect(berth?.error, verb).toBeUndefined();
      expect(berth?.summary?.samples, verb).toBe(2);
      expect(berth?.summary?.median, verb).toBeGreaterThan(0);
      for (const peer of ['runc', 'crun']) {
        const result = run.results.find((candidate) => candidate.subject === peer && candidate.metric === verb)!;
        // Either a real measurement or an honest reason, never both and never neither.
        expect(Boolean(result.summary) !== Boolean(result.missing), `${peer} ${verb}: ${result.error ?? ''}`).toBe(true);
        if (peer === 'runc' && result.summary) expect(berth!.ratioToBaseline, verb).toBeGreaterThan(0);
      }
    }
  }, 300_000);
});
