import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { exportDockerArchive, importArchive } from '@berth/images';
import type { LoadImagesResponse } from '@berth/contracts';
import type { Request, Response } from 'express';
import { EngineService } from '../engine/engine.service.js';
import { EventsService } from '../events/events.service.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { ProblemException } from '../http/problem.js';
import { imageProblem } from './image-errors.js';
import { canonicalName, familiar, isTagName } from './image-names.js';
import { ImageStoreLock } from './image-store-lock.js';
import { ImageStoreNames } from './image-store-names.js';
import { IMAGES_CONFIG, type ImagesConfig } from './images-config.js';
import { ImagesService } from './images.service.js';
import { uploadedTar } from './upload-body.js';

/** `docker load` and `docker save`: image archives in and out of the team's catalogue. */
@Injectable()
export class ImageArchiveService {
  constructor(
    private readonly engine: EngineService,
    private readonly images: ImagesService,
    private readonly names: ImageStoreNames,
    private readonly lock: ImageStoreLock,
    private readonly events: EventsService,
    @Inject(IMAGES_CONFIG) private readonly config: ImagesConfig,
    private readonly quotas: TeamQuotas,
  ) {}

  /**
   * Imports a `docker save` or OCI archive from the request body. Every digest is verified
   * before an image is named; a refused archive catalogues nothing, and names the import
   * moved in the store go back to what the catalogue says.
   */
  async load(teamId: string, request: Request): Promise<LoadImagesResponse> {
    await this.quotas.requireImageRoom(teamId);
    const body = uploadedTar(request, this.config.maxUploadBytes, 'the image archive');
    return this.lock.withShared(async () => {
      const before = this.names.current();
      try {
        const stored = await importArchive(this.engine.images, body);
        const loaded: LoadImagesResponse['loaded'] = [];
        for (const image of stored) {
          const row = await this.images.catalogue(teamId, image);
          this.events.record({ teamId, type: 'image', action: 'load', actorId: row.digest, attributes: { name: familiar(image.reference) } });
          loaded.push({ reference: familiar(image.reference), id: row.digest });
        }
        return { loaded };
      } catch (error) {
        body.destroy();
        await this.names.syncChangedSince(before);
        throw imageProblem(error, 'load');
      }
    });
  }

  /**
   * Streams the image as a `docker save` archive, under the name it was addressed by or
   * else all its tags. Content problems are found before the first byte; a failure while
   * streaming can only cut the connection, which the client sees as a truncated archive.
   */
  async save(teamId: string, reference: string, response: Response): Promise<void> {
    const row = await this.images.find(teamId, reference);
    const tags = row.repoTags.filter(isTagName);
    let names: string[];
    try {
      const name = canonicalName(reference);
      names = tags.includes(name) ? [name] : tags;
    } catch {
      names = tags;
    }
    if (names.length === 0) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'IMAGE_UNTAGGED',
        `image ${row.digest} has no tag to save it under, and docker load needs one; tag it first (POST /images/${row.digest}/tag)`,
      );
    }
    await this.lock.withShared(async () => {
      // The store's names are shared by every team: make them name this team's image.
      try {
        for (const name of names) this.names.point(name, row.digest);
      } catch (error) {
        throw imageProblem(error, 'store');
      }
      response.status(HttpStatus.OK);
      response.setHeader('Content-Type', 'application/x-tar');
      response.setHeader('Content-Disposition', `attachment; filename="${archiveName(names[0]!)}"`);
      try {
        await exportDockerArchive(this.engine.images, names, response);
      } catch (error) {
        if (!response.headersSent) throw imageProblem(error, 'store');
        response.destroy(error as Error);
        return;
      }
      this.events.record({ teamId, type: 'image', action: 'save', actorId: row.digest, attributes: { name: familiar(names[0]!) } });
    });
  }
}

/** `docker.io/library/busybox:latest` → `busybox-latest.tar`. */
function archiveName(name: string): string {
  return `${familiar(name).replace(/[^A-Za-z0-9._-]+/g, '-')}.tar`;
}
