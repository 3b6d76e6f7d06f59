import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { isLive } from './container-guards.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersService } from './containers.service.js';

/** `docker rm`: a live container only with force (it is killed first). */
@Injectable()
export class RemoveContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly supervisor: ContainerSupervisor,
  ) {}

  async execute(principal: Principal, idOrName: string, force = false): Promise<void> {
    const row = await this.containers.row(principal, idOrName);
    if (isLive(row.status) && !force) {
      throw new ProblemException(HttpStatus.CONFLICT, 'CONTAINER_RUNNING', `container ${row.name} is ${row.status}: stop it first, or remove with force=true`);
    }
    await this.supervisor.remove(row);
  }
}
