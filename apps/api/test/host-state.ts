import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeAdapter } from '../src/engine/runtime-adapter.js';
import type { TestApp } from './test-app.js';

/**
 * Everything a refused request must leave as it was: the catalogue rows of what it could have
 * made, the runtime's containers, the image store's names, and the host's links, routes and
 * firewall. Test-only.
 */
export interface HostState {
  catalogue: string;
  runtime: string;
  imageNames: string;
  links: string[];
  routes: string[];
  iptables: string[];
}

export async function hostState(subject: TestApp): Promise<HostState> {
  const prisma = subject.db.prisma;
  const byId = { orderBy: { id: 'asc' as const } };
  const catalogue = JSON.stringify({
    containers: await prisma.container.findMany({ ...byId, select: { id: true, status: true, config: true } }),
    networks: await prisma.network.findMany(byId),
    volumes: await prisma.volume.findMany(byId),
    images: await prisma.image.findMany({ ...byId, select: { id: true, repoTags: true, digest: true } }),
    containerNetworks: await prisma.containerNetwork.findMany({ orderBy: [{ containerId: 'asc' }, { networkId: 'asc' }] }),
    containerPorts: await prisma.containerPort.findMany({ orderBy: [{ containerId: 'asc' }, { hostPort: 'asc' }] }),
    containerVolumes: await prisma.containerVolume.findMany({ orderBy: [{ containerId: 'asc' }, { destination: 'asc' }] }),
    events: await prisma.event.count(),
  });
  const runtime = JSON.stringify((await subject.app.get(RuntimeAdapter).list()).map((state) => [state.id, state.status]));
  return {
    catalogue,
    runtime,
    imageNames: readFileSync(join(subject.root, 'images', 'index.json'), 'utf8'),
    links: lines('ip', ['-o', 'link']),
    routes: lines('ip', ['route', 'show', 'table', 'all']),
    // Without the "# Generated … on <date>" lines, and with packet counters zeroed.
    iptables: lines('iptables-save', [])
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.replace(/\[\d+:\d+\]$/, '[0:0]')),
  };
}

/**
 * What changed between two states that is this app's doing. The host is shared with other
 * test runs making their own bridges, veths, routes and rules at the same moment, so kernel
 * lines are attributed by the owner mark Berth puts on every bridge, veth (alias) and rule
 * (comment), `berth:<this root's prefix>…`, and by the links so marked (a route `dev`, a port's
 * `master`). The catalogue, the runtime and the image store are this app's alone.
 */
export function changesBetween(before: HostState, after: HostState, ownerPrefix: string): string[] {
  const changes: string[] = [];
  for (const key of ['catalogue', 'runtime', 'imageNames'] as const) if (before[key] !== after[key]) changes.push(`${key} changed`);
  const mine = (line: string) => line.includes(`berth:${ownerPrefix}`);
  const ownLinks = [...before.links, ...after.links].filter(mine).map((line) => /^\d+: ([^:@]+)/.exec(line)?.[1] ?? '');
  const ours = (line: string) => mine(line) || ownLinks.some((name) => name !== '' && (line.includes(` dev ${name} `) || line.includes(` master ${name} `)));
  for (const key of ['links', 'routes', 'iptables'] as const) {
    const was = new Set(before[key]);
    const now = new Set(after[key]);
    for (const line of after[key]) if (!was.has(line) && ours(line)) changes.push(`${key} + ${line}`);
    for (const line of before[key]) if (!now.has(line) && ours(line)) changes.push(`${key} - ${line}`);
  }
  return changes;
}

/** `ip route get ADDRESS`: where the host would send a packet to it. */
export function routeTo(address: string): string {
  return execFileSync('ip', ['route', 'get', address], { encoding: 'utf8' }).trim();
}

function lines(command: string, args: string[]): string[] {
  return execFileSync(command, args, { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '');
}
