import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkOwners } from './network-owners.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Bridge networking through the real API: real containers, real bridges, veths and iptables
 * rules (root). Every test waits with a bound; the app's teardown sweeps what carries its mark.
 */
let subject: TestApp;
const http = () => subject.http();
beforeAll(async () => {
  subject = await startTestApp();
});
afterAll(async () => {
  await subject?.close();
});

const HTTPD = ['sh', '-c', 'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && exec httpd -f -p 80 -h /www'];

async function run(
  body: Record<string, unknown>,
): Promise<{ id: string; name: string; networks: { ip: string; network: string }[]; ports: { hostPort: number }[] }> {
  const created = await http()
    .post('/api/v1/containers')
    .send({ image: 'busybox', ...body })
    .expect(201);
  const started = await http().post(`/api/v1/containers/${created.body.id}/start`);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return started.body;
}

async function exec(container: string, cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return (await http().post(`/api/v1/containers/${container}/exec`).send({ cmd }).expect(200)).body;
}

/**
 * busybox wget, bounded by busybox timeout: its own -T crashes the static busybox of the seed
 * image (exit 139). Retried a few times, since httpd needs a moment after start to listen.
 */
const wget = (url: string) => ['timeout', '3', 'wget', '-q', '-O', '-', url];

async function fetchFrom(container: string, url: string, attempts = 20): Promise<{ exitCode: number; stdout: string }> {
  let last = { exitCode: -1, stdout: '' };
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = await exec(container, wget(url));
    if (last.exitCode === 0) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

async function hostFetch(url: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return await response.text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function createNetwork(body: Record<string, unknown>) {
  const response = await http().post('/api/v1/networks').send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; name: string; bridge: string; subnet: string; gateway: string };
}

/**
 * The host's links, namespaces and firewall rules — all but the Berth objects of other state
 * roots: other test files' apps run beside this one and make their own networks meanwhile.
 */
function hostState() {
  const mine = new NetworkOwners(subject.root).prefix;
  const ours = (line: string) => !/berth:[0-9a-f]{8}:/.test(line) || line.includes(`berth:${mine}`);
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n')
    .filter(ours)
    .map((line) => line.split(':')[1]?.trim().split('@')[0])
    .filter(Boolean)
    .sort();
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  // Counters change with traffic; the rules themselves must not.
  const rules = execFileSync('iptables-save', { encoding: 'utf8' })
    .split('\n')
    .filter((line) => !line.startsWith('#') && ours(line))
    .map((line) => line.replace(/\[\d+:\d+\]/, ''))
    .join('\n');
  return { links, netns, rules };
}

function listen(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((_, response) => response.end('from the host\n'));
    server.listen(0, host, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

function hostAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal && !entry.address.startsWith('10.89.'));
  if (!address) throw new Error('this host has no external IPv4 address');
  return address.address;
}

describe('networks API (real bridges, veths and iptables)', () => {
  it('creates, lists, inspects and removes a network; bad input changes nothing', async () => {
    const made = await createNetwork({ name: 'crud', labels: { team: 'a' } });
    expect(made).toMatchObject({ name: 'crud', driver: 'bridge', internal: false, bridge: expect.stringMatching(/^berth-[0-9a-f]{8}$/), containers: [] });
    expect(made.subnet).toMatch(/^10\.89\.\d+\.0\/24$/);
    expect(execFileSync('ip', ['-o', 'addr', 'show', 'dev', made.bridge], { encoding: 'utf8' })).toContain(`${made.gateway}/24`);
    expect((await http().get('/api/v1/networks').expect(200)).body.items.map((network: { name: string }) => network.name)).toContain('crud');
    expect((await http().get(`/api/v1/networks/${made.id}`).expect(200)).body).toMatchObject({ name: 'crud', labels: { team: 'a' } });

    const before = { state: hostState(), rows: await subject.db.prisma.network.count() };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'crud' }, 409, 'NETWORK_EXISTS'],
      [{ name: 'bad name' }, 400, 'INVALID_NETWORK_NAME'],
      [{ name: 'host' }, 400, 'INVALID_NETWORK_NAME'],
      [{ name: 'sub', subnet: '10.89.0.5/24' }, 400, 'INVALID_SUBNET'],
      [{ name: 'sub', subnet: made.subnet }, 409, 'SUBNET_OVERLAP'],
      [{ name: 'drv', driver: 'overlay' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await http().post('/api/v1/networks').send(body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status, code });
    }
    const unknown = await http().post('/api/v1/containers').send({ image: 'busybox', network: 'nosuchnet' });
    expect(unknown.body.code).toBe('NETWORK_NOT_FOUND');
    const noPortsOnNone = await http()
      .post('/api/v1/containers')
      .send({ image: 'busybox', network: 'none', ports: [{ containerPort: 80 }] });
    expect(noPortsOnNone.body.code).toBe('CONFLICTING_OPTIONS');
    expect({ state: hostState(), rows: await subject.db.prisma.network.count() }).toEqual(before);

    await http().delete('/api/v1/networks/crud').expect(204);
    await http().get('/api/v1/networks/crud').expect(404);
    expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).not.toContain(made.bridge);
    expect(execFileSync('iptables-save', { encoding: 'utf8' })).not.toContain(made.bridge);
  });

  it('prunes the idle networks with a label, keeping one a container is on, unlabelled ones and bridge', { timeout: 60_000 }, async () => {
    const idle = await createNetwork({ name: 'prune-idle', labels: { prune: 'yes' } });
    await createNetwork({ name: 'prune-busy', labels: { prune: 'yes' } });
    await createNetwork({ name: 'prune-other' });
    const member = await run({ name: 'prune-member', network: 'prune-busy', cmd: ['sleep', '30'] });

    const pruned = await http().post('/api/v1/networks/prune?label=prune=yes').expect(200);
    expect(pruned.body).toEqual({ networksDeleted: ['prune-idle'] });
    expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).not.toContain(idle.bridge);
    await http().get('/api/v1/networks/prune-busy').expect(200);
    await http().get('/api/v1/networks/prune-other').expect(200);

    // A container on the default network makes the team's `bridge`; gone again, it leaves it idle.
    const onDefault = (
      await http()
        .post('/api/v1/containers')
        .send({ image: 'busybox', cmd: ['true'] })
        .expect(201)
    ).body.id;
    await http().delete(`/api/v1/containers/${onDefault}`).expect(204);
    await http().delete(`/api/v1/containers/${member.id}?force=true`).expect(204);
    const rest = await http().post('/api/v1/networks/prune').expect(200);
    expect(rest.body.networksDeleted).toEqual(expect.arrayContaining(['prune-busy', 'prune-other']));
    expect(rest.body.networksDeleted).not.toContain('bridge');
    await http().get('/api/v1/networks/bridge').expect(200);
  });

  it('reaches an httpd by name on the same network, and not from another network', { timeout: 60_000 }, async () => {
    await createNetwork({ name: 'front' });
    await createNetwork({ name: 'back' });
    const web = await run({ name: 'web', network: 'front', cmd: HTTPD });
    await run({ name: 'client', network: 'front', cmd: ['sleep', '60'] });
    await run({ name: 'stranger', network: 'back', cmd: ['sleep', '60'] });

    expect((await fetchFrom('client', 'http://web/')).stdout).toBe(`hello from ${web.id.slice(0, 12)}\n`);
    expect((await exec('client', ['cat', '/etc/hosts'])).stdout).toMatch(/\bweb\b/);
    // Another network: the name is unknown there, and the address is not reachable either.
    expect((await exec('stranger', ['cat', '/etc/hosts'])).stdout).not.toMatch(/\bweb\b/);
    expect((await exec('stranger', wget(`http://${web.networks[0]!.ip}/`))).exitCode).not.toBe(0);

    // connect: the stranger joins front and reaches web by name; disconnect takes it away again.
    const joined = await http()
      .post('/api/v1/networks/front/connect')
      .send({ container: 'stranger', aliases: ['visitor'] })
      .expect(200);
    expect(joined.body.containers.map((member: { name: string }) => member.name).sort()).toEqual(['client', 'stranger', 'web']);
    expect((await fetchFrom('stranger', 'http://web/')).exitCode).toBe(0);
    expect((await exec('client', ['cat', '/etc/hosts'])).stdout).toMatch(/\bstranger visitor\b/);
    await http().post('/api/v1/networks/front/disconnect').send({ container: 'stranger' }).expect(200);
    expect((await exec('stranger', wget(`http://${web.networks[0]!.ip}/`))).exitCode).not.toBe(0);
    expect((await exec('client', ['cat', '/etc/hosts'])).stdout).not.toMatch(/\bstranger\b/);

    const inUse = await http().delete('/api/v1/networks/front').expect(409);
    expect(inUse.body).toMatchObject({ code: 'NETWORK_IN_USE', detail: expect.stringContaining('web') });

    // Per-interface counters in stats.
    const stats = (await http().get('/api/v1/containers/client/stats').expect(200)).body;
    expect(stats.networks.eth0.rxBytes).toBeGreaterThan(0);
    expect(stats.networks.eth0.txBytes).toBeGreaterThan(0);
    for (const name of ['web', 'client', 'stranger']) await http().delete(`/api/v1/containers/${name}?force=true`).expect(204);
    await http().delete('/api/v1/networks/front').expect(204);
    await http().delete('/api/v1/networks/back').expect(204);
  });

  it('egress goes out through NAT; an internal network has no way out', { timeout: 60_000 }, async () => {
    const { server, port } = await listen('0.0.0.0');
    try {
      const url = `http://${hostAddress()}:${port}/`;
      await createNetwork({ name: 'sealed', internal: true });
      await run({ name: 'outgoing', cmd: ['sleep', '60'] });
      await run({ name: 'inside', network: 'sealed', cmd: ['sleep', '60'] });
      expect((await fetchFrom('outgoing', url, 3)).stdout).toBe('from the host\n');
      expect((await exec('inside', wget(url))).exitCode).not.toBe(0);
      const internalPorts = await http()
        .post('/api/v1/containers')
        .send({ image: 'busybox', network: 'sealed', ports: [{ containerPort: 80 }] });
      expect(internalPorts.body.code).toBe('INTERNAL_NETWORK');
      for (const name of ['outgoing', 'inside']) await http().delete(`/api/v1/containers/${name}?force=true`).expect(204);
      await http().delete('/api/v1/networks/sealed').expect(204);
    } finally {
      server.close();
    }
  });

  it('publishes a port at 127.0.0.1, refuses a taken one with 409 PORT_IN_USE, and keeps it across an API restart', { timeout: 90_000 }, async () => {
    const web = await run({ name: 'published', cmd: HTTPD, ports: [{ containerPort: 80 }] });
    const hostPort = web.ports[0]!.hostPort;
    expect(web.ports).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort }]);
    expect(await hostFetch(`http://127.0.0.1:${hostPort}/`)).toBe(`hello from ${web.id.slice(0, 12)}\n`);

    // The same host port for a second container: refused at its start, naming the holder; nothing is left behind.
    const { server, port: taken } = await listen('127.0.0.1');
    try {
      const before = hostState();
      const twin = (
        await http()
          .post('/api/v1/containers')
          .send({ image: 'busybox', name: 'twin', cmd: HTTPD, ports: [{ containerPort: 80, hostPort }] })
          .expect(201)
      ).body;
      const clash = await http().post(`/api/v1/containers/${twin.id}/start`).expect(409);
      expect(clash.body).toMatchObject({ code: 'PORT_IN_USE', detail: expect.stringContaining('container published') });
      const byHost = (
        await http()
          .post('/api/v1/containers')
          .send({ image: 'busybox', name: 'squatter', cmd: HTTPD, ports: [{ containerPort: 80, hostPort: taken }] })
          .expect(201)
      ).body;
      const held = await http().post(`/api/v1/containers/${byHost.id}/start`).expect(409);
      expect(held.body).toMatchObject({ code: 'PORT_IN_USE', detail: expect.stringMatching(new RegExp(`node \\(pid ${process.pid}\\)`)) });
      expect((await http().get('/api/v1/containers/squatter').expect(200)).body.status).toBe('created');
      // Creating added the containers' own network namespaces' nothing on the host: no veth, no rule.
      expect(hostState()).toEqual(before);
      await http().delete('/api/v1/containers/twin?force=true').expect(204);
      await http().delete('/api/v1/containers/squatter?force=true').expect(204);
    } finally {
      server.close();
    }

    // The API goes away and comes back: the kernel kept the rule, and the new app keeps it.
    await subject.restart();
    expect(await hostFetch(`http://127.0.0.1:${hostPort}/`)).toBe(`hello from ${web.id.slice(0, 12)}\n`);
    expect((await http().get('/api/v1/containers/published').expect(200)).body.status).toBe('running');

    // A stopped container holds no port.
    await http().post('/api/v1/containers/published/stop?t=1').expect(200);
    expect(execFileSync('iptables-save', { encoding: 'utf8' })).not.toContain(`127.0.0.1:${hostPort}`);
    await http().delete('/api/v1/containers/published?force=true').expect(204);
  });

  it('brings lo up for network none', { timeout: 30_000 }, async () => {
    await run({ name: 'loner', network: 'none', cmd: ['sleep', '60'] });
    const lo = await exec('loner', ['ip', '-o', 'link', 'show']);
    expect(lo.stdout).toMatch(/lo: <LOOPBACK,UP/);
    expect(lo.stdout).not.toMatch(/eth0/);
    expect((await exec('loner', ['ping', '-c', '1', '-W', '1', '127.0.0.1'])).exitCode).toBe(0);
    await http().delete('/api/v1/containers/loner?force=true').expect(204);
  });

  const CYCLES = Number(process.env['BERTH_NETWORK_CYCLES'] ?? 100);
  it(`leaves ip link, the namespaces and the firewall as they were after ${CYCLES} create/start/remove cycles`, { timeout: 300_000 }, async () => {
    // The default network and its rules exist from the first container on: made before the snapshot.
    await run({ name: 'warm', cmd: ['true'] });
    await http().delete('/api/v1/containers/warm?force=true').expect(204);
    const before = hostState();
    const started = Date.now();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const container = await run({ cmd: ['sleep', '30'], ports: [{ containerPort: 80, protocol: cycle % 2 ? 'udp' : 'tcp' }] });
      await http().delete(`/api/v1/containers/${container.id}?force=true`).expect(204);
    }
    const perCycleMs = (Date.now() - started) / CYCLES;
    console.log(`${CYCLES} cycles, ${perCycleMs.toFixed(0)} ms per create+start+remove with a published port`);
    expect(hostState()).toEqual(before);
  });

  it('shows the network endpoints in the OpenAPI document', async () => {
    const document = (await http().get('/api/docs-json').expect(200)).body as { paths: Record<string, object> };
    for (const path of ['/api/v1/networks', '/api/v1/networks/{id}', '/api/v1/networks/{id}/connect', '/api/v1/networks/{id}/disconnect']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
  });
});
