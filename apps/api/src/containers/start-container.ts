import { Injectable } from '@nestjs/common';
import type { ContainerDetail } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { isLive } from './container-guards.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersService } from './containers.service.js';

/** `docker start`: a created or stopped container runs; a live one is left as it is (Docker answers 304 there). */
@Injectable()
export class StartContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly supervisor: ContainerSupervisor,
  ) {}

  async execute(principal: Principal, idOrName: string): Promise<ContainerDetail> {
    const row = await this.containers.row(principal, idOrName);
    if (isLive(row.status)) return this.containers.detail(row);
    return this.containers.detail(await this.supervisor.start(row, { byUser: true }));
  }
}
