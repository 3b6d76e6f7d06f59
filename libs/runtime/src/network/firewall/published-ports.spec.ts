import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../../testing/use-runtime-fixture.js';
import { waitFor } from '../../testing/wait-for.js';
import { snapshotMatching, stableSnapshot } from '../testing/host-snapshot.js';
import { freePort, NetLab, type LabNetwork } from '../testing/net-lab.js';
import { fetchCommand, httpdArgs, prepareHostNodeRootfs, udpEchoArgs, withHostNode, withWww } from '../testing/programs.js';
import { listFirewallRules, removeFirewallRules } from './owner-rules.js';
import { listPublishedPorts, publishPort, unpublishPort } from './port-rules.js';
import { sweepNetwork } from '../sweep.js';

const CHILD = fileURLToPath(new URL('../testing/publish-child.ts', import.meta.url));

/** The host's first non-loopback IPv4 address (its eth0 here). */
function hostAddress(): string {
  const entry = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal);
  if (!entry) throw new Error('this host has no non-loopback IPv4 address');
  return entry.address;
}

/** GET over plain HTTP with a bounded wait; the body, or the error's code. */
async function get(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return await response.text();
  } catch (error) {
    return `error:${((error as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? (error as Error).name}`;
  }
}

async function getEventually(url: string, expected: string): Promise<string> {
  let body = '';
  await waitFor(async () => (body = await get(url)) === expected, 10_000).catch(() => undefined);
  return body;
}

/** One datagram to 127.0.0.1:port and the first answer, retried (bounded) while ARP settles. */
async function udpRoundTrip(port: number, message: string): Promise<string> {
  const socket = createSocket('udp4');
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      const answer = new Promise<string>((resolve) => {
        socket.once('message', (data) => resolve(data.toString()));
        setTimeout(() => resolve(''), 500);
      });
      socket.send(message, port, '127.0.0.1');
      const text = await answer;
      if (text) return text;
    }
    return '';
  } finally {
    socket.close();
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
}

