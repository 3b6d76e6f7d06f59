import { Injectable } from '@nestjs/common';
import type { ContainerDetail } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { requireStatusFor } from './container-guards.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';

/** `docker pause`: every process of the container frozen in its cgroup. */
@Injectable()
export class PauseContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly repository: ContainersRepository,
    private readonly runtime: RuntimeAdapter,
    private readonly events: EventsService,
  ) {}

  async execute(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    const row = await this.containers.row(principal, idOrName);
    requireStatusFor('pause', row, 'paused');
    await this.runtime.pause(row.id);
    const paused = await this.repository.update(row.id, { status: 'paused' }, row);
    this.events.record({ teamId: row.teamId, type: 'container', action: 'pause', actorId: row.id, attributes: { name: row.name } });
    return this.containers.detail(paused);
  }
}
