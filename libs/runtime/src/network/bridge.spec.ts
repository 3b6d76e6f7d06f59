import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBridge, removeBridge } from './bridge.js';
import { interfaceOwner, ipv4Addresses, linkExists } from './interfaces.js';
import { snapshotMatching, stableSnapshot } from './testing/host-snapshot.js';
import { NetLab } from './testing/net-lab.js';

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });

/** Bridges on the real kernel: made once, kept when right, refused when in the way. */
describe('bridges (real kernel)', () => {
  const lab = new NetLab();
  afterAll(async () => {
    for (const tag of ['foreign', 'v0', 'p0']) if (linkExists(lab.name(tag))) ip('link', 'del', lab.name(tag));
    await lab.cleanup();
  });

  const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`;
  const gateway = subnet.replace(/0\/24$/, '1');

  it('makes a bridge with the gateway address, a fixed MAC and its owner mark, and keeps it on the next call', async () => {
    const name = lab.name('keep');
    expect(await ensureBridge({ name, subnet, gateway })).toEqual({ name, subnet, gateway, owner: name, created: true });
    expect(await ipv4Addresses(name)).toEqual([{ ifname: name, address: gateway, prefix: 24 }]);
    expect(readFileSync(`/sys/class/net/${name}/address`, 'utf8').trim()).toBe(
      `02:be:${gateway
        .split('.')
        .map((n) => Number(n).toString(16).padStart(2, '0'))
        .join(':')}`,
    );
    expect(interfaceOwner(name)).toBe(name);
    expect(ip('-o', 'link', 'show', name)).toMatch(/[<,]UP[,>]/);

    const before = await stableSnapshot();
    expect((await ensureBridge({ name, subnet, gateway })).created).toBe(false);
    expect(await snapshotMatching(before)).toEqual(before);
  });

  it('refuses a bridge of that name with another address, owner or kind, changing nothing', async () => {
    const name = lab.name('keep');
    const before = await stableSnapshot();
    const other = subnet.replace(/\.0\/24$/, '.0/25');
    await expect(ensureBridge({ name, subnet: other, gateway })).rejects.toMatchObject({
      code: 'BRIDGE_CONFLICT',
      message: expect.stringContaining(`bridge ${name} has ${gateway}/24, not ${gateway}/25`),
    });
    await expect(ensureBridge({ name, subnet, gateway, owner: 'someone-else' })).rejects.toMatchObject({
      message: expect.stringContaining(`belongs to ${name}`),
    });

    ip('link', 'add', lab.name('foreign'), 'type', 'bridge');
    ip('link', 'add', lab.name('v0'), 'type', 'veth', 'peer', 'name', lab.name('v1'));
    const withForeign = await stableSnapshot();
    await expect(ensureBridge({ name: lab.name('foreign'), subnet: '10.199.0.0/24', gateway: '10.199.0.1' })).rejects.toMatchObject({
      message: expect.stringContaining('was not made by Berth'),
    });
    await expect(ensureBridge({ name: lab.name('v0'), subnet: '10.199.0.0/24', gateway: '10.199.0.1' })).rejects.toMatchObject({
      message: expect.stringContaining('is not a bridge'),
    });
    await expect(removeBridge(lab.name('foreign'))).rejects.toMatchObject({ code: 'NOT_BERTH_BRIDGE' });
    expect(await snapshotMatching(withForeign)).toEqual(withForeign);
    ip('link', 'del', lab.name('foreign'));
    ip('link', 'del', lab.name('v0'));
    expect(await snapshotMatching(before)).toEqual(before);
  });

  it('refuses a subnet the host already routes, and bad input, before making anything', async () => {
    const before = await stableSnapshot();
    const host = (await ipv4Addresses()).find((entry) => !entry.address.startsWith('127.'))!;
    const hostSubnet = execFileSync('ip', ['-j', '-4', 'route', 'show', 'dev', host.ifname, 'scope', 'link'], { encoding: 'utf8' });
    const dst = (JSON.parse(hostSubnet) as { dst: string }[])[0]!.dst;
    await expect(ensureBridge({ name: lab.name('clash'), subnet: dst, gateway: dst.replace(/\.\d+\/\d+$/, '.254') })).rejects.toMatchObject({
      code: 'SUBNET_OVERLAP',
      message: expect.stringContaining(`on ${host.ifname}`),
    });
    await expect(ensureBridge({ name: lab.name('clash'), subnet: '10.198.0.1/24', gateway: '10.198.0.1' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(ensureBridge({ name: lab.name('clash'), subnet: '10.198.0.0/24', gateway: '10.197.0.1' })).rejects.toThrow(
      /gateway: 10\.197\.0\.1 is outside/,
    );
    await expect(ensureBridge({ name: 'x'.repeat(16), subnet: '10.198.0.0/24', gateway: '10.198.0.1' })).rejects.toThrow(/name: /);
    expect(await snapshotMatching(before)).toEqual(before);
  });

  it('finishes a bridge a crash left without its address and down', async () => {
    const name = lab.name('half');
    ip('link', 'add', 'name', name, 'type', 'bridge');
    execFileSync('sh', ['-c', `echo berth:${name} > /sys/class/net/${name}/ifalias`]);
    const half = subnet.replace(/^10\.(\d+)\.(\d+)\.0\/24$/, (_all, x: string, y: string) => `10.${x}.${(Number(y) + 1) % 256}.0/24`);
    const halfGateway = half.replace(/0\/24$/, '1');
    expect((await ensureBridge({ name, subnet: half, gateway: halfGateway })).created).toBe(false);
    expect(await ipv4Addresses(name)).toEqual([{ ifname: name, address: halfGateway, prefix: 24 }]);
    expect(ip('-o', 'link', 'show', name)).toMatch(/[<,]UP[,>]/);
  });

  it('removes a Berth bridge (and a missing one quietly), but not while something is attached', async () => {
    const name = lab.name('keep');
    ip('link', 'add', lab.name('p0'), 'master', name, 'type', 'veth', 'peer', 'name', lab.name('p1'));
    await expect(removeBridge(name)).rejects.toMatchObject({ code: 'BRIDGE_IN_USE', message: expect.stringContaining(lab.name('p0')) });
    ip('link', 'del', lab.name('p0'));
    await removeBridge(name);
    expect(linkExists(name)).toBe(false);
    await removeBridge(name);
  });
});
