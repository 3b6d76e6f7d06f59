import { statSync } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { deleteLink, ipv4Addresses, isBridge, linkExists, setInterfaceOwner } from './interfaces.js';
import { parseIpv4, parseIpv4Cidr, requireHostAddress } from './ipv4.js';
import { HOST_VETH, hostVethName, macForAddress, validateInterfaceName, validateOwner } from './names.js';
import { runTool } from './run-tool.js';

export interface AttachOptions {
  /** Host pid of a process in the container's network namespace (its init, before `start`). */
  pid: number;
  bridge: string;
  /** Name inside the container; default eth0. */
  ifname?: string;
  /** The container's address with the bridge's prefix length: `10.88.0.2/24`. */
  address: string;
  /** The bridge's address; must be the one the bridge has. */
  gateway: string;
  /** Both ends of the pair; default the kernel's (1500). */
  mtu?: number;
  /** Who the interface is for (the container id): written in the host veth's alias for sweeps. */
  owner: string;
  /**
   * Add `default via <gateway>` in the container; default true. A container on a second
   * network keeps its first network's default route: pass false for that one.
   */
  defaultRoute?: boolean;
}

export interface Attachment {
  /** The host end (`vb-` + 12 hex), enslaved to the bridge; what `detach` takes. */
  hostVeth: string;
  ifname: string;
  /** MAC of the container's interface, derived from its address. */
  mac: string;
  address: string;
}

interface Checked {
  pid: number;
  bridge: string;
  ifname: string;
  address: string;
  prefix: number;
  gateway: string;
  mtu?: number;
  owner: string;
  defaultRoute: boolean;
  netnsInode: number;
}

/**
 * Connects a container's network namespace to a bridge with a veth pair: the host end on the
 * bridge, the other end created directly inside the container's namespace under its final
 * name (one atomic kernel call: no moment where a half-made pair sits on the host under a
 * temporary name). Then address, lo, link and default route are set inside with one
 * `nsenter … ip -batch`. Two processes in all. On any failure the pair is deleted, which
 * removes both ends and everything configured on them.
 */
export async function attachToBridge(options: AttachOptions): Promise<Attachment> {
  const checked = await check(options);
  const hostVeth = hostVethName(checked.owner, checked.ifname, checked.netnsInode);
  const mac = macForAddress(checked.address);
  await createPair(checked, hostVeth, mac);
  try {
    setInterfaceOwner(hostVeth, checked.owner);
    await configureInside(checked);
  } catch (error) {
    await deleteLink(hostVeth, `removing ${hostVeth} after a failed attach`);
    throw error;
  }
  return { hostVeth, ifname: checked.ifname, mac, address: `${checked.address}/${checked.prefix}` };
}

/** Removes a container's interface by its host end; an end already gone (the container's netns died) is fine. */
export async function detach(hostVeth: string): Promise<void> {
  // Only Berth's own names: a typo must never delete the host's eth0.
  if (!HOST_VETH.test(hostVeth)) throw new RuntimeError('INVALID_ARGUMENT', `hostVeth: "${hostVeth}" is not a Berth veth (vb- and 12 hex digits)`);
  await deleteLink(hostVeth, `detaching ${hostVeth}`);
}

async function check(options: AttachOptions): Promise<Checked> {
  const { pid } = options;
  if (!Number.isInteger(pid) || pid <= 0) throw new RuntimeError('INVALID_ARGUMENT', `pid: ${String(pid)} is not a process id`);
  const ifname = validateInterfaceName(options.ifname ?? 'eth0', 'ifname');
  const bridge = validateInterfaceName(options.bridge, 'bridge');
  const owner = validateOwner(options.owner);
  const mtu = options.mtu;
  if (mtu !== undefined && (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535))
    throw new RuntimeError('INVALID_ARGUMENT', `mtu: ${mtu} must be from 68 to 65535`);
  const address = parseIpv4Cidr(options.address, 'address');
  parseIpv4(options.gateway, 'gateway');
  const netnsInode = containerNetns(pid);
  const prefix = await requireBridgeSubnet(bridge, options.gateway, address.address, address.prefix);
  return {
    pid,
    bridge,
    ifname,
    address: address.address,
    prefix,
    gateway: options.gateway,
    mtu,
    owner,
    defaultRoute: options.defaultRoute ?? true,
    netnsInode,
  };
}

