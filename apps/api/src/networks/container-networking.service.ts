import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DEFAULT_NETWORK, type ContainerNetworkView, type CreateContainerRequest, type NetworkCounters, type PublishedPortView } from '@berth/contracts';
import { attachToBridge, detach, interfaceCounters, publishPort, removeFirewallRules, renderHostsFile } from '../engine/runtime-adapter.js';
import { ContainerBundles } from '../engine/container-bundle.js';
import { HostCapabilities } from '../engine/host-capabilities.js';
import { ProblemException } from '../http/problem.js';
import { hostsFileFor, writeHostsFile } from './hosts-files.js';
import { networkProblem } from './network-errors.js';
import { NetworkOwners } from './network-owners.js';
import { prefixOf } from './network-pool.js';
import { NetworkAddresses } from './network-addresses.js';
import { NetworksRepository, type Membership, type PortRecord } from './networks.repository.js';
import { NetworksService } from './networks.service.js';
import { planPorts, type PortPlan } from './port-plan.js';

export type NetworkMode = 'none' | 'host' | 'bridge';

/** What a create request asks of the network, checked before anything is made. */
export interface NetworkPlan {
  mode: NetworkMode;
  networkIds: string[];
  ports: PortPlan[];
}

/** `none` and `host` are modes; anything else (default `bridge`) is a network name. */
export function networkModeOf(config: Pick<CreateContainerRequest, 'network'>): NetworkMode {
  const network = config.network ?? DEFAULT_NETWORK;
  return network === 'none' || network === 'host' ? network : 'bridge';
}

interface ContainerRef {
  id: string;
  name: string;
  teamId: string;
  spec: unknown;
  config: unknown;
}

/**
 * A container's networking across its life: its networks and ports in the catalogue from
 * create, its veths, routes and port rules between the runtime's create and start, their
 * removal when it exits, and its hosts file (and its neighbours') whenever the membership of a
 * network changes. Every kernel object carries the container's owner mark, so what a crash
 * leaves is swept at the next start of the API.
 */
@Injectable()
export class ContainerNetworking {
  private readonly logger = new Logger('ContainerNetworking');

  constructor(
    private readonly bundles: ContainerBundles,
    private readonly repository: NetworksRepository,
    private readonly networks: NetworksService,
    private readonly addresses: NetworkAddresses,
    private readonly owners: NetworkOwners,
    private readonly capabilities: HostCapabilities,
  ) {}

  hostsPath(containerId: string): string {
    return this.bundles.layout(containerId).hosts;
  }

