import { createHash } from 'node:crypto';

/**
 * The owner marks this engine puts on its bridges, veths and firewall rules, so the startup
 * sweep can remove what no catalogue row owns. They start with a tag of the state root (as the
 * cgroup parent does): two Berth instances, or two test apps, on one host then sweep only
 * their own objects and never each other's.
 */
export class NetworkOwners {
  /** `<8 hex>:` — what sweepNetwork's ownerPrefix takes. */
  readonly prefix: string;

  constructor(root: string) {
    this.prefix = `${createHash('sha256').update(root).digest('hex').slice(0, 8)}:`;
  }

  network(networkId: string): string {
    return `${this.prefix}net:${networkId}`;
  }

  container(containerId: string): string {
    return `${this.prefix}ctr:${containerId}`;
  }
}
