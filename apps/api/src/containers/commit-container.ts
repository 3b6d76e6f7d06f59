import { HttpStatus, Injectable } from '@nestjs/common';
import type { CommitRequest, CommitResult } from '@berth/contracts';
import { canDo } from '@berth/runtime/model';
import { commitContainer, formatImageReference, parseImageReference } from '@berth/images';
import { ContainerBundles } from '../engine/container-bundle.js';
import { EngineService } from '../engine/engine.service.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { ProblemException } from '../http/problem.js';
import { asProblem } from '../images/image-errors.js';
import { ImageStoreLock } from '../images/image-store-lock.js';
import { ImagesService } from '../images/images.service.js';
import type { Principal } from '../auth/principal.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';

/** `docker commit`: a container's writable layer on top of its image, as a new catalogued image. */
@Injectable()
export class CommitContainer {
  constructor(
    private readonly engine: EngineService,
    private readonly runtime: RuntimeAdapter,
    private readonly bundles: ContainerBundles,
    private readonly containers: ContainersService,
    private readonly repository: ContainersRepository,
    private readonly images: ImagesService,
    private readonly lock: ImageStoreLock,
    private readonly events: EventsService,
    private readonly quotas: TeamQuotas,
  ) {}

  async execute(principal: Principal, idOrName: string, request: CommitRequest): Promise<CommitResult> {
    const row = await this.containers.row(principal, idOrName);
    await this.quotas.requireImageRoom(row.teamId);
    const reference = canonical(request.reference);
    const digest = row.imageId ? await this.repository.imageDigest(row.imageId) : null;
    if (!digest)
      throw new ProblemException(HttpStatus.CONFLICT, 'IMAGE_GONE', `the image of container ${row.name} was removed; its changes have no base to go on`);
    // Read a still layer: a running container is paused meanwhile, as Docker does.
    const pause = canDo('pause', row.status) && (request.pause ?? true);
    if (pause) await this.runtime.pause(row.id);
    try {
      const stored = await this.lock.withShared(async () => {
        // The layer is read through held directory descriptors, never following a symlink the
        // container planted (see upperToLayer); one that changes its files meanwhile (pause: false)
        // gets 409 CONTENT_CHANGED, never a layer holding host files.
        const made = await asProblem('store', () =>
          commitContainer(this.engine.images, {
            baseImage: this.images.storedByDigest(digest).reference,
            upperDir: this.bundles.layout(row.id).upper,
            reference,
            message: request.message,
          }),
        );
        await this.images.catalogue(row.teamId, made);
        return made;
      });
      this.events.record({ teamId: row.teamId, type: 'container', action: 'commit', actorId: row.id, attributes: { name: row.name, image: reference } });
      return { id: stored.manifest.digest, reference: stored.reference };
    } finally {
      if (pause) await this.runtime.resume(row.id);
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
