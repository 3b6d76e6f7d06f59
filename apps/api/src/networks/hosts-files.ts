import { writeFileSync } from 'node:fs';
import { renderHostsFile, type HostsEntry } from '../engine/runtime-adapter.js';
import type { Membership } from './networks.repository.js';

/** What renderHostsFile accepts; a container name with `_` is valid but no host name, so it is left out. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isHostName(name: string): boolean {
  return HOST_NAME.test(name);
}

/**
 * A container's /etc/hosts: its own name and host name on its first address, then everyone
 * on its networks by name and aliases. Containers on networks it is not on are absent, so
 * names resolve only where traffic may go.
 */
export function hostsFileFor(self: { name: string; hostname?: string }, own: Membership[], neighbours: Membership[]): string {
  const entries: HostsEntry[] = [];
  const first = own[0];
  if (first) entries.push({ address: first.ip, names: valid([self.hostname ?? '', self.name, ...first.aliases]) });
  for (const membership of own.slice(1)) entries.push({ address: membership.ip, names: valid([self.name, ...membership.aliases]) });
  for (const other of neighbours) entries.push({ address: other.ip, names: valid([other.container.name, ...other.aliases]) });
  return renderHostsFile(entries.filter((entry) => entry.names.length > 0));
}

function valid(names: string[]): string[] {
  return [...new Set(names.filter(isHostName))];
}

/**
 * Rewrites the file in place: it is bind-mounted at /etc/hosts, and a bind mount keeps the
 * inode it was made on, so a write-and-rename would never be seen inside. A reader may see
 * a half-written file for an instant; resolvers read it whole on every lookup and the next
 * lookup sees the full one.
 */
export function writeHostsFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o644 });
}
