import { readFileSync } from 'node:fs';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { ContainerDetail, ContainerList, CreateContainerRequest, NetworkCounters, TopResult } from '@berth/contracts';
import { RuntimeError, type ContainerStatus } from '@berth/runtime/model';
import { RuntimeAdapter, type ContainerStats, type LogRecord } from '../engine/runtime-adapter.js';
import { ProblemException } from '../http/problem.js';
import { ImagesService } from '../images/images.service.js';
import { ContainerNetworking } from '../networks/container-networking.service.js';
import type { Principal } from '../auth/principal.js';
import { isLive, notRunning } from './container-guards.js';
import { toDetail, toSummary } from './container-view.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';

/** A stats reading: the cgroup's counters and each interface's rx/tx. */
export type StatsReading = ContainerStats & { networks: Record<string, NetworkCounters> };

export interface ListQuery {
  all?: boolean;
  statuses?: ContainerStatus[];
  name?: string;
  labels?: string[];
  ancestor?: string;
  offset?: number;
  limit?: number;
}

/**
 * The container queries every use case and surface shares: find a team's container (404
 * otherwise), its detail view, lists, logs, stats and processes. Nothing here changes a
 * container; each verb that does is a use case of its own (`*-container.ts`).
 */
@Injectable()
export class ContainersService {
  constructor(
    private readonly runtime: RuntimeAdapter,
    private readonly repository: ContainersRepository,
    private readonly images: ImagesService,
    private readonly networking: ContainerNetworking,
  ) {}

  async list(principal: Principal, query: ListQuery): Promise<ContainerList> {
    const statuses = query.statuses ?? (query.all ? undefined : (['running', 'paused'] as ContainerStatus[]));
    const imageId = query.ancestor ? (await this.images.find(principal.teamId, query.ancestor)).id : undefined;
    const { rows, total } = await this.repository.list({
      teamId: principal.teamId,
      statuses,
      name: query.name,
      labels: query.labels,
      imageId,
      offset: query.offset ?? 0,
      limit: query.limit ?? 100,
    });
    return { items: rows.map(toSummary), total };
  }

  async inspect(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    return this.detail(await this.row(principal, idOrName));
  }

  async top(principal: Principal, idOrName: string): Promise<TopResult> {
    const row = await this.row(principal, idOrName);
    if (!isLive(row.status)) throw notRunning(row);
    const pids = await this.runtime.ps(row.id);
    return { titles: ['PID', 'PPID', 'STAT', 'COMMAND'], processes: pids.map(processRow).filter((process) => process !== undefined) };
  }

  async logs(principal: Principal, idOrName: string, follow: boolean, signal?: AbortSignal): Promise<AsyncGenerator<LogRecord>> {
    const row = await this.row(principal, idOrName);
    const live = follow && (row.status === 'running' || row.status === 'paused' || row.status === 'created');
    return this.runtime.logs(row.id, { follow: live, signal });
  }

  async stats(principal: Principal, idOrName: string): Promise<StatsReading> {
    const row = await this.row(principal, idOrName);
    if (!isLive(row.status)) throw notRunning(row);
    const stats = await this.runtime.stats(row.id);
    return { ...stats, networks: row.pid ? await this.networking.counters(row.id, row.pid) : {} };
  }

  async statsStream(principal: Principal, idOrName: string, intervalMs: number): Promise<AsyncGenerator<StatsReading>> {
    const row = await this.row(principal, idOrName);
    if (!isLive(row.status)) throw notRunning(row);
    const networks = () => (row.pid ? this.networking.counters(row.id, row.pid) : Promise.resolve({}));
    return withNetworks(this.runtime.statsStream(row.id, intervalMs), networks);
  }

  /** The team's container, or 404. */
  async row(principal: Principal, idOrName: string): Promise<ContainerRow> {
    const row = await this.repository.find(principal.teamId, idOrName);
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'CONTAINER_NOT_FOUND', `no such container: ${idOrName}`);
    return row;
  }

  async detail(row: ContainerRow): Promise<ContainerDetail> {
    const config = row.config as CreateContainerRequest;
    // Only a container that asked for mounts has volume rows to read.
    const volumes = config.mounts?.length ? await this.repository.mounts(row.id) : [];
    const spec = row.spec as { mounts?: { destination: string; type?: string; source?: string; options?: string[] }[] };
    const byDestination = new Map(volumes.map((mount) => [mount.destination, mount]));
    const requested = ((row.config as CreateContainerRequest).mounts ?? []).map((mount) => mount.target);
    const mounts = (spec.mounts ?? [])
      .filter((mount) => requested.includes(mount.destination))
      .map((mount) => {
        const volume = byDestination.get(mount.destination);
        const type = volume ? 'volume' : mount.type === 'tmpfs' ? 'tmpfs' : 'bind';
        return {
          type,
          source: volume?.volume.name ?? mount.source ?? '',
          target: mount.destination,
          readOnly: mount.options?.includes('ro') ?? false,
        } as const;
      });
    return toDetail(row, mounts, await this.networking.view(row.id, config));
  }
}

/** One `top` line from /proc: pid, parent, state and command line. */
function processRow(pid: number): string[] | undefined {
  try {
    const stat = readProc(`/proc/${pid}/stat`);
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    const cmdline = readProc(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
    return [String(pid), ppid ?? '', state ?? '', cmdline || stat.slice(stat.indexOf('(') + 1, close)];
  } catch (error) {
    if (error instanceof RuntimeError || (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // exited meanwhile
    throw error;
  }
}

function readProc(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The runtime's readings with the network counters beside the cgroup's. */
async function* withNetworks(stream: AsyncGenerator<ContainerStats>, networks: () => Promise<Record<string, NetworkCounters>>): AsyncGenerator<StatsReading> {
  try {
    for await (const stats of stream) yield { ...stats, networks: await networks() };
  } finally {
    await stream.return(undefined);
  }
}
