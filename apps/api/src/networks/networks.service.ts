import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable, Logger, Inject } from '@nestjs/common';
import {
  DEFAULT_NETWORK,
  NETWORK_MODES,
  NETWORK_NAME_PATTERN,
  type CreateNetworkRequest,
  type NetworkDetail,
  type NetworkSummary,
  type PruneNetworksResponse,
} from '@berth/contracts';
import { ensureBridge, installNetworkRules, parseSubnet, removeBridge, removeFirewallRules } from '../engine/runtime-adapter.js';
import { RuntimeError } from '@berth/runtime/model';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { HostCapabilities } from '../engine/host-capabilities.js';
import { EventsService } from '../events/events.service.js';
import { ProblemException } from '../http/problem.js';
import { KeyedLock } from '../util/keyed-lock.js';
import { matchesLabels, parseLabelFilters } from '../util/label-filter.js';
import { networkNotFound, networkProblem } from './network-errors.js';
import { NetworkOwners } from './network-owners.js';
import { gatewayOf, NETWORK_POOL_ENV, poolBlocks } from './network-pool.js';
import { NetworksRepository, SubnetTaken, type NetworkRecord } from './networks.repository.js';

/**
 * A team's bridge networks: a catalogue row and a Linux bridge with its firewall rules, made
 * and removed together. The row comes first on create (its unique keys settle the name and
 * the subnet before the kernel is touched) and goes first on remove (its foreign key settles
 * "in use"). The default network `bridge` is made on a team's first use.
 */
@Injectable()
export class NetworksService {
  private readonly logger = new Logger('Networks');
  private readonly lock = new KeyedLock();
  private readonly pool: string;

  constructor(
    @Inject(APP_CONTEXT) context: AppContext,
    private readonly repository: NetworksRepository,
    private readonly owners: NetworkOwners,
    private readonly events: EventsService,
    private readonly capabilities: HostCapabilities,
    private readonly hostAccess: HostAccessService,
  ) {
    this.pool = context.config.networkPool;
  }

  async create(principal: Principal, request: CreateNetworkRequest): Promise<NetworkDetail> {
    const teamId = principal.teamId;
    const name = checkNetworkName(request.name);
    const subnet = request.subnet === undefined ? undefined : checkSubnet(request.subnet);
    this.capabilities.require('bridge-networking', `network ${name}`);
    // A subnet becomes a host route: the policy has its say before the row, the bridge or a rule exists.
    this.hostAccess.checkNetworkCreate(principal, { subnet });
    const network = await this.lock.run(key(teamId, name), () => this.make(teamId, name, subnet, request.internal ?? false, request.labels ?? {}));
    if (!network) throw new ProblemException(HttpStatus.CONFLICT, 'NETWORK_EXISTS', `network ${name} already exists; use it, or pick another name`);
    return { ...toSummary(network), containers: [] };
  }

  async list(teamId: string): Promise<NetworkSummary[]> {
    return (await this.repository.list(teamId)).map(toSummary);
  }

  async inspect(teamId: string, idOrName: string): Promise<NetworkDetail> {
    const network = await this.find(teamId, idOrName);
    const members = await this.repository.members([network.id]);
    return {
      ...toSummary(network),
      containers: members.map((member) => ({ id: member.containerId, name: member.container.name, ip: member.ip, mac: member.mac, aliases: member.aliases })),
    };
  }

