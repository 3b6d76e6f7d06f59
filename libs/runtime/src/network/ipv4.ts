import { RuntimeError } from '../model/runtime-error.js';

/**
 * IPv4 addresses and CIDR blocks as unsigned 32-bit numbers. Pure: no I/O, so the API can
 * validate a network's subnet before it touches the host. IPv6 is not handled (Berth's
 * bridges are IPv4-only for now); an IPv6 address is refused with a message saying so.
 */
export interface Ipv4Cidr {
  /** The address as written (host bits may be set: `10.0.0.5/24` is an interface address). */
  address: string;
  prefix: number;
  /** First address of the block (`10.0.0.0` for `10.0.0.5/24`). */
  network: string;
  /** Last address of the block. */
  broadcast: string;
  netmask: string;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** `10.1.2.3` → 0x0a010203; anything else is an INVALID_ARGUMENT naming `field`. */
export function parseIpv4(text: string, field = 'address'): number {
  if (text.includes(':')) throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${text}" is IPv6; Berth networks are IPv4 only`);
  const parts = text.split('.');
  // Leading zeros are refused: inet_aton would read them as octal, so "010" is ambiguous.
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part) && Number(part) <= 255)) {
    throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${text}" is not an IPv4 address (like 10.88.0.2)`);
  }
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function isIpv4(text: string): boolean {
  try {
    parseIpv4(text);
    return true;
  } catch {
    return false;
  }
}

/** The netmask of a prefix length as a number (`24` → 0xffffff00). */
export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `10.0.0.5/24`: an address and its block. */
export function parseIpv4Cidr(text: string, field = 'cidr'): Ipv4Cidr {
  const match = /^([^/]+)\/([0-9]{1,2})$/.exec(text);
  if (!match) throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${text}" is not in CIDR form (like 10.88.0.0/24)`);
  const value = parseIpv4(match[1]!, field);
  const prefix = Number(match[2]);
  if (prefix > 32) throw new RuntimeError('INVALID_ARGUMENT', `${field}: prefix /${prefix} is longer than 32 bits`);
  const mask = maskOf(prefix);
  const network = (value & mask) >>> 0;
  return {
    address: match[1]!,
    prefix,
    network: formatIpv4(network),
    broadcast: formatIpv4((network | ~mask) >>> 0),
    netmask: formatIpv4(mask),
  };
}

/**
 * A subnet for a bridge: written as its network address, and with room for a gateway and at
 * least one container (/30 or wider; /31 and /32 have no host addresses on a LAN).
 */
export function parseSubnet(text: string, field = 'subnet'): Ipv4Cidr {
  const cidr = parseIpv4Cidr(text, field);
  if (cidr.address !== cidr.network) {
    throw new RuntimeError('INVALID_ARGUMENT', `${field}: ${text} has host bits set; did you mean ${cidr.network}/${cidr.prefix}?`);
  }
  if (cidr.prefix > 30) throw new RuntimeError('INVALID_ARGUMENT', `${field}: /${cidr.prefix} leaves no room for a gateway and a container; use /30 or wider`);
  return cidr;
}

/** Whether `address` is in `block` (both parsed). */
export function cidrContains(block: Ipv4Cidr, address: string): boolean {
  const mask = maskOf(block.prefix);
  return (parseIpv4(address) & mask) >>> 0 === parseIpv4(block.network);
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const shorter = a.prefix <= b.prefix ? a : b;
  const longer = shorter === a ? b : a;
  return cidrContains(shorter, longer.network);
}

/**
 * A host address of `subnet`: inside it, and neither its network nor its broadcast address.
 * `what` names the field in the message.
 */
export function requireHostAddress(subnet: Ipv4Cidr, address: string, what: string): void {
  parseIpv4(address, what);
  const block = `${subnet.network}/${subnet.prefix}`;
  if (!cidrContains(subnet, address)) throw new RuntimeError('INVALID_ARGUMENT', `${what}: ${address} is outside the subnet ${block}`);
  if (address === subnet.network || address === subnet.broadcast) {
    throw new RuntimeError('INVALID_ARGUMENT', `${what}: ${address} is the ${address === subnet.network ? 'network' : 'broadcast'} address of ${block}`);
  }
}

/** The conventional gateway of a subnet: its first host address (`10.88.0.1` for 10.88.0.0/24). */
export function firstHost(subnet: string): string {
  return formatIpv4(parseIpv4(parseSubnet(subnet).network) + 1);
}
