import { afterAll, describe, expect, it } from 'vitest';
import { snapshotMatching, stableSnapshot } from '../testing/host-snapshot.js';
import { NetLab } from '../testing/net-lab.js';
import { changeRules } from './change-rules.js';
import { CHAIN, tagComment } from './chains.js';
import { readRuleset } from './ruleset.js';

/**
 * iptables-restore commits table by table: a change whose filter part the kernel refuses after
 * its nat part went in must be put back whole. Shown with a rule the kernel really refuses
 * (MASQUERADE outside POSTROUTING), on the real firewall.
 */
describe('changing rules atomically (real kernel)', () => {
  const lab = new NetLab();
  afterAll(async () => {
    await lab.cleanup();
  });

  it('undoes the committed nat part, and the chains it made, when the filter part fails', async () => {
    await lab.cleanup(); // start without Berth's chains, if nobody else uses them
    const before = await stableSnapshot();
    const c = tagComment({ owner: lab.name('atomic'), kind: 'test', detail: 'x' });
    const good = { table: 'nat' as const, chain: CHAIN.postrouting, spec: `-s 10.199.9.0/24 ${c} -j MASQUERADE` };
    const refused = { table: 'filter' as const, chain: CHAIN.forward, spec: `-s 10.199.9.0/24 ${c} -j MASQUERADE` };
    await expect(changeRules(await readRuleset(), [good, refused], [], 'a change the kernel refuses')).rejects.toMatchObject({
      message: expect.stringMatching(/^a change the kernel refuses: iptables-restore exited/),
    });
    expect(await snapshotMatching(before)).toEqual(before);
  });
});
