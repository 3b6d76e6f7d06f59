import { Injectable } from '@nestjs/common';
import type { ContainerDetail } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersService } from './containers.service.js';

/** `docker stop`: SIGTERM, SIGKILL after the grace period; a stopped one is only marked stopped by its user. */
@Injectable()
export class StopContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly supervisor: ContainerSupervisor,
  ) {}

  async execute(principal: Principal, idOrName: string, timeoutSeconds = 10): Promise<ContainerDetail> {
    const row = await this.containers.row(principal, idOrName);
    return this.containers.detail(await this.supervisor.stop(row, timeoutSeconds));
  }
}
