import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { isLive, notRunning } from './container-guards.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';

/** `docker kill`: a signal to the main process; the exit watch records what follows. */
@Injectable()
export class KillContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly repository: ContainersRepository,
    private readonly runtime: RuntimeAdapter,
    private readonly events: EventsService,
  ) {}

  async execute(principal: Principal, idOrName: string, signal = 'SIGKILL'): Promise<void> {
    const row = await this.containers.row(principal, idOrName);
    if (!isLive(row.status)) throw notRunning(row);
    await this.runtime.kill(row.id, signal);
    // An explicit kill is the user stopping it: no restart (Docker's unless-stopped keeps restarting on a kill; Berth follows the user).
    await this.repository.update(row.id, { stoppedByUser: true }, row);
    this.events.record({ teamId: row.teamId, type: 'container', action: 'kill', actorId: row.id, attributes: { name: row.name, signal } });
  }
}
