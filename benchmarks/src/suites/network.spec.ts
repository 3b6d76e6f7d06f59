import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runSuite } from '../run/run-suite.js';
import { networkSuite } from './network.js';

// Needs root, iptables and a static busybox (npm test installs them). wrk is measured when
// installed (`npm run bench` installs it) and its rows are missing with the reason otherwise.
describe('network suite (smoke)', () => {
  it('measures both host paths with Node, every wrk row or why not, and leaves no bridge, veth or rule', async () => {
    const linksBefore = hostLinks();
    const run = await runSuite(networkSuite, { smoke: true, log: () => undefined });
    const node = run.results.filter((result) => result.metric.includes('Node'));
    expect(node.map((result) => result.subject)).toEqual(['published port (127.0.0.1:P → DNAT)', 'direct (container IP on the bridge)']);
    for (const result of node) {
      expect(result.error, result.subject).toBeUndefined();
      expect(result.summary!.samples, result.subject).toBeGreaterThanOrEqual(5);
    }
    expect(node[1]!.ratioToBaseline).toBe(1);
    const wrk = run.results.filter((result) => result.metric.includes('wrk'));
    expect(wrk).toHaveLength(6);
    for (const result of wrk) {
      // Either a real measurement or an honest reason, never both and never neither.
      expect(Boolean(result.summary) !== Boolean(result.missing), `${result.subject} ${result.metric}: ${result.error ?? ''}`).toBe(true);
      expect(result.error, result.subject).toBeUndefined();
    }
    // The cleanup throws when the sweep finds leftovers; the host's links say the same thing.
    expect(hostLinks()).toEqual(linksBefore);
  }, 120_000);
});

/** Interface names only: counters and carrier states move on their own. */
function hostLinks(): string[] {
  return execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(':')[1]!.trim().split('@')[0]!)
    .sort();
}
