import { Inject, Injectable } from '@nestjs/common';
import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Request } from 'express';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { EventsService } from '../events/events.service.js';
import { uploadedTar } from '../images/upload-body.js';
import { ContainersService } from './containers.service.js';
import { asContainerFileError, containerFileError } from './files/container-file-errors.js';
import { ContainerRoots } from './files/container-root.service.js';
import { containerPath } from './files/container-path.js';
import { extractArchive } from './files/extract-archive.js';
import type { ExtractOptions } from './files/write-entry.js';
import { hostPath, resolveInRoot } from './files/resolve-in-root.js';

/**
 * `docker cp SRC CONTAINER:DIR`: a tar unpacked into a directory of a container, running or
 * not. The directory is resolved inside the container with its last link followed (so a link
 * to a directory is a directory, as in Docker); 404 PATH_NOT_FOUND when missing, 400
 * NOT_A_DIRECTORY when it is something else, both before a byte of the body is read;
 * the body is bounded as every upload is (BERTH_MAX_UPLOAD_SIZE).
 */
@Injectable()
export class CopyToContainer {
  constructor(
    @Inject(APP_CONTEXT) private readonly context: AppContext,
    private readonly containers: ContainersService,
    private readonly roots: ContainerRoots,
    private readonly events: EventsService,
  ) {}

  async execute(principal: Principal, idOrName: string, path: unknown, request: Request, options: ExtractOptions): Promise<void> {
    const row = await this.containers.row(principal, idOrName);
    const asked = containerPath(path);
    const directory = await this.roots.withRoot(row, async (root) => {
      const inner = await this.directory(root, asked);
      const body = uploadedTar(request, this.context.config.maxUploadBytes, 'the archive');
      await extractArchive(root, inner, body, options).catch((error: unknown) => {
        throw asContainerFileError(error, asked);
      });
      return inner;
    });
    this.events.record({
      teamId: row.teamId,
      type: 'container',
      action: 'extract-to-dir',
      actorId: row.id,
      attributes: { name: row.name, path: directory },
    });
  }

  private async directory(root: string, asked: string): Promise<string> {
    try {
      const inner = await resolveInRoot(root, posix.join('/', asked), true);
      if (!(await lstat(hostPath(root, inner))).isDirectory()) throw containerFileError('ENOTDIR', asked);
      return inner;
    } catch (error) {
      throw asContainerFileError(error, asked);
    }
  }
}
