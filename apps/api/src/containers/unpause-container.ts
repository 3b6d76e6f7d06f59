import { Injectable } from '@nestjs/common';
import type { ContainerDetail } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { requireStatusFor } from './container-guards.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';

/** `docker unpause`: the runtime's resume; the container runs on where it was frozen. */
@Injectable()
export class UnpauseContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly repository: ContainersRepository,
    private readonly runtime: RuntimeAdapter,
    private readonly events: EventsService,
  ) {}

  async execute(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    const row = await this.containers.row(principal, idOrName);
    requireStatusFor('resume', row, 'unpaused');
    await this.runtime.resume(row.id);
    const running = await this.repository.update(row.id, { status: 'running' }, row);
    this.events.record({ teamId: row.teamId, type: 'container', action: 'unpause', actorId: row.id, attributes: { name: row.name } });
    return this.containers.detail(running);
  }
}
