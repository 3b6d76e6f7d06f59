import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeFixture } from '../testing/runtime-fixture.js';
import { listFirewallRules } from './firewall/owner-rules.js';
import { publishPort } from './firewall/port-rules.js';
import { interfaceOwner, linkExists } from './interfaces.js';
import { sweepNetwork } from './sweep.js';
import { containerLinks, snapshotMatching, stableSnapshot } from './testing/host-snapshot.js';
import { freePort, NetLab } from './testing/net-lab.js';
import { httpdArgs, withWww } from './testing/programs.js';

/**
 * The startup sweep after a crash: an engine that died left containers wired, ports published
 * and networks up. A new one knows (from its own records) who is still alive; everything else
 * goes, found by the owner marks alone.
 */
describe('sweeping leftovers (real kernel)', () => {
  let fx: RuntimeFixture | undefined;
  const lab = new NetLab();
  afterAll(async () => {
    try {
      await fx?.dispose();
    } finally {
      await lab.cleanup();
    }
  });

  it('removes the rules, veths and bridges of owners that are gone, keeps the rest, and can leave the host as it was', { timeout: 60_000 }, async () => {
    const pristine = await stableSnapshot();
    fx = await RuntimeFixture.create();
    const net = await lab.network('s');
    const gone = await lab.network('g');
    const live = await lab.container(fx, 'live', httpdArgs('alive'), net, { patch: withWww });
    const dead = await lab.container(fx, 'dead', ['sleep', '120'], net);
    const liveOwner = lab.name(live.id);
    const deadOwner = lab.name(dead.id);
    const livePort = await freePort();
    await publishPort({ owner: liveOwner, bridge: net.bridge, protocol: 'tcp', hostPort: livePort, containerIp: live.ip, containerPort: 80 });
    await publishPort({ owner: deadOwner, bridge: net.bridge, protocol: 'udp', hostPort: await freePort(), containerIp: dead.ip, containerPort: 53 });

    const result = await sweepNetwork({ keepOwners: [net.owner, liveOwner], bridgePrefix: lab.prefix, ownerPrefix: lab.prefix });
    // The gone network's 5 rules and the dead container's published port (4).
    expect(result).toEqual({ rules: 5 + 4, veths: [dead.attachment.hostVeth], bridges: [gone.bridge] });
    // The dead container lost its eth0 with the host end; the live one is untouched and still served.
    expect(containerLinks(dead.pid)).not.toContain('eth0');
    expect(linkExists(gone.bridge)).toBe(false);
    expect(interfaceOwner(live.attachment.hostVeth)).toBe(liveOwner);
    expect((await listFirewallRules()).filter((rule) => rule.owner.startsWith(lab.prefix)).map((rule) => rule.owner)).toEqual(
      expect.arrayContaining([net.owner, liveOwner]),
    );
    expect((await listFirewallRules(deadOwner)).length + (await listFirewallRules(gone.owner)).length).toBe(0);
    const page = await fetch(`http://127.0.0.1:${livePort}/`, { signal: AbortSignal.timeout(3_000) });
    expect(await page.text()).toBe('alive\n');

    // Nothing kept: the host is as it was before the test, Berth's chains included.
    await fx.dispose();
    fx = undefined;
    await lab.cleanup();
    expect(await snapshotMatching(pristine)).toEqual(pristine);
  });
});
