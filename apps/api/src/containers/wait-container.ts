import { Injectable } from '@nestjs/common';
import type { WaitResult } from '@berth/contracts';
import type { Principal } from '../auth/principal.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersService } from './containers.service.js';

/** `docker wait`: resolves when the container is next stopped (now, if it is), with its exit code. */
@Injectable()
export class WaitContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly supervisor: ContainerSupervisor,
  ) {}

  async execute(principal: Principal, idOrName: string, timeoutMs?: number): Promise<WaitResult> {
    // Taken before the read: the supervisor then knows whether the row read is still current.
    const sequence = this.supervisor.stopSequence;
    const row = await this.containers.row(principal, idOrName);
    const stopped = await this.supervisor.waitStopped(row.id, timeoutMs, { row, sequence });
    return { exitCode: stopped.exitCode ?? -1, oomKilled: stopped.oomKilled };
  }

  /** `condition=removed`: once the container is gone from the catalogue, or `signal` aborts. */
  removed(id: string, signal: AbortSignal): Promise<void> {
    return this.supervisor.waitRemoved(id, signal);
  }
}