/** The inode of the process's network namespace, which must not be the host's own. */
function containerNetns(pid: number): number {
  let inode: number;
  try {
    inode = statSync(`/proc/${pid}/ns/net`).ino;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new RuntimeError('ESRCH', `process ${pid} does not exist; was the container created (and not yet removed)?`);
    throw error;
  }
  if (inode === statSync('/proc/self/ns/net').ino) {
    throw new RuntimeError(
      'INVALID_ARGUMENT',
      `process ${pid} shares the host's network namespace; only a container with its own network namespace can be attached`,
    );
  }
  return inode;
}

/** The bridge must exist and carry the gateway; the address must be a free host address of its subnet. */
async function requireBridgeSubnet(bridge: string, gateway: string, address: string, prefix: number): Promise<number> {
  if (!linkExists(bridge) || !isBridge(bridge)) throw new RuntimeError('NOT_FOUND', `bridge ${bridge} does not exist; create it with ensureBridge first`);
  const own = (await ipv4Addresses(bridge)).find((entry) => entry.address === gateway);
  if (!own) throw new RuntimeError('INVALID_ARGUMENT', `gateway: bridge ${bridge} does not have the address ${gateway}`);
  const subnet = parseIpv4Cidr(`${own.address}/${own.prefix}`);
  requireHostAddress(subnet, address, 'address');
  if (address === gateway) throw new RuntimeError('INVALID_ARGUMENT', `address: ${address} is the gateway of bridge ${bridge}`);
  if (prefix !== own.prefix) throw new RuntimeError('INVALID_ARGUMENT', `address: use the bridge's prefix, ${address}/${own.prefix}, not /${prefix}`);
  return prefix;
}

async function createPair(checked: Checked, hostVeth: string, mac: string): Promise<void> {
  const mtu = checked.mtu === undefined ? [] : ['mtu', String(checked.mtu)];
  const args = ['link', 'add', hostVeth, ...mtu, 'master', checked.bridge, 'up', 'type', 'veth'];
  args.push('peer', 'name', checked.ifname, 'address', mac, ...mtu, 'netns', String(checked.pid));
  try {
    await runTool('ip', args, { what: `attaching ${checked.ifname} of process ${checked.pid} to ${checked.bridge}` });
  } catch (error) {
    // The kernel made nothing: the pair is created whole or not at all.
    if (error instanceof RuntimeError && error.code === 'EEXIST') throw alreadyThere(checked, hostVeth, error);
    throw error;
  }
}

function alreadyThere(checked: Checked, hostVeth: string, cause: RuntimeError): RuntimeError {
  if (linkExists(hostVeth)) {
    return new RuntimeError('ALREADY_ATTACHED', `${checked.ifname} of process ${checked.pid} is already attached (${hostVeth}); detach it first`, { cause });
  }
  return new RuntimeError('EEXIST', `the container already has an interface named ${checked.ifname}; choose another ifname`, { cause });
}

async function configureInside(checked: Checked): Promise<void> {
  const { ifname } = checked;
  const steps = [`addr add ${checked.address}/${checked.prefix} brd + dev ${ifname}`, 'link set dev lo up', `link set dev ${ifname} up`];
  if (checked.defaultRoute) steps.push(`route add default via ${checked.gateway} dev ${ifname}`);
  const what = `configuring ${ifname} inside the network namespace of process ${checked.pid}`;
  try {
    await runTool('nsenter', [`--net=/proc/${checked.pid}/ns/net`, 'ip', '-batch', '-'], { input: `${steps.join('\n')}\n`, what });
  } catch (error) {
    if (error instanceof RuntimeError && error.code === 'EEXIST' && checked.defaultRoute) {
      throw new RuntimeError('EEXIST', `${error.message}; if the container already has a default route (another network), attach with defaultRoute: false`, {
        cause: error,
      });
    }
    throw error;
  }
}
