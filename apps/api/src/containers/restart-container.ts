import { Injectable } from '@nestjs/common';
import type { ContainerDetail } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { EventsService } from '../events/events.service.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersService } from './containers.service.js';

/** `docker restart`: stop (with its grace period), then start; one `restart` event after both. */
@Injectable()
export class RestartContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly supervisor: ContainerSupervisor,
    private readonly events: EventsService,
  ) {}

  async execute(principal: Principal, idOrName: string, timeoutSeconds = 10): Promise<ContainerDetail> {
    const row = await this.containers.row(principal, idOrName);
    const stopped = await this.supervisor.stop(row, timeoutSeconds);
    const started = await this.supervisor.start(stopped, { byUser: true });
    this.events.record({ teamId: row.teamId, type: 'container', action: 'restart', actorId: row.id, attributes: { name: row.name } });
    return this.containers.detail(started);
  }
}
