import { Injectable } from '@nestjs/common';
import type { ContainerDetail } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { EventsService } from '../events/events.service.js';
import { nameInUse } from './container-guards.js';
import { validateName } from './container-names.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';

/** `docker rename`: a new name in the team; the unique key settles a race with another create or rename. */
@Injectable()
export class RenameContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly repository: ContainersRepository,
    private readonly events: EventsService,
  ) {}

  async execute(principal: Principal, idOrName: string, newName: string): Promise<ContainerDetail> {
    const row = await this.containers.row(principal, idOrName);
    validateName(newName);
    if (newName === row.name) return this.containers.detail(row);
    if (await this.repository.nameTaken(principal.teamId, newName)) throw nameInUse(newName);
    const renamed = await this.repository.update(row.id, { name: newName }, row).catch((error: { code?: string }) => {
      throw error.code === 'P2002' ? nameInUse(newName) : error;
    });
    this.events.record({ teamId: row.teamId, type: 'container', action: 'rename', actorId: row.id, attributes: { name: newName, oldName: row.name } });
    return this.containers.detail(renamed);
  }
}
