import { RuntimeError } from '../model/runtime-error.js';
import { formatIpv4, parseIpv4, parseSubnet } from './ipv4.js';

export interface NextFreeOptions {
  /** The subnet's gateway (the bridge's own address); never handed out. */
  gateway?: string;
}

/**
 * The lowest host address of `subnet` that is not taken: not the network or broadcast
 * address, not the gateway, not in `taken` (addresses or CIDRs; ones outside the subnet are
 * ignored). Pure: the API keeps the catalogue of who has which address and asks here.
 * Lowest-first keeps addresses stable and small, as Docker's allocator does after a restart.
 */
export function nextFreeAddress(subnet: string, taken: Iterable<string>, options: NextFreeOptions = {}): string {
  const block = parseSubnet(subnet);
  const first = parseIpv4(block.network) + 1;
  const last = parseIpv4(block.broadcast) - 1;
  const used = new Set<number>();
  for (const entry of taken) used.add(parseIpv4(entry.split('/')[0]!, 'taken'));
  if (options.gateway !== undefined) used.add(parseIpv4(options.gateway, 'gateway'));
  // Bounded by the subnet's size; only a nearly full subnet walks far.
  for (let candidate = first; candidate <= last; candidate++) {
    if (!used.has(candidate)) return formatIpv4(candidate);
  }
  throw new RuntimeError('SUBNET_FULL', `subnet ${subnet} has no free address left; remove a container from it or use a wider subnet`);
}
