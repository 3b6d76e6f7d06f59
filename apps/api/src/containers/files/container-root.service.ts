import { HttpStatus, Injectable } from '@nestjs/common';
import { canDo } from '@berth/runtime/model';
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

  /**
   * Runs `use` on the root with the container held still: paths are resolved inside the root
   * first and used after, so a running container is paused meanwhile (as commit does) — it
   * cannot swap a directory for a link to the host between the two (CVE-2018-15664's class).
   * A created one runs none of its code yet. Resumed on every path out.
   */
  async withRoot<T>(row: ContainerRow, use: (root: string) => Promise<T>): Promise<T> {
    const root = await this.rootOf(row);
    const pause = canDo('pause', row.status);
    if (pause) await this.runtime.pause(row.id);
    try {
      return await use(root);
    } finally {
      if (pause) await this.runtime.resume(row.id);
    }
  }

  private async rootOf(row: ContainerRow): Promise<string> {
    const state = isLive(row.status) || row.status === 'created' ? await this.runtime.state(row.id) : await this.supervisor.created(row);
    if (state.status === 'stopped' || !state.pid) {
      throw new ProblemException(HttpStatus.CONFLICT, 'INVALID_STATUS', `container ${row.name} is exiting; copy again once it has stopped`);
    }
    return `/proc/${state.pid}/root`;
  }
}
