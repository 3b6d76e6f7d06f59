import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { waitFor } from '../testing/wait-for.js';
import { attachToBridge, detach } from './attach.js';
import { interfaceCounters } from './counters.js';
import { bringUpLoopback } from './loopback.js';
import { linkExists, interfaceOwner } from './interfaces.js';
import { containerLinks, snapshotMatching, stableSnapshot } from './testing/host-snapshot.js';
import { freePort, NetLab, type LabNetwork } from './testing/net-lab.js';
import { removeFirewallRules } from './firewall/owner-rules.js';
import { publishPort } from './firewall/port-rules.js';
import { fetchCommand, httpdArgs, withWww } from './testing/programs.js';

describe('attaching containers to a bridge (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));
  const lab = new NetLab();
  let net: LabNetwork;

  beforeAll(async () => {
    net = await lab.network('a');
  });
  afterAll(async () => {
    await fx.removeContainers();
    await lab.cleanup();
  });

  const run = async (id: string, command: string) => fx.runtime.exec(id, { args: ['sh', '-c', command], stdio: 'pipe' });

  it('two containers on one bridge ping each other and one fetches the other’s httpd page', async () => {
    const web = await lab.container(fx, 'web', httpdArgs('hello-from-web'), net, { patch: withWww });
    const client = await lab.container(fx, 'client', ['sleep', '60'], net);

    expect((await run(client.id, `ping -c1 -W1 ${web.ip}`)).exitCode).toBe(0);
    expect((await run(web.id, `ping -c1 -W1 ${client.ip}`)).exitCode).toBe(0);
    let page = '';
    await waitFor(async () => {
      page = (await run(client.id, fetchCommand(`http://${web.ip}/`))).stdout;
      return page !== '';
    });
    expect(page).toBe('hello-from-web\n');

    // What the container sees: its eth0 with the address and MAC it was given, and the route.
    const inside = await run(client.id, 'ip -o -4 addr show eth0; ip route; cat /sys/class/net/eth0/address');
    expect(inside.stdout).toContain(`inet ${client.ip}/24`);
    expect(inside.stdout).toContain(`default via ${net.gateway} dev eth0`);
    expect(inside.stdout).toContain(client.attachment.mac);
    expect(client.attachment.hostVeth).toMatch(/^vb-[0-9a-f]{12}$/);
    expect(interfaceOwner(client.attachment.hostVeth)).toBe(lab.name(client.id));
  });

  it('leaves lo up for a container in network mode none; raising it again changes nothing', async () => {
    const id = fx.id('none');
    await fx.bundle.writeSpec(['sleep', '60']);
    await fx.runtime.create(id, { bundle: fx.bundle.dir });
    const pid = (await fx.runtime.state(id)).pid!;
    // The shim raised it when it made the namespace.
    expect(containerLinks(pid)).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP>/);
    await bringUpLoopback(pid);
    await fx.runtime.start(id);
    expect(containerLinks(pid)).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP>/);
    expect((await run(id, 'ping -c1 -W1 127.0.0.1')).exitCode).toBe(0);
    await expect(bringUpLoopback(process.pid)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('counts the bytes and packets of the container’s eth0', async () => {
    const a = await lab.container(fx, 'count-a', ['sleep', '60'], net);
    const b = await lab.container(fx, 'count-b', ['sleep', '60'], net);
    const before = interfaceCounters(a.pid, 'eth0');
    expect((await run(a.id, `ping -c3 -i 0.2 -W1 -s 1000 ${b.ip}`)).exitCode).toBe(0);
    const after = interfaceCounters(a.pid, 'eth0');
    expect(after.txPackets - before.txPackets).toBeGreaterThanOrEqual(3);
    expect(after.rxPackets - before.rxPackets).toBeGreaterThanOrEqual(3);
    expect(after.txBytes - before.txBytes).toBeGreaterThan(3 * 1000);
    expect(after.rxBytes - before.rxBytes).toBeGreaterThan(3 * 1000);
    expect(() => interfaceCounters(a.pid, 'eth9')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a failing attach leaves the host’s links, netns and firewall exactly as before', async () => {
    const id = fx.id('fail');
    await fx.bundle.writeSpec(['sleep', '60']);
    await fx.runtime.create(id, { bundle: fx.bundle.dir });
    const pid = (await fx.runtime.state(id)).pid!;
    const owner = lab.name(id);
    const base = { pid, bridge: net.bridge, gateway: net.gateway, owner };
    const host = await stableSnapshot();
    const inside = containerLinks(pid);

    // pid_max itself is never a pid.
    const missingPid = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    await expect(attachToBridge({ ...base, pid: missingPid, address: `${net.subnet.replace(/0\/24$/, '9')}/24` })).rejects.toMatchObject({ code: 'ESRCH' });
    await expect(attachToBridge({ ...base, address: '10.1.2.3/24' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/address: 10\.1\.2\.3 is outside the subnet/),
    });
    await expect(attachToBridge({ ...base, address: `${net.gateway}/24` })).rejects.toMatchObject({ message: expect.stringMatching(/is the gateway/) });
    await expect(attachToBridge({ ...base, address: '10.1.2.3/24', bridge: 'bz-nosuch' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(attachToBridge({ ...base, pid: process.pid, address: '10.1.2.3/24' })).rejects.toMatchObject({
      message: expect.stringMatching(/shares the host's network namespace/),
    });
    // Fails half-way, inside the container, after the pair exists: a second default route.
    const eth0 = await lab.attach(pid, net, owner);
    const withEth0 = { host: await stableSnapshot(), inside: containerLinks(pid) };
    await expect(attachToBridge({ ...base, ifname: 'eth1', address: `${net.subnet.replace(/0\/24$/, '77')}/24` })).rejects.toMatchObject({
      code: 'EEXIST',
      message: expect.stringMatching(/defaultRoute: false/),
    });
    expect({ host: await snapshotMatching(withEth0.host), inside: containerLinks(pid) }).toEqual(withEth0);
    // The same interface twice is refused before anything is made.
    await expect(lab.attach(pid, net, owner)).rejects.toMatchObject({ code: 'ALREADY_ATTACHED' });
    expect({ host: await snapshotMatching(withEth0.host), inside: containerLinks(pid) }).toEqual(withEth0);

    await fx.runtime.delete(id, { force: true });
    await detach(eth0.hostVeth);
    expect(await snapshotMatching(host)).toEqual(host);
    expect(inside.trim().split('\n')).toHaveLength(1); // lo only, before the attach
  });

  it('100 attach/publish/unpublish/detach cycles leave links, netns and the firewall as they were', { timeout: 90_000 }, async () => {
    const id = fx.id('cycles');
    await fx.bundle.writeSpec(['sleep', '120']);
    await fx.runtime.create(id, { bundle: fx.bundle.dir });
    const pid = (await fx.runtime.state(id)).pid!;
    const owner = lab.name(id);
    const address = `${net.subnet.replace(/0\/24$/, '50')}`;
    const hostPort = await freePort();
    // The first attach brings lo up, and it stays up (as in any container): compare link names inside.
    const names = () => containerLinks(pid).replace(/^\d+: (\S+):.*$/gm, '$1');
    const before = { host: await stableSnapshot(), inside: names() };
    const times = { attach: [] as number[], publish: [] as number[], unpublish: [] as number[], detach: [] as number[] };
    const timed = async <T>(list: number[], work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      list.push(performance.now() - started);
      return result;
    };
    for (let i = 0; i < 100; i++) {
      const attachment = await timed(times.attach, () => attachToBridge({ pid, bridge: net.bridge, address: `${address}/24`, gateway: net.gateway, owner }));
      expect(linkExists(attachment.hostVeth)).toBe(true);
      await timed(times.publish, () =>
        publishPort({ owner, bridge: net.bridge, protocol: i % 2 ? 'udp' : 'tcp', hostPort, containerIp: address, containerPort: 80 }),
      );
      await timed(times.unpublish, () => removeFirewallRules(owner));
      await timed(times.detach, () => detach(attachment.hostVeth));
    }
    expect({ host: await snapshotMatching(before.host), inside: names() }).toEqual(before);
    const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!.toFixed(1);
    const p90 = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length * 0.9)]!.toFixed(1);
    console.log(
      Object.entries(times)
        .map(([step, list]) => `${step}: median ${median(list)} ms, p90 ${p90(list)} ms`)
        .join('; '),
    );
  });

  it('20 containers created, attached, used and removed leave the host as it was', { timeout: 90_000 }, async () => {
    const peer = await lab.container(fx, 'peer', ['sleep', '120'], net);
    const before = await stableSnapshot();
    for (let i = 0; i < 20; i++) {
      const c = await lab.container(fx, `churn${i}`, ['sleep', '60'], net);
      expect((await run(c.id, `ping -c1 -W1 ${peer.ip}`)).exitCode).toBe(0);
      // Half detach first (an orderly stop); half leave it to the kernel (the netns dies with the container).
      if (i % 2 === 0) await detach(c.attachment.hostVeth);
      await fx.runtime.delete(c.id, { force: true });
      await waitFor(async () => !linkExists(c.attachment.hostVeth), 5_000);
      await detach(c.attachment.hostVeth);
      net.taken.splice(net.taken.indexOf(c.ip), 1);
    }
    expect(await snapshotMatching(before)).toEqual(before);
  });
});
