import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Principal } from '../auth/principal.js';
import { EventsService } from '../events/events.service.js';
import { ContainersService } from './containers.service.js';
import { ContainerRoots } from './files/container-root.service.js';
import { containerPath } from './files/container-path.js';
import { locatePath } from './files/locate-path.js';
import { packPath } from './files/pack-path.js';
import type { ContainerPathStat } from './files/path-stat.js';

/** `docker cp CONTAINER:SRC …`: a path of a container (running or not) as a tar, and its stat. */
@Injectable()
export class CopyFromContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly roots: ContainerRoots,
    private readonly events: EventsService,
  ) {}

  /** What is at the path (HEAD archive): 404 PATH_NOT_FOUND when nothing. */
  async stat(principal: Principal, idOrName: string, path: unknown): Promise<ContainerPathStat> {
    const row = await this.containers.row(principal, idOrName);
    return (await locatePath(await this.roots.rootOf(row), containerPath(path))).stat;
  }

  /** The stat first (so a missing path is a 404 before any byte), then the tar as a stream. */
  async read(principal: Principal, idOrName: string, path: unknown): Promise<{ stat: ContainerPathStat; archive: Readable }> {
    const row = await this.containers.row(principal, idOrName);
    const located = await locatePath(await this.roots.rootOf(row), containerPath(path));
    await this.events.record({
      teamId: row.teamId,
      type: 'container',
      action: 'archive-path',
      actorId: row.id,
      attributes: { name: row.name, path: located.requested },
    });
    return { stat: located.stat, archive: packPath(located.host, located.name) as unknown as Readable };
  }
}
