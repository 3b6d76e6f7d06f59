import { HttpStatus, Injectable } from '@nestjs/common';
import { RuntimeAdapter } from '../../engine/runtime-adapter.js';
import { ProblemException } from '../../http/problem.js';
import { isLive } from '../container-guards.js';
import { ContainerSupervisor } from '../container-supervisor.service.js';
import type { ContainerRow } from '../containers.repository.js';

/**
 * Where a container's root file system can be read and written from the host. Berth mounts
 * the overlay (and the container's volumes) inside the container's own mount namespace, so
 * the host sees it only through the init process: `/proc/<pid>/root`. A running, paused or
 * created container has one; a stopped one is re-created without starting it (the runtime
 * container start would make anyway, and start then uses as it is), which mounts the same
 * writable layer in the same place — never a second overlay on that layer meanwhile.
 */
@Injectable()
export class ContainerRoots {
  constructor(
    private readonly runtime: RuntimeAdapter,
    private readonly supervisor: ContainerSupervisor,
  ) {}

  async rootOf(row: ContainerRow): Promise<string> {
    const state = isLive(row.status) || row.status === 'created' ? await this.runtime.state(row.id) : await this.supervisor.created(row);
    if (state.status === 'stopped' || !state.pid) {
      throw new ProblemException(HttpStatus.CONFLICT, 'INVALID_STATUS', `container ${row.name} is exiting; copy again once it has stopped`);
    }
    return `/proc/${state.pid}/root`;
  }
}
