import { describe, expect, it } from 'vitest';
import { runSuite } from '../run/run-suite.js';
import { imagePullSuite } from './image-pull.js';
import { imageUnpackSuite } from './image-unpack.js';

// Smoke runs: Berth's side must measure; peers (umoci, skopeo) measure when installed and are
// reported missing otherwise. The pull suite needs Debian's docker-registry (npm test installs it).
describe.each([
  [imageUnpackSuite, 'berth (unpackLayer)', 'umoci'],
  [imagePullSuite, 'berth (pullImage)', 'skopeo'],
])('$name suite (smoke)', (suite, berth, peer) => {
  it('measures Berth, and the peer or the reason it is missing', async () => {
    const run = await runSuite(suite, { smoke: true, log: () => undefined });
    const ours = run.results.find((result) => result.subject === berth)!;
    expect(ours.error).toBeUndefined();
    expect(ours.summary!.samples).toBeGreaterThanOrEqual(5);
    const theirs = run.results.find((result) => result.subject === peer)!;
    expect(Boolean(theirs.summary) !== Boolean(theirs.missing)).toBe(true);
    expect(theirs.error).toBeUndefined();
  }, 120_000);
});
