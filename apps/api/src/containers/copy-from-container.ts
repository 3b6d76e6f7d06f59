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

/** Where the tar goes: the caller sends the stat (headers) and then the stream, and resolves once it is sent. */
export type ArchiveSink = (stat: ContainerPathStat, archive: Readable) => Promise<void>;

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
    const asked = containerPath(path);
    return this.roots.withRoot(row, async (root) => (await locatePath(root, asked)).stat);
  }

  /** The stat first (so a missing path is a 404 before any byte), then the tar, sent while the container is held still. */
  async read(principal: Principal, idOrName: string, path: unknown, sink: ArchiveSink): Promise<void> {
    const row = await this.containers.row(principal, idOrName);
    const asked = containerPath(path);
    await this.roots.withRoot(row, async (root) => {
      const located = await locatePath(root, asked);
      await sink(located.stat, packPath(located.host, located.name) as unknown as Readable);
    });
    this.events.record({ teamId: row.teamId, type: 'container', action: 'archive-path', actorId: row.id, attributes: { name: row.name, path: asked } });
  }
}
