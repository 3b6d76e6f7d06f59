import { Injectable } from '@nestjs/common';
import { Models } from '@berth/db';
import type { ContainerStatus } from '@berth/runtime/model';
import { DatabaseService } from '../database/database.service.js';

export interface NetworkRecord {
  id: string;
  teamId: string;
  name: string;
  driver: string;
  bridge: string;
  subnet: string;
  gateway: string;
  internal: boolean;
  labels: Record<string, string>;
  createdAt: Date;
}

export interface NewNetwork {
  teamId: string;
  name: string;
  bridge: string;
  subnet: string;
  gateway: string;
  internal: boolean;
  labels: Record<string, string>;
}

/** A container's place on a network, with both ends. */
export interface Membership {
  containerId: string;
  networkId: string;
  position: number;
  ip: string;
  mac: string;
  aliases: string[];
  hostVeth: string | null;
  network: NetworkRecord;
  container: { id: string; name: string; teamId: string; status: ContainerStatus; pid: number | null; spec: unknown };
}

export interface ContainerOfTeam {
  id: string;
  name: string;
  teamId: string;
  status: ContainerStatus;
  pid: number | null;
  spec: unknown;
  config: unknown;
}

export interface PortRecord {
  containerId: string;
  protocol: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
  containerPort: number;
}

const WITH_BOTH = {
  network: true,
  container: { select: { id: true, name: true, teamId: true, status: true, pid: true, spec: true } },
} as const;

const LIVE: ContainerStatus[] = ['running', 'paused'];

/** Networks, memberships and published ports. Unique keys settle races: one name per team, one subnet and bridge per host, one address per network. */
@Injectable()
export class NetworksRepository {
  constructor(private readonly database: DatabaseService) {}

  /**
   * The new network, or null when the team has one of that name. A subnet another network
   * has (of any team) throws SubnetTaken: the caller tries the next block.
   */
  async insert(network: NewNetwork): Promise<NetworkRecord | null> {
    try {
      return toNetwork(await this.database.client.network.create({ data: network }));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Which key was hit is read back rather than parsed from the driver's message.
      if (await this.database.client.network.count({ where: { teamId: network.teamId, name: network.name } })) return null;
      throw new SubnetTaken(network.subnet);
    }
  }

