import ipaddr from 'ipaddr.js';

/**
 * BERTH_REGISTRY_ALLOW, parsed: registries the admins opened to every role although they
 * sit on loopback, link-local or private addresses. A name (`registry.lan`, any port),
 * a name with a port (`registry.lan:5000`), an address (`10.1.2.3`) or a block (`10.8.0.0/16`).
 */
export interface RegistryAllowList {
  hosts: readonly string[];
  blocks: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const EMPTY_ALLOW_LIST: RegistryAllowList = { hosts: [], blocks: [] };

const HOST_ENTRY = /^[a-z0-9]([a-z0-9.-]{0,252})(:\d{1,5})?$/;

/** Throws a message naming the first entry that is none of the four forms. */
export function parseAllowList(text: string | undefined): RegistryAllowList {
  const hosts: string[] = [];
  const blocks: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const lower = entry.toLowerCase();
    if (lower.includes('/')) {
      try {
        blocks.push(ipaddr.parseCIDR(lower));
      } catch {
        throw new Error(`"${entry}" is not an address block like 10.8.0.0/16`);
      }
    } else if (ipaddr.isValid(lower)) {
      const address = ipaddr.parse(lower);
      blocks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_ENTRY.test(lower)) {
      hosts.push(lower);
    } else {
      throw new Error(`"${entry}" is not a host name, name:port, address or address block`);
    }
  }
  return { hosts, blocks };
}

/** Public unicast addresses are open to everyone; any other only when an allow-list block holds it. */
export function addressIsOpen(address: string, allow: RegistryAllowList): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = unmapped(ipaddr.parse(address.replace(/^\[|\]$/g, '')));
  } catch {
    return false;
  }
  if (allow.blocks.some((block) => inBlock(parsed, block))) return true;
  // `unicast` is what remains once loopback, private, link-local, unique-local, CGNAT,
  // multicast, reserved, 6to4/Teredo/NAT64 (which embed an IPv4 address) are taken out.
  return parsed.range() === 'unicast';
}

/** `host` as a reference writes it: `name`, `name:port`, `1.2.3.4:5000`, `[::1]:5000`. */
export function hostIsAllowed(host: string, allow: RegistryAllowList): boolean {
  const lower = host.toLowerCase();
  const name = lower.replace(/:\d+$/, '');
  return allow.hosts.includes(lower) || allow.hosts.includes(name);
}

/** Whether the IPv4 block `subnet` lies wholly inside `pool` (both `a.b.c.d/n`). */
export function subnetInside(subnet: string, pool: string): boolean {
  try {
    const [network, prefix] = ipaddr.parseCIDR(subnet);
    const outer = ipaddr.parseCIDR(pool);
    return prefix >= outer[1] && inBlock(network, outer);
  } catch {
    return false;
  }
}

function unmapped(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function inBlock(address: ipaddr.IPv4 | ipaddr.IPv6, block: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  return address.kind() === block[0].kind() && address.match(block);
}
