import { join } from 'node:path';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { CommitRequest, CommitResult } from '@berth/contracts';
import { commitContainer, formatImageReference, parseImageReference } from '@berth/images';
import { EngineService } from '../engine/engine.service.js';
import { EventsService } from '../events/events.service.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { ProblemException } from '../http/problem.js';
import { viaRuntime } from '../http/runtime-errors.js';
import { asProblem } from '../images/image-errors.js';
import { ImageStoreLock } from '../images/image-store-lock.js';
import { ImagesService } from '../images/images.service.js';
import { runtimeId } from './container-names.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';

/** `docker commit`: a container's writable layer on top of its image, as a new catalogued image. */
@Injectable()
export class ContainerCommitService {
  constructor(
    private readonly engine: EngineService,
    private readonly repository: ContainersRepository,
    private readonly images: ImagesService,
    private readonly lock: ImageStoreLock,
    private readonly events: EventsService,
    private readonly quotas: TeamQuotas,
  ) {}

  async commit(row: ContainerRow, request: CommitRequest, bundleDir: string): Promise<CommitResult> {
    await this.quotas.requireImageRoom(row.teamId);
    const reference = canonical(request.reference);
    const digest = row.imageId ? await this.repository.imageDigest(row.imageId) : null;
    if (!digest)
      throw new ProblemException(HttpStatus.CONFLICT, 'IMAGE_GONE', `the image of container ${row.name} was removed; its changes have no base to go on`);
    // Read a still layer: a running container is paused meanwhile, as Docker does.
    const pause = row.status === 'running' && (request.pause ?? true);
    if (pause) await viaRuntime(() => this.engine.runtime.pause(runtimeId(row.id)));
    try {
      const stored = await this.lock.withShared(async () => {
        // The layer is read through held directory descriptors, never following a symlink the
        // container planted (see upperToLayer); one that changes its files meanwhile (pause: false)
        // gets 409 CONTENT_CHANGED, never a layer holding host files.
        const made = await asProblem('store', () =>
          commitContainer(this.engine.images, {
            baseImage: this.images.storedByDigest(digest).reference,
            upperDir: join(bundleDir, 'upper'),
            reference,
            message: request.message,
          }),
        );
        await this.images.catalogue(row.teamId, made);
        return made;
      });
      await this.events.record({ teamId: row.teamId, type: 'container', action: 'commit', actorId: row.id, attributes: { name: row.name, image: reference } });
      return { id: stored.manifest.digest, reference: stored.reference };
    } finally {
      if (pause) await this.engine.runtime.resume(runtimeId(row.id));
    }
  }
}

function canonical(reference: string): string {
  try {
    const parsed = parseImageReference(reference);
    if (parsed.digest) throw new Error('a commit makes a new image: name it repo:tag, not by digest');
    return formatImageReference(parsed);
  } catch (error) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_REFERENCE', `${reference} is not a valid image name: ${(error as Error).message}`);
  }
}