describe('published ports (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));
  const lab = new NetLab();
  let net: LabNetwork;

  beforeAll(async () => {
    net = await lab.network('p');
  });
  // As an engine does when containers go: their rules and veths are swept, the network stays.
  afterEach(async () => {
    await fx.removeContainers();
    await sweepNetwork({ keepOwners: [net.owner], ownerPrefix: lab.prefix, bridgePrefix: lab.prefix });
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  it('the host fetches http://127.0.0.1:PORT/ (and its own address) from a container’s httpd, until unpublished', async () => {
    const web = await lab.container(fx, 'web', httpdArgs('published-page'), net, { patch: withWww });
    const port = await freePort();
    const owner = lab.name(web.id);
    const started = performance.now();
    await publishPort({ owner, bridge: net.bridge, protocol: 'tcp', hostPort: port, containerIp: web.ip, containerPort: 80 });
    console.log(`publishPort (4 rules, iptables-save + iptables-restore): ${(performance.now() - started).toFixed(1)} ms`);

    expect(await getEventually(`http://127.0.0.1:${port}/`, 'published-page\n')).toBe('published-page\n');
    expect(await get(`http://${hostAddress()}:${port}/`)).toBe('published-page\n');
    expect(readFileSync(`/proc/sys/net/ipv4/conf/${net.bridge}/route_localnet`, 'utf8').trim()).toBe('1');
    expect(await listPublishedPorts()).toContainEqual({
      owner,
      bridge: net.bridge,
      protocol: 'tcp',
      hostIp: '0.0.0.0',
      hostPort: port,
      containerIp: web.ip,
      containerPort: 80,
    });

    // Publishing the same mapping again changes nothing; removing it closes the port.
    const rules = await listFirewallRules(owner);
    expect(rules).toHaveLength(4);
    await publishPort({ owner, bridge: net.bridge, protocol: 'tcp', hostPort: port, containerIp: web.ip, containerPort: 80 });
    expect(await listFirewallRules(owner)).toEqual(rules);
    await unpublishPort(owner, { protocol: 'tcp', hostPort: port });
    expect(await listFirewallRules(owner)).toEqual([]);
    expect(await get(`http://127.0.0.1:${port}/`)).toBe('error:ECONNREFUSED');
  });

  it('carries a UDP round trip through a published port', async () => {
    prepareHostNodeRootfs(fx.bundle.rootfs);
    const echo = await lab.container(fx, 'udp', udpEchoArgs(5353), net, { patch: withHostNode });
    await waitFor(async () => (await fx.output(echo.id)).includes('ready'), 10_000);
    const port = await freePort();
    await publishPort({
      owner: lab.name(echo.id),
      bridge: net.bridge,
      protocol: 'udp',
      hostIp: '127.0.0.1',
      hostPort: port,
      containerIp: echo.ip,
      containerPort: 5353,
    });
    expect(await udpRoundTrip(port, 'ping-over-udp')).toBe('echo:ping-over-udp');
  });

  it('refuses a host port held by a listening socket, naming the process, and changes nothing', async () => {
    const tcpPort = await freePort();
    const server = createServer();
    await listen(server, tcpPort, '127.0.0.1');
    const udpPort = await freePort();
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(udpPort, '0.0.0.0', resolve));
    try {
      const before = await stableSnapshot();
      const mapping = { owner: lab.name('taken'), bridge: net.bridge, containerIp: net.subnet.replace(/0\/24$/, '9'), containerPort: 80 };
      await expect(publishPort({ ...mapping, protocol: 'tcp', hostPort: tcpPort })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(`tcp/0.0.0.0:${tcpPort} is taken on the host by node (pid ${process.pid}) bound to 127.0.0.1:${tcpPort}`),
      });
      await expect(publishPort({ ...mapping, protocol: 'udp', hostIp: '127.0.0.1', hostPort: udpPort })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(`by node (pid ${process.pid}) bound to 0.0.0.0:${udpPort}`),
      });
      expect(await snapshotMatching(before)).toEqual(before);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await new Promise<void>((resolve) => udp.close(resolve));
    }
  });

  it('refuses a host port another owner has published, naming that owner', async () => {
    const port = await freePort();
    const first = { bridge: net.bridge, protocol: 'tcp' as const, hostPort: port, containerIp: net.subnet.replace(/0\/24$/, '10'), containerPort: 80 };
    await publishPort({ ...first, owner: lab.name('first') });
    const before = await stableSnapshot();
    await expect(publishPort({ ...first, owner: lab.name('second'), hostIp: '127.0.0.1', containerPort: 8080 })).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      message: expect.stringContaining(`tcp/127.0.0.1:${port} is already published by ${lab.name('first')} (tcp/0.0.0.0:${port})`),
    });
    // Another protocol on the same number is a different port.
    await publishPort({ ...first, owner: lab.name('second'), protocol: 'udp' });
    expect(await removeFirewallRules(lab.name('second'))).toBe(4);
    expect(await snapshotMatching(before)).toEqual(before);
    expect(await removeFirewallRules(lab.name('first'))).toBe(4);
  });

  it('keeps forwarding after the process that published the port is killed: the rules live in the kernel', async () => {
    const web = await lab.container(fx, 'survivor', httpdArgs('still-here'), net, { patch: withWww });
    const port = await freePort();
    const owner = lab.name(web.id);
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, owner, net.bridge, String(port), web.ip, '80'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('published') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
      });
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('close', resolve));
    expect(await getEventually(`http://127.0.0.1:${port}/`, 'still-here\n')).toBe('still-here\n');
  });

  it('a container cannot reach the host’s loopback services through the route_localnet that publishing needs', async () => {
    const hostOnly = createHttpServer((_request, response) => response.end('host-loopback-secret'));
    const secretPort = await freePort();
    await new Promise<void>((resolve) => hostOnly.listen(secretPort, '127.0.0.1', resolve));
    try {
      // Root with every capability can re-route 127.0.0.0/8 out of its eth0 to the gateway.
      const intruder = await lab.container(fx, 'intruder', ['sleep', '60'], net, { create: { privileged: true } });
      const owner = lab.name(intruder.id);
      await publishPort({ owner, bridge: net.bridge, protocol: 'tcp', hostPort: await freePort(), containerIp: intruder.ip, containerPort: 80 });
      const reroute = [
        'sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.eth0.route_localnet=1',
        'ip addr del 127.0.0.1/8 dev lo',
        `ip route add 127.0.0.0/8 via ${net.gateway} dev eth0`,
      ].join(' && ');
      expect((await fx.runtime.exec(intruder.id, { args: ['sh', '-c', reroute], stdio: 'pipe' })).exitCode).toBe(0);
      const attempt = () => fx.runtime.exec(intruder.id, { args: ['sh', '-c', fetchCommand(`http://127.0.0.1:${secretPort}/`)], stdio: 'pipe' });

      expect((await attempt()).stdout).toBe('');
      // The control: without Berth's guard rule the same request gets through.
      const guard = (await listFirewallRules(owner)).find((rule) => rule.chain === 'BERTH-INPUT')!;
      execFileSync('iptables', ['-t', 'filter', '-D', guard.chain, ...splitSpec(guard.spec)]);
      expect((await listFirewallRules()).filter((rule) => rule.chain === 'BERTH-INPUT' && rule.spec.includes(`-i ${net.bridge} `))).toEqual([]);
      expect((await attempt()).stdout).toBe('host-loopback-secret');
    } finally {
      await new Promise((resolve) => hostOnly.close(resolve));
    }
  });
});

/** An iptables-save rule spec as argv (our comments are the only quoted words). */
function splitSpec(spec: string): string[] {
  return [...spec.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}