  /** Refused while a container is on it: its interface would be pulled from under it. */
  async remove(teamId: string, idOrName: string): Promise<void> {
    const network = await this.find(teamId, idOrName);
    // Its bridge and rules go with it: refused before the row goes when they cannot.
    this.capabilities.require('bridge-networking', `removing network ${network.name}`);
    await this.lock.run(key(teamId, network.name), async () => {
      if (await this.removeIfUnused(network)) return;
      const names = [...new Set((await this.repository.members([network.id])).map((member) => member.container.name))];
      if (names.length === 0) return; // removed by another request meanwhile
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'NETWORK_IN_USE',
        `network ${network.name} has container(s) ${names.join(', ')}; disconnect or remove them first`,
      );
    });
  }

  /**
   * `docker network prune`: every network of the team no container is on, except the
   * default `bridge` (Docker keeps its predefined networks too), and only those with the
   * given labels.
   */
  async prune(teamId: string, labelFilters: string[] = []): Promise<PruneNetworksResponse> {
    const labels = parseLabelFilters(labelFilters);
    const candidates = (await this.repository.list(teamId)).filter((network) => network.name !== DEFAULT_NETWORK && matchesLabels(network.labels, labels));
    if (candidates.length) this.capabilities.require('bridge-networking', 'pruning networks');
    const result: PruneNetworksResponse = { networksDeleted: [] };
    for (const network of candidates) {
      // One a container joined since the list was read stays.
      if (await this.lock.run(key(teamId, network.name), () => this.removeIfUnused(network))) result.networksDeleted.push(network.name);
    }
    this.events.record({ teamId, type: 'network', action: 'prune', actorId: '', attributes: { networksDeleted: result.networksDeleted.length } });
    return result;
  }

  /** The row, then the bridge and its rules, when no container is on it; false when one is. */
  private async removeIfUnused(network: NetworkRecord): Promise<boolean> {
    if (!(await this.repository.removeIfUnused(network.id))) return false;
    await this.teardown(network);
    this.events.record({ teamId: network.teamId, type: 'network', action: 'destroy', actorId: network.id, attributes: { name: network.name } });
    return true;
  }

  /** A network by id or name; `bridge` is made when the team has none yet. */
  async resolve(teamId: string, idOrName: string): Promise<NetworkRecord> {
    if (idOrName !== DEFAULT_NETWORK) return this.find(teamId, idOrName);
    const existing = await this.repository.find(teamId, DEFAULT_NETWORK);
    if (existing) return existing;
    return this.lock.run(key(teamId, DEFAULT_NETWORK), async () => {
      const made = (await this.repository.find(teamId, DEFAULT_NETWORK)) ?? (await this.make(teamId, DEFAULT_NETWORK, undefined, false, {}));
      return made ?? this.find(teamId, DEFAULT_NETWORK);
    });
  }

  async find(teamId: string, idOrName: string): Promise<NetworkRecord> {
    const network = await this.repository.find(teamId, idOrName);
    if (!network) throw networkNotFound(idOrName);
    return network;
  }

  /**
   * Row, then bridge and rules, then event; null when the name is taken. Without a subnet
   * the pool's blocks are tried in order: one another network has (any team) is skipped by
   * the catalogue, one the host routes elsewhere (another Berth, a VPN) by ensureBridge.
   */
  private async make(
    teamId: string,
    name: string,
    subnet: string | undefined,
    internal: boolean,
    labels: Record<string, string>,
  ): Promise<NetworkRecord | null> {
    this.capabilities.require('bridge-networking', `network ${name}`);
    const taken = await this.repository.subnets();
    const candidates = subnet ? [subnet] : poolBlocks(this.pool).filter((block) => !taken.has(block));
    for (const candidate of candidates) {
      const gateway = gatewayOf(candidate);
      let network: NetworkRecord | null;
      try {
        network = await this.repository.insert({
          teamId,
          name,
          bridge: `berth-${randomBytes(4).toString('hex')}`,
          subnet: candidate,
          gateway,
          internal,
          labels,
        });
      } catch (error) {
        if (!(error instanceof SubnetTaken)) throw error;
        if (subnet) throw subnetInUse(subnet);
        continue;
      }
      if (!network) return null;
      try {
        const owner = this.owners.network(network.id);
        await ensureBridge({ name: network.bridge, subnet: candidate, gateway, owner });
        await installNetworkRules({ owner, bridge: network.bridge, subnet: candidate, gateway, internal });
      } catch (error) {
        await this.teardown(network).catch((cleanup: Error) => this.logger.error(`undoing network ${name}: ${cleanup.message}`));
        await this.repository.delete(network.id);
        if (!subnet && error instanceof RuntimeError && error.code === 'SUBNET_OVERLAP') continue;
        throw networkProblem(error);
      }
      this.events.record({ teamId, type: 'network', action: 'create', actorId: network.id, attributes: { name, subnet: candidate } });
      return network;
    }
    throw new ProblemException(
      HttpStatus.CONFLICT,
      'NETWORK_POOL_EXHAUSTED',
      `every /24 of ${NETWORK_POOL_ENV}=${this.pool} is used by a network or a host route; remove unused networks or give a subnet`,
    );
  }

  /** Rules first (they name the bridge), then the bridge. */
  private async teardown(network: NetworkRecord): Promise<void> {
    await removeFirewallRules(this.owners.network(network.id));
    await removeBridge(network.bridge);
  }
}

export function checkNetworkName(name: string): string {
  if (typeof name === 'string' && NETWORK_NAME_PATTERN.test(name) && !(NETWORK_MODES as readonly string[]).includes(name)) return name;
  throw new ProblemException(
    HttpStatus.BAD_REQUEST,
    'INVALID_NETWORK_NAME',
    `${JSON.stringify(name)} is not a valid network name: 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit; 'none' and 'host' are modes`,
  );
}

function checkSubnet(subnet: string): string {
  try {
    const block = parseSubnet(subnet);
    return `${block.network}/${block.prefix}`;
  } catch (error) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_SUBNET', (error as Error).message);
  }
}

function subnetInUse(subnet: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'SUBNET_OVERLAP', `subnet ${subnet} belongs to another network; choose another subnet`);
}

function key(teamId: string, name: string): string {
  return `${teamId}/${name}`;
}

export function toSummary(network: NetworkRecord): NetworkSummary {
  return {
    id: network.id,
    name: network.name,
    driver: 'bridge',
    bridge: network.bridge,
    subnet: network.subnet,
    gateway: network.gateway,
    internal: network.internal,
    labels: network.labels,
    createdAt: network.createdAt.toISOString(),
  };
}
