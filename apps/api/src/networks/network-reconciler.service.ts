import { Injectable, Logger } from '@nestjs/common';
import { ensureBridge, installNetworkRules, publishPort, sweepNetwork } from '../engine/runtime-adapter.js';
import { HostCapabilities } from '../engine/host-capabilities.js';
import { NetworkOwners } from './network-owners.js';
import { NetworksRepository } from './networks.repository.js';

/**
 * The host's networking against the catalogue, at API start (the supervisor calls it once
 * exits that happened while the API was down are recorded). Bridges and rules are kernel
 * state and normally still there: every step is idempotent, and after a reboot it builds
 * them again. Then whatever carries this engine's mark and no catalogue row is swept.
 */
@Injectable()
export class NetworkReconciler {
  private readonly logger = new Logger('Networks');

  constructor(
    private readonly repository: NetworksRepository,
    private readonly owners: NetworkOwners,
    private readonly capabilities: HostCapabilities,
  ) {}

  async reconcile(): Promise<void> {
    const off = this.capabilities.describeMissing('bridge-networking');
    if (off) {
      // Bridges and rules can be neither built nor swept: they wait for the next start with the tools.
      this.logger.warn(`${off}; bridge networks and published ports are refused until Berth restarts with them`);
      return;
    }
    const networks = await this.repository.all();
    for (const network of networks) {
      try {
        const owner = this.owners.network(network.id);
        await ensureBridge({ name: network.bridge, subnet: network.subnet, gateway: network.gateway, owner });
        await installNetworkRules({ owner, bridge: network.bridge, subnet: network.subnet, gateway: network.gateway, internal: network.internal });
      } catch (error) {
        this.logger.error(`network ${network.name} (${network.bridge}): ${(error as Error).message}`);
      }
    }
    const live = await this.repository.liveContainerIds();
    for (const containerId of live) await this.republish(containerId);
    const swept = await sweepNetwork({
      keepOwners: [...networks.map((network) => this.owners.network(network.id)), ...live.map((id) => this.owners.container(id))],
      ownerPrefix: this.owners.prefix,
    });
    if (swept.rules + swept.veths.length + swept.bridges.length > 0) {
      this.logger.warn(
        `swept ${swept.rules} firewall rule(s), veths [${swept.veths.join(', ')}], bridges [${swept.bridges.join(', ')}] that no catalogue row owns`,
      );
    }
  }

  /** A running container's ports, installed again if a rule went missing (publishing the same mapping twice changes nothing). */
  private async republish(containerId: string): Promise<void> {
    const [primary] = await this.repository.memberships(containerId);
    if (!primary?.hostVeth) return;
    for (const port of await this.repository.ports(containerId)) {
      try {
        await publishPort({ owner: this.owners.container(containerId), bridge: primary.network.bridge, ...port, containerIp: primary.ip });
      } catch (error) {
        this.logger.error(`container ${containerId}: republishing ${port.protocol}/${port.hostIp}:${port.hostPort}: ${(error as Error).message}`);
      }
    }
  }
}
