import { Injectable } from '@nestjs/common';
import type { PruneContainersResponse } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { EngineService } from '../engine/engine.service.js';
import { writableLayerDir } from '../engine/writable-layer.js';
import { EventsService } from '../events/events.service.js';
import { directorySize } from '../util/dir-size.js';
import { isLive } from './container-guards.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersRepository } from './containers.repository.js';

export interface PruneContainersFilter {
  /** `key` or `key=value`: only containers with every one of these labels. */
  labels?: string[];
  /** Only containers created before this moment. */
  until?: Date;
}

/** Enough for any team's stopped containers in one pass; more waits for the next prune. */
const PRUNE_BATCH = 10_000;

/**
 * `docker container prune`: removes every container of the team that is neither running
 * nor paused (created and exited ones alike), and reports what their writable layers held.
 */
@Injectable()
export class PruneContainers {
  constructor(
    private readonly repository: ContainersRepository,
    private readonly supervisor: ContainerSupervisor,
    private readonly engine: EngineService,
    private readonly events: EventsService,
  ) {}

  async execute(principal: Principal, filter: PruneContainersFilter = {}): Promise<PruneContainersResponse> {
    const { rows } = await this.repository.list({
      teamId: principal.teamId,
      statuses: ['created', 'stopped'],
      labels: filter.labels,
      offset: 0,
      limit: PRUNE_BATCH,
    });
    const result: PruneContainersResponse = { containersDeleted: [], spaceReclaimedBytes: 0 };
    for (const listed of rows) {
      if (filter.until && listed.createdAt >= filter.until) continue;
      // Read again: a container started since the list was read stays.
      const row = await this.repository.byId(listed.id);
      if (!row || isLive(row.status) || row.status === 'creating') continue;
      const { bytes } = await directorySize(writableLayerDir(this.engine.paths, row.id));
      await this.supervisor.remove(row);
      result.containersDeleted.push(row.id);
      result.spaceReclaimedBytes += bytes;
    }
    // As Docker's: one event for the whole prune, with what it freed.
    this.events.record({
      teamId: principal.teamId,
      type: 'container',
      action: 'prune',
      actorId: '',
      attributes: { reclaimed: result.spaceReclaimedBytes, containersDeleted: result.containersDeleted.length },
    });
    return result;
  }
}
