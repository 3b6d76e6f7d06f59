import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeFixture } from '../../testing/runtime-fixture.js';
import { waitFor } from '../../testing/wait-for.js';
import { NetLab, type LabContainer, type LabNetwork } from '../testing/net-lab.js';
import { fetchCommand, httpdArgs, withWww } from '../testing/programs.js';
import { makeUpstream, type Upstream } from '../testing/upstream.js';
import { publishPort } from './port-rules.js';

function hostAddress(): string {
  const entry = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal);
  if (!entry) throw new Error('this host has no non-loopback IPv4 address');
  return entry.address;
}

/**
 * What the firewall lets through, shown with real traffic between real containers: bridges are
 * isolated from each other, an internal network has no way out, a routed one reaches beyond the
 * host masqueraded. Each "cannot" is paired with a "can" on the same path, so a failure to
 * connect means the rule and not a broken setup.
 */
describe('network isolation (real kernel)', () => {
  let fx: RuntimeFixture;
  const lab = new NetLab();
  let a: LabNetwork;
  let b: LabNetwork;
  let internal: LabNetwork;
  let upstream: Upstream;
  const c: Record<string, LabContainer> = {};

  // Containers live for the whole file: every test looks at the same little world.
  beforeAll(async () => {
    fx = await RuntimeFixture.create();
    [a, b, internal] = [await lab.network('a'), await lab.network('b'), await lab.network('i', true)];
    c.a1 = await lab.container(fx, 'a1', httpdArgs('page-a1'), a, { patch: withWww });
    c.a2 = await lab.container(fx, 'a2', ['sleep', '120'], a);
    c.b1 = await lab.container(fx, 'b1', httpdArgs('page-b1'), b, { patch: withWww });
    c.b2 = await lab.container(fx, 'b2', ['sleep', '120'], b);
    c.i1 = await lab.container(fx, 'i1', httpdArgs('page-i1'), internal, { patch: withWww });
    c.i2 = await lab.container(fx, 'i2', ['sleep', '120'], internal);
    upstream = await makeUpstream(fx, lab);
  });
  afterAll(async () => {
    try {
      // The link first, while its peer's namespace still stands.
      upstream?.remove();
      await fx?.dispose();
    } finally {
      await lab.cleanup();
    }
  });

  const sh = async (from: LabContainer, command: string) => fx.runtime.exec(from.id, { args: ['sh', '-c', command], stdio: 'pipe' });
  const ping = async (from: LabContainer, to: string) => (await sh(from, `ping -c1 -W1 ${to}`)).exitCode === 0;
  const fetchPage = async (from: LabContainer, url: string) => (await sh(from, fetchCommand(url))).stdout;
  /** The positive side may need a moment while httpd starts; the negative side is then asked once. */
  const fetchEventually = async (from: LabContainer, url: string) => {
    let body = '';
    await waitFor(async () => (body = await fetchPage(from, url)) !== '', 10_000).catch(() => undefined);
    return body;
  };

  it('a container on one bridge cannot reach a container on another, while each reaches its own neighbours', async () => {
    expect(await fetchEventually(c.a2!, `http://${c.a1!.ip}/`)).toBe('page-a1\n');
    expect(await fetchEventually(c.b2!, `http://${c.b1!.ip}/`)).toBe('page-b1\n');
    expect(await ping(c.a2!, c.a1!.ip)).toBe(true);

    expect(await ping(c.a2!, c.b1!.ip)).toBe(false);
    expect(await fetchPage(c.a2!, `http://${c.b1!.ip}/`)).toBe('');
    expect(await ping(c.b2!, c.a1!.ip)).toBe(false);
    expect(await fetchPage(c.b2!, `http://${c.a1!.ip}/`)).toBe('');
    expect(await ping(c.a2!, c.i1!.ip)).toBe(false);
  });

  it('an internal network reaches its neighbours and gateway, but not the host’s address, another network’s gateway or beyond', async () => {
    expect(await fetchEventually(c.i2!, `http://${c.i1!.ip}/`)).toBe('page-i1\n');
    expect(await ping(c.i2!, internal.gateway)).toBe(true);
    // The same targets from a routed network, to show they answer.
    expect(await ping(c.a2!, hostAddress())).toBe(true);
    expect(await ping(c.a2!, b.gateway)).toBe(true);

    expect(await ping(c.i2!, hostAddress())).toBe(false);
    expect(await ping(c.i2!, a.gateway)).toBe(false);
    expect(await ping(c.i2!, upstream.address)).toBe(false);
    expect(await fetchPage(c.i2!, `http://${upstream.address}/cgi-bin/ip`)).toBe('');
    expect(await ping(c.i2!, c.a1!.ip)).toBe(false);
    // Nothing from outside may reach it either, so it takes no published ports.
    await expect(
      publishPort({ owner: lab.name(c.i1!.id), bridge: internal.bridge, protocol: 'tcp', hostPort: 8080, containerIp: c.i1!.ip, containerPort: 80 }),
    ).rejects.toMatchObject({ code: 'INTERNAL_NETWORK' });
  });

  it('a routed network reaches beyond the host, masqueraded behind the host’s address', async () => {
    // httpd listens on :: and prints IPv4 clients v4-mapped.
    const seenBy = async (from: LabContainer) => (await fetchEventually(from, `http://${upstream.address}/cgi-bin/ip`)).replace(/^\[::ffff:(.*)\]\n$/, '$1');
    expect(await seenBy(c.a2!)).toBe(upstream.hostAddress);
    expect(await seenBy(c.b2!)).toBe(upstream.hostAddress);
  });
});
