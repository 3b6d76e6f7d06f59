import { readFileSync } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import { bridgePorts, deleteLink, interfaceOwner, ipv4Addresses, ipv4Routes, isBridge, linkExists, setInterfaceOwner } from './interfaces.js';
import { cidrsOverlap, parseIpv4Cidr, parseSubnet, requireHostAddress, type Ipv4Cidr } from './ipv4.js';
import { serialized } from './lock.js';
import { macForAddress, validateInterfaceName, validateOwner } from './names.js';
import { runTool } from './run-tool.js';

export interface BridgeOptions {
  /** Interface name, at most 15 characters; sweeps look for the prefix `berth-` by default. */
  name: string;
  /** IPv4 CIDR written as its network address, /30 or wider: `10.88.0.0/24`. */
  subnet: string;
  /** The bridge's own address in the subnet; containers route through it. */
  gateway: string;
  /** Recorded in the bridge's alias (`berth:<owner>`); default: the bridge name. */
  owner?: string;
}

export interface BridgeInfo {
  name: string;
  subnet: string;
  gateway: string;
  owner: string;
  /** False when a correct bridge was already there and was kept. */
  created: boolean;
}

/**
 * Makes sure a Linux bridge with the gateway address exists and is up. Idempotent: the same
 * call after a restart finds the bridge and keeps it (containers stay attached). A bridge of
 * that name that is not this owner's, or has another address, is a BRIDGE_CONFLICT.
 */
export async function ensureBridge(options: BridgeOptions): Promise<BridgeInfo> {
  const name = validateInterfaceName(options.name, 'name');
  const owner = validateOwner(options.owner ?? name);
  const subnet = parseSubnet(options.subnet);
  requireHostAddress(subnet, options.gateway, 'gateway');
  const info = { name, subnet: options.subnet, gateway: options.gateway, owner };
  return serialized(async () => {
    if (linkExists(name)) {
      await keepExisting(name, owner, subnet, options.gateway);
      return { ...info, created: false };
    }
    await createBridge(name, owner, subnet, options.gateway);
    return { ...info, created: true };
  });
}

async function keepExisting(name: string, owner: string, subnet: Ipv4Cidr, gateway: string): Promise<void> {
  if (!isBridge(name)) throw new RuntimeError('BRIDGE_CONFLICT', `${name} exists and is not a bridge; choose another network name`);
  const holder = interfaceOwner(name);
  if (holder !== owner) {
    const whose = holder ? `belongs to ${holder}` : 'was not made by Berth';
    throw new RuntimeError('BRIDGE_CONFLICT', `bridge ${name} already exists and ${whose}; choose another name, or remove it if it is a leftover`);
  }
  const wanted = `${gateway}/${subnet.prefix}`;
  const addresses = (await ipv4Addresses(name)).map((entry) => `${entry.address}/${entry.prefix}`);
  if (addresses.length > 1 || (addresses.length === 1 && addresses[0] !== wanted)) {
    throw new RuntimeError('BRIDGE_CONFLICT', `bridge ${name} has ${addresses.join(', ')}, not ${wanted}; remove the bridge or use its subnet`);
  }
  // A bridge left half-made by a crash (no address, or down) is finished, not refused.
  const steps = [...(addresses.length === 0 ? [`addr add ${wanted} dev ${name}`] : []), ...(isUp(name) ? [] : [`link set dev ${name} up`])];
  if (steps.length > 0) await runTool('ip', ['-batch', '-'], { input: `${steps.join('\n')}\n`, what: `completing bridge ${name}` });
}

/** IFF_UP in the interface flags. */
function isUp(name: string): boolean {
  return (Number.parseInt(readFileSync(`/sys/class/net/${name}/flags`, 'utf8'), 16) & 1) === 1;
}

async function createBridge(name: string, owner: string, subnet: Ipv4Cidr, gateway: string): Promise<void> {
  await refuseOverlap(subnet);
  // A fixed MAC: otherwise the bridge takes the lowest of its ports' and changes as
  // containers come and go, and every container's ARP entry for the gateway goes stale.
  await runTool('ip', ['link', 'add', 'name', name, 'address', macForAddress(gateway), 'type', 'bridge'], { what: `creating bridge ${name}` });
  try {
    setInterfaceOwner(name, owner);
    const input = `addr add ${gateway}/${subnet.prefix} dev ${name}\nlink set dev ${name} up\n`;
    await runTool('ip', ['-batch', '-'], { input, what: `configuring bridge ${name}` });
  } catch (error) {
    await deleteLink(name, `removing the half-made bridge ${name}`);
    throw error;
  }
}

/** Two interfaces with overlapping subnets make routing ambiguous: traffic goes to one of them. */
async function refuseOverlap(subnet: Ipv4Cidr): Promise<void> {
  const taken = [
    ...(await ipv4Addresses()).map((entry) => ({ cidr: `${entry.address}/${entry.prefix}`, dev: entry.ifname })),
    ...(await ipv4Routes()).map((route) => ({ cidr: route.dst, dev: route.dev })),
  ];
  for (const entry of taken) {
    const other = parseIpv4Cidr(entry.cidr);
    // Loopback's 127/8 cannot collide with a bridge subnet a user would choose by accident.
    if (other.network.startsWith('127.')) continue;
    if (cidrsOverlap(subnet, other)) {
      const block = `${subnet.network}/${subnet.prefix}`;
      throw new RuntimeError(
        'SUBNET_OVERLAP',
        `subnet ${block} overlaps ${other.network}/${other.prefix}${entry.dev ? ` on ${entry.dev}` : ''}; choose another subnet`,
      );
    }
  }
}

/**
 * Removes a Berth bridge. Missing is fine (idempotent); a bridge Berth did not make, or one
 * with containers still attached, is refused rather than pulled from under them.
 */
export async function removeBridge(name: string): Promise<void> {
  validateInterfaceName(name, 'name');
  return serialized(async () => {
    if (!linkExists(name)) return;
    if (!isBridge(name)) throw new RuntimeError('INVALID_ARGUMENT', `${name} is not a bridge`);
    if (interfaceOwner(name) === undefined) {
      throw new RuntimeError(
        'NOT_BERTH_BRIDGE',
        `bridge ${name} was not made by Berth (it has no berth: alias); remove it with 'ip link del ${name}' if you mean to`,
      );
    }
    const ports = bridgePorts(name);
    if (ports.length > 0) throw new RuntimeError('BRIDGE_IN_USE', `bridge ${name} still has ${ports.join(', ')} attached; detach them first`);
    await deleteLink(name, `removing bridge ${name}`);
  });
}