  /** Every refusal of the request's network settings, before a row or a bundle exists. The default network is made here on first use. */
  async plan(teamId: string, request: CreateContainerRequest): Promise<NetworkPlan> {
    const mode = networkModeOf(request);
    if (mode !== 'bridge') {
      if (request.networks?.length) throw conflicting(`network ${mode} cannot be combined with more networks`);
      if (request.ports?.length) throw conflicting(`network ${mode} has no ports to publish: use a bridge network (the default), or leave ports out`);
      return { mode, networkIds: [], ports: [] };
    }
    const ports = planPorts(request.ports ?? []);
    this.capabilities.require('bridge-networking', `network ${request.network ?? DEFAULT_NETWORK}`);
    const names = [...new Set([request.network ?? DEFAULT_NETWORK, ...(request.networks ?? [])])];
    if (names.some((name) => name === 'none' || name === 'host')) throw conflicting('none and host are modes, not networks to add');
    // Unknown names are refused before the default network is made for the team.
    for (const name of names) if (name !== DEFAULT_NETWORK) await this.networks.find(teamId, name);
    const networks = [];
    for (const name of names) networks.push(await this.networks.resolve(teamId, name));
    if (ports.length > 0 && networks[0]!.internal) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'INTERNAL_NETWORK',
        `network ${networks[0]!.name} is internal: nothing from outside may reach it, so ports cannot be published on it`,
      );
    }
    return { mode, networkIds: networks.map((network) => network.id), ports };
  }

  /** Addresses on each network and the host ports, in the catalogue; the row of the container exists. */
  async join(containerId: string, plan: NetworkPlan): Promise<void> {
    for (const [position, networkId] of plan.networkIds.entries()) await this.addresses.assign(containerId, networkId, position, []);
    if (plan.ports.length > 0) await this.repository.addPorts(await this.addresses.hostPorts(containerId, plan.ports));
  }

  /**
   * Between the runtime's create and start, with the init's host pid: a veth into each
   * network (the first with the default route), the published ports, the hosts files. On any
   * failure everything done here is undone and the start fails with the reason.
   */
  async attach(container: ContainerRef, pid: number): Promise<void> {
    const mode = networkModeOf(container.config as CreateContainerRequest);
    // The runtime raised lo when it made the namespace: nothing more for `none` (and `host` has the host's).
    if (mode !== 'bridge') return;
    const memberships = await this.repository.memberships(container.id);
    if (memberships.length === 0) return;
    this.capabilities.require('bridge-networking', `container ${container.name}`);
    const ports = await this.repository.ports(container.id);
    await this.refuseTakenPorts(container, ports);
    const owner = this.owners.container(container.id);
    const attached: string[] = [];
    try {
      for (const [index, membership] of memberships.entries()) {
        const attachment = await attachToBridge({
          pid,
          bridge: membership.network.bridge,
          ifname: `eth${membership.position}`,
          address: `${membership.ip}/${prefixOf(membership.network.subnet)}`,
          gateway: membership.network.gateway,
          owner,
          defaultRoute: index === 0,
        });
        attached.push(attachment.hostVeth);
        await this.repository.setAttachment(container.id, membership.networkId, { hostVeth: attachment.hostVeth, mac: attachment.mac });
      }
      const primary = memberships[0]!;
      for (const port of ports) {
        await publishPort({ owner, bridge: primary.network.bridge, ...port, containerIp: primary.ip });
      }
    } catch (error) {
      await this.undo(container.id, attached);
      throw networkProblem(error, `container ${container.name}: `);
    }
    await this.refreshHosts(
      memberships.map((membership) => membership.networkId),
      container.id,
    );
  }

  /**
   * Port rules and host veths of a container that stopped (its namespace died with its init
   * and took the container ends along), so a stopped container holds no port. The
   * memberships stay for the next start. Returns the networks it is on.
   */
  async release(containerId: string): Promise<string[]> {
    const memberships = await this.repository.memberships(containerId);
    // Only a bridge membership ever made veths or rules (`none` and `host` have nothing to release).
    if (memberships.length === 0) return [];
    await this.undo(
      containerId,
      memberships.flatMap((membership) => (membership.hostVeth ? [membership.hostVeth] : [])),
    );
    return memberships.map((membership) => membership.networkId);
  }

  /** Rewrites the hosts files of the live containers on these networks (and of `also`, if live), in place. */
  async refreshHosts(networkIds: string[], also?: string): Promise<void> {
    if (networkIds.length === 0 && !also) return;
    const members = await this.repository.members(networkIds);
    const live = new Set(members.filter((member) => isLive(member.container.status)).map((member) => member.containerId));
    if (also) live.add(also);
    for (const containerId of live) {
      try {
        await this.writeHosts(containerId);
      } catch (error) {
        this.logger.warn(`hosts file of ${containerId}: ${(error as Error).message}`);
      }
    }
  }

  /** The file at create: only loopback until the container has addresses (the path must exist for its bind mount). */
  writeEmptyHosts(containerId: string): void {
    writeHostsFile(this.hostsPath(containerId), renderHostsFile([]));
  }

  /** The container's own hosts file from the catalogue: itself, then everyone on its networks. */
  async writeHosts(containerId: string): Promise<void> {
    const own = await this.repository.memberships(containerId);
    const self = own[0]?.container;
    const neighbours = (await this.repository.members(own.map((membership) => membership.networkId))).filter((member) => member.containerId !== containerId);
    const hostname = (self?.spec as { hostname?: string } | undefined)?.hostname;
    writeHostsFile(this.hostsPath(containerId), hostsFileFor({ name: self?.name ?? '', hostname }, own, dedupe(neighbours)));
  }

  /** Inspect's view of the container's networks and ports; `none` and `host` have neither in the catalogue. */
  async view(containerId: string, config?: CreateContainerRequest): Promise<{ networks: ContainerNetworkView[]; ports: PublishedPortView[] }> {
    if (config && networkModeOf(config) !== 'bridge') return { networks: [], ports: [] };
    const [memberships, ports] = await Promise.all([this.repository.memberships(containerId), this.repository.ports(containerId)]);
    return {
      networks: memberships.map((membership) => ({
        network: membership.network.name,
        ip: membership.ip,
        prefixLength: prefixOf(membership.network.subnet),
        gateway: membership.network.gateway,
        mac: membership.mac,
        aliases: membership.aliases,
        interface: `eth${membership.position}`,
      })),
      ports: ports.map(({ containerPort, protocol, hostIp, hostPort }) => ({ containerPort, protocol, hostIp, hostPort })),
    };
  }

  /** rx/tx of each attached interface, read from the init's /proc/<pid>/net/dev. */
  async counters(containerId: string, pid: number): Promise<Record<string, NetworkCounters>> {
    const result: Record<string, NetworkCounters> = {};
    for (const membership of await this.repository.memberships(containerId)) {
      if (!membership.hostVeth) continue;
      const ifname = `eth${membership.position}`;
      try {
        result[ifname] = interfaceCounters(pid, ifname);
      } catch (error) {
        // Exited meanwhile, or disconnected between the two reads: no reading for it.
        this.logger.debug(`counters of ${ifname} of ${containerId}: ${(error as Error).message}`);
      }
    }
    return result;
  }

  /** Another live container's rule on the same host port is named here; a host process is named by publishPort. */
  private async refuseTakenPorts(container: ContainerRef, ports: PortRecord[]): Promise<void> {
    for (const port of ports) {
      for (const other of await this.repository.livePortsOn(port.protocol, port.hostPort, container.id)) {
        if (other.hostIp !== '0.0.0.0' && port.hostIp !== '0.0.0.0' && other.hostIp !== port.hostIp) continue;
        const holder = other.container.teamId === container.teamId ? `container ${other.container.name}` : 'a container of another team';
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'PORT_IN_USE',
          `container ${container.name}: ${port.protocol}/${port.hostIp}:${port.hostPort} is already published by ${holder}; stop it or choose another host port`,
        );
      }
    }
  }

  private async undo(containerId: string, hostVeths: string[]): Promise<void> {
    try {
      await removeFirewallRules(this.owners.container(containerId));
      for (const hostVeth of hostVeths) await detach(hostVeth);
      await this.repository.clearAttachments(containerId);
    } catch (error) {
      // What stays is owner-marked: the next startup sweep removes it.
      this.logger.error(`releasing the network of ${containerId}: ${(error as Error).message}`);
    }
  }
}

function isLive(status: string): boolean {
  return status === 'running' || status === 'paused';
}

function dedupe(members: Membership[]): Membership[] {
  const seen = new Set<string>();
  return members.filter((member) => {
    const key = `${member.containerId}/${member.ip}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function conflicting(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'CONFLICTING_OPTIONS', detail);
}
