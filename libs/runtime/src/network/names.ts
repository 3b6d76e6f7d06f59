import { createHash } from 'node:crypto';
import { RuntimeError } from '../model/runtime-error.js';
import { parseIpv4 } from './ipv4.js';

/**
 * Names Berth gives to kernel objects, and how it marks them as its own. Every bridge and host
 * veth carries the interface alias `berth:<owner>`, every firewall rule the comment
 * `berth:<owner>`: that is how a sweep after a crash finds what belongs to whom without a
 * database.
 */
export const OWNER_TAG = 'berth:';

/** What an owner may be: a container id or a network name (also safe in an iptables comment). */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_.:=-]{0,127}$/;

/** Linux allows 15 bytes; we also keep to characters that need no quoting anywhere. */
const INTERFACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

/** Host-side veths: `vb-` and 12 hex digits, 15 characters, the kernel's limit. */
export const HOST_VETH = /^vb-[0-9a-f]{12}$/;

export function validateOwner(owner: string, field = 'owner'): string {
  if (typeof owner !== 'string' || !OWNER.test(owner)) {
    throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${String(owner)}" must be 1-128 letters, digits or "_.:=-", starting with a letter or digit`);
  }
  return owner;
}

export function validateInterfaceName(name: string, field: string): string {
  if (typeof name !== 'string' || !INTERFACE.test(name)) {
    throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${String(name)}" must be 1-15 letters, digits or "_.-", starting with a letter or digit`);
  }
  return name;
}

export function ownerTag(owner: string): string {
  return `${OWNER_TAG}${owner}`;
}

/** The owner named by an alias or comment, or undefined when it is not Berth's mark. */
export function ownerFromTag(tag: string | undefined): string | undefined {
  if (!tag?.startsWith(OWNER_TAG)) return undefined;
  const owner = tag.slice(OWNER_TAG.length).trim();
  return OWNER.test(owner) ? owner : undefined;
}

/**
 * The host end of a container's interface: a short hash of who it is for, so the same
 * container and interface always get the same name (a second attach collides instead of
 * silently doubling up) while different network namespaces never do.
 */
export function hostVethName(owner: string, ifname: string, netnsInode: number): string {
  const digest = createHash('sha256').update(`${owner}\0${ifname}\0${netnsInode}`).digest('hex');
  return `vb-${digest.slice(0, 12)}`;
}

/**
 * A locally administered unicast MAC made from the IPv4 address (02:be:a:b:c:d), as Docker
 * does with 02:42: a container that comes back with the same address has the same MAC, so the
 * neighbours' ARP caches stay right.
 */
export function macForAddress(address: string): string {
  const value = parseIpv4(address);
  const octets = [2, 0xbe, value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
  return octets.map((octet) => octet.toString(16).padStart(2, '0')).join(':');
}