  async find(teamId: string, idOrName: string): Promise<NetworkRecord | null> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(idOrName);
    const row = await this.database.client.network.findFirst({ where: { teamId, OR: [{ name: idOrName }, ...(isUuid ? [{ id: idOrName }] : [])] } });
    return row ? toNetwork(row) : null;
  }

  async byId(id: string): Promise<NetworkRecord | null> {
    const row = await this.database.client.network.findUnique({ where: { id } });
    return row ? toNetwork(row) : null;
  }

  async list(teamId: string): Promise<NetworkRecord[]> {
    return (await this.database.client.network.findMany({ where: { teamId }, orderBy: { name: 'asc' } })).map(toNetwork);
  }

  /** Every network of every team: what the host must have. */
  async all(): Promise<NetworkRecord[]> {
    return (await this.database.client.network.findMany()).map(toNetwork);
  }

  async subnets(): Promise<Set<string>> {
    return new Set((await this.database.client.network.findMany({ select: { subnet: true } })).map((row) => row.subnet));
  }

  /** Deletes the network unless a container is on it (the foreign key catches one joining meanwhile). */
  async removeIfUnused(id: string): Promise<boolean> {
    try {
      const { count } = await this.database.client.network.deleteMany({ where: { id, containers: { none: {} } } });
      return count === 1;
    } catch (error) {
      if (error instanceof Models.Prisma.PrismaClientKnownRequestError && error.code === 'P2003') return false;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await this.database.client.network.deleteMany({ where: { id } });
  }

  /** A container's networks in interface order (eth0 first). */
  async memberships(containerId: string): Promise<Membership[]> {
    const rows = await this.database.client.containerNetwork.findMany({ where: { containerId }, include: WITH_BOTH, orderBy: { position: 'asc' } });
    return present(rows).map(toMembership);
  }

  /** Everyone on the networks, in address order. */
  async members(networkIds: string[]): Promise<Membership[]> {
    const rows = await this.database.client.containerNetwork.findMany({
      where: { networkId: { in: networkIds } },
      include: WITH_BOTH,
      orderBy: [{ networkId: 'asc' }, { ip: 'asc' }],
    });
    return present(rows).map(toMembership);
  }

  async takenAddresses(networkId: string): Promise<string[]> {
    return (await this.database.client.containerNetwork.findMany({ where: { networkId }, select: { ip: true } })).map((row) => row.ip);
  }

  /** Throws P2002 when the address was taken meanwhile (the caller picks the next one). */
  async join(row: { containerId: string; networkId: string; position: number; ip: string; mac: string; aliases: string[] }): Promise<void> {
    await this.database.client.containerNetwork.create({ data: { ...row, hostVeth: null } });
  }

  async leave(containerId: string, networkId: string): Promise<void> {
    await this.database.client.containerNetwork.deleteMany({ where: { containerId, networkId } });
  }

  async setAttachment(containerId: string, networkId: string, attachment: { hostVeth: string | null; mac?: string }): Promise<void> {
    await this.database.client.containerNetwork.updateMany({ where: { containerId, networkId }, data: attachment });
  }

  async clearAttachments(containerId: string): Promise<void> {
    await this.database.client.containerNetwork.updateMany({ where: { containerId }, data: { hostVeth: null } });
  }

  async addPorts(ports: PortRecord[]): Promise<void> {
    await this.database.client.containerPort.createMany({ data: ports });
  }

  async ports(containerId: string): Promise<PortRecord[]> {
    const rows = await this.database.client.containerPort.findMany({ where: { containerId }, orderBy: [{ hostPort: 'asc' }, { protocol: 'asc' }] });
    return rows as PortRecord[];
  }

  /** Published ports of other live containers on this host port: who would be in the way. */
  async livePortsOn(protocol: string, hostPort: number, exceptContainerId: string): Promise<(PortRecord & { container: { name: string; teamId: string } })[]> {
    return (await this.database.client.containerPort.findMany({
      where: { protocol, hostPort, containerId: { not: exceptContainerId }, container: { status: { in: LIVE } } },
      include: { container: { select: { name: true, teamId: true } } },
    })) as (PortRecord & { container: { name: string; teamId: string } })[];
  }

  /** Host ports any container has claimed (running or not): a free port is chosen among the rest. */
  async claimedHostPorts(protocol: string): Promise<Set<number>> {
    return new Set((await this.database.client.containerPort.findMany({ where: { protocol }, select: { hostPort: true } })).map((row) => row.hostPort));
  }

  /** Running and paused containers with their owner marks to keep: what the startup sweep spares. */
  async liveContainerIds(): Promise<string[]> {
    return (await this.database.client.container.findMany({ where: { status: { in: LIVE } }, select: { id: true } })).map((row) => row.id);
  }

  /** A container of the team by id, unique id prefix or name (as the containers API finds them). */
  async findContainer(teamId: string, idOrName: string): Promise<ContainerOfTeam | null> {
    const select = { id: true, name: true, teamId: true, status: true, pid: true, spec: true, config: true } as const;
    const exact = await this.database.client.container.findFirst({ where: { teamId, OR: [{ id: idOrName }, { name: idOrName }] }, select });
    if (exact || !/^[0-9a-f]{4,63}$/.test(idOrName)) return exact;
    const byPrefix = await this.database.client.container.findMany({ where: { teamId, id: { startsWith: idOrName } }, take: 2, select });
    return byPrefix.length === 1 ? byPrefix[0]! : null;
  }
}

/** Prisma reads an include in a second query: a container removed in between comes back as null. */
function present<T extends { container: unknown }>(rows: T[]): (T & { container: NonNullable<T['container']> })[] {
  return rows.filter((row): row is T & { container: NonNullable<T['container']> } => row.container !== null);
}

function toNetwork(row: Omit<NetworkRecord, 'labels'> & { labels: unknown }): NetworkRecord {
  return { ...row, labels: (row.labels ?? {}) as Record<string, string> };
}

function toMembership(row: Omit<Membership, 'network'> & { network: Omit<NetworkRecord, 'labels'> & { labels: unknown } }): Membership {
  return { ...row, network: toNetwork(row.network) };
}

/** Another network has the subnet (or, against all odds, the random bridge name). */
export class SubnetTaken extends Error {
  constructor(readonly subnet: string) {
    super(`subnet ${subnet} is taken`);
  }
}

/** P2002: a unique key. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Models.Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
