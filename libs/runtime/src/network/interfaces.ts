import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { ownerFromTag, ownerTag } from './names.js';
import { runTool } from './run-tool.js';

/**
 * The host's interfaces as sysfs and `ip -j` show them. sysfs is read directly (no process to
 * start); what sysfs does not hold — IPv4 addresses, routes — comes from `ip -j`.
 */
const SYS_NET = '/sys/class/net';

export function linkExists(name: string): boolean {
  return existsSync(`${SYS_NET}/${name}`);
}

export function isBridge(name: string): boolean {
  return existsSync(`${SYS_NET}/${name}/bridge`);
}

/** The interfaces enslaved to a bridge. */
export function bridgePorts(name: string): string[] {
  try {
    return readdirSync(`${SYS_NET}/${name}/brif`);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw error;
  }
}

/** The owner in the interface's alias (`berth:<owner>`), or undefined when it has none. */
export function interfaceOwner(name: string): string | undefined {
  try {
    return ownerFromTag(readFileSync(`${SYS_NET}/${name}/ifalias`, 'utf8').trim());
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Marks the interface as the owner's (sysfs write: no `ip` process needed). */
export function setInterfaceOwner(name: string, owner: string): void {
  writeFileSync(`${SYS_NET}/${name}/ifalias`, ownerTag(owner));
}

export interface InterfaceAddress {
  ifname: string;
  address: string;
  prefix: number;
}

interface IpAddrJson {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

/** IPv4 addresses of one interface, or of all when `name` is not given. */
export async function ipv4Addresses(name?: string): Promise<InterfaceAddress[]> {
  const args = ['-j', '-4', 'addr', 'show', ...(name ? ['dev', name] : [])];
  const links = JSON.parse((await runTool('ip', args, { what: `reading the IPv4 addresses of ${name ?? 'the host'}` })) || '[]') as IpAddrJson[];
  return links.flatMap((link) =>
    (link.addr_info ?? []).filter((info) => info.family === 'inet').map((info) => ({ ifname: link.ifname, address: info.local, prefix: info.prefixlen })),
  );
}

interface IpRouteJson {
  dst: string;
  dev?: string;
}

/** Destinations of the main IPv4 routing table other than the default route, as CIDRs. */
export async function ipv4Routes(): Promise<{ dst: string; dev?: string }[]> {
  const routes = JSON.parse((await runTool('ip', ['-j', '-4', 'route', 'show'], { what: 'reading the host routes' })) || '[]') as IpRouteJson[];
  return routes.filter((route) => route.dst !== 'default').map((route) => ({ dst: route.dst.includes('/') ? route.dst : `${route.dst}/32`, dev: route.dev }));
}

/** Deletes a link; one that is already gone is not an error (its netns may have taken it along). */
export async function deleteLink(name: string, what: string): Promise<void> {
  try {
    await runTool('ip', ['link', 'del', 'dev', name], { what });
  } catch (error) {
    if (error instanceof RuntimeError && error.code === 'ENODEV') return;
    throw error;
  }
}
