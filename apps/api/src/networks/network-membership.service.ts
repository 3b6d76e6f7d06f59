import { HttpStatus, Injectable } from '@nestjs/common';
import type { ConnectNetworkRequest, CreateContainerRequest, DisconnectNetworkRequest, NetworkDetail } from '@berth/contracts';
import { attachToBridge, detach } from '../engine/runtime-adapter.js';
import { HostCapabilities } from '../engine/host-capabilities.js';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { EventsService } from '../events/events.service.js';
import { ProblemException } from '../http/problem.js';
import { ContainerNetworking, networkModeOf } from './container-networking.service.js';
import { isHostName } from './hosts-files.js';
import { networkProblem } from './network-errors.js';
import { NetworkAddresses } from './network-addresses.js';
import { NetworkOwners } from './network-owners.js';
import { prefixOf } from './network-pool.js';
import { NetworksRepository, type ContainerOfTeam } from './networks.repository.js';
import { NetworksService } from './networks.service.js';

/**
 * `docker network connect|disconnect`: a container joins or leaves a network, at once when
 * it runs (a new interface ethN, no default route unless it has none), else at its next start.
 * The hosts files of everyone concerned are rewritten either way.
 */
@Injectable()
export class NetworkMembershipService {
  constructor(
    private readonly repository: NetworksRepository,
    private readonly networks: NetworksService,
    private readonly networking: ContainerNetworking,
    private readonly addresses: NetworkAddresses,
    private readonly owners: NetworkOwners,
    private readonly events: EventsService,
    private readonly capabilities: HostCapabilities,
    private readonly hostAccess: HostAccessService,
  ) {}

  async connect(principal: Principal, idOrName: string, request: ConnectNetworkRequest): Promise<NetworkDetail> {
    const teamId = principal.teamId;
    this.hostAccess.checkNetworkConnect(principal);
    const aliases = [...new Set(request.aliases ?? [])];
    const bad = aliases.find((alias) => !isHostName(alias));
    if (bad !== undefined)
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_ALIAS', `alias ${JSON.stringify(bad)} is not a host name (letters, digits, '-', '.')`);
    const network = await this.networks.resolve(teamId, idOrName);
    const container = await this.container(teamId, request.container);
    this.capabilities.require('bridge-networking', `connecting ${container.name} to ${network.name}`);
    const memberships = await this.repository.memberships(container.id);
    if (memberships.some((membership) => membership.networkId === network.id)) {
      throw new ProblemException(HttpStatus.CONFLICT, 'ALREADY_CONNECTED', `container ${container.name} is already on network ${network.name}`);
    }
    const position = memberships.length === 0 ? 0 : Math.max(...memberships.map((membership) => membership.position)) + 1;
    const ip = await this.addresses.assign(container.id, network.id, position, aliases);
    if (isRunning(container)) {
      try {
        const attachment = await attachToBridge({
          pid: container.pid!,
          bridge: network.bridge,
          ifname: `eth${position}`,
          address: `${ip}/${prefixOf(network.subnet)}`,
          gateway: network.gateway,
          owner: this.owners.container(container.id),
          defaultRoute: !memberships.some((membership) => membership.hostVeth !== null),
        });
        await this.repository.setAttachment(container.id, network.id, { hostVeth: attachment.hostVeth, mac: attachment.mac });
      } catch (error) {
        await this.repository.leave(container.id, network.id);
        throw networkProblem(error, `connecting ${container.name} to ${network.name}: `);
      }
    }
    await this.networking.refreshHosts([network.id, ...memberships.map((membership) => membership.networkId)], container.id);
    this.events.record({ teamId, type: 'network', action: 'connect', actorId: network.id, attributes: { name: network.name, container: container.id } });
    return this.networks.inspect(teamId, network.id);
  }

  async disconnect(teamId: string, idOrName: string, request: DisconnectNetworkRequest): Promise<NetworkDetail> {
    const network = await this.networks.find(teamId, idOrName);
    const container = await this.container(teamId, request.container);
    const memberships = await this.repository.memberships(container.id);
    const membership = memberships.find((candidate) => candidate.networkId === network.id);
    if (!membership) throw new ProblemException(HttpStatus.CONFLICT, 'NOT_CONNECTED', `container ${container.name} is not on network ${network.name}`);
    // Published ports lead to the address on the first network.
    if (membership === memberships[0] && (await this.repository.ports(container.id)).length > 0) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'NETWORK_CARRIES_PORTS',
        `the published ports of ${container.name} lead through network ${network.name}; remove the container and create it without them to disconnect`,
      );
    }
    if (membership.hostVeth) await detach(membership.hostVeth).catch((error: unknown) => Promise.reject(networkProblem(error)));
    await this.repository.leave(container.id, network.id);
    await this.networking.refreshHosts(
      memberships.map((candidate) => candidate.networkId),
      isRunning(container) ? container.id : undefined,
    );
    this.events.record({
      teamId,
      type: 'network',
      action: 'disconnect',
      actorId: network.id,
      attributes: { name: network.name, container: container.id },
    });
    return this.networks.inspect(teamId, network.id);
  }

  private async container(teamId: string, idOrName: string): Promise<ContainerOfTeam> {
    const container = await this.repository.findContainer(teamId, idOrName);
    if (!container) throw new ProblemException(HttpStatus.NOT_FOUND, 'CONTAINER_NOT_FOUND', `no such container: ${idOrName}`);
    const mode = networkModeOf(container.config as CreateContainerRequest);
    if (mode !== 'bridge') {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'CONFLICTING_OPTIONS',
        `container ${container.name} runs with network ${mode}; only bridge-mode containers join networks`,
      );
    }
    return container;
  }
}

function isRunning(container: ContainerOfTeam): boolean {
  return (container.status === 'running' || container.status === 'paused') && container.pid !== null;
}
