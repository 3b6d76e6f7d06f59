import { Injectable } from '@nestjs/common';
import { prune } from '@berth/images';
import type { PruneImagesResponse } from '@berth/contracts';
import { EngineService } from '../engine/engine.service.js';
import { EventsService } from '../events/events.service.js';
import { asProblem } from './image-errors.js';
import { ImageStoreLock } from './image-store-lock.js';
import { ImageStoreNames } from './image-store-names.js';
import { ImagesRepository } from './images.repository.js';
import { SnapshotsInUse } from './snapshots-in-use.js';

/**
 * `docker image prune`: removes the team's untagged images no container uses, then collects
 * what no team needs any more — blobs no catalogued image reaches and snapshots neither an
 * image nor a container (of any team, or a build in progress) uses. It holds the store
 * alone while it collects, so no pull, load or build loses blobs it just wrote.
 */
@Injectable()
export class ImagePruneService {
  constructor(
    private readonly engine: EngineService,
    private readonly repository: ImagesRepository,
    private readonly names: ImageStoreNames,
    private readonly snapshotsInUse: SnapshotsInUse,
    private readonly lock: ImageStoreLock,
    private readonly events: EventsService,
  ) {}

  async prune(teamId: string): Promise<PruneImagesResponse> {
    return this.lock.withExclusive(async () => {
      const deleted: string[] = [];
      for (const row of await this.repository.danglingUnused(teamId)) {
        await this.repository.remove(row.id);
        deleted.push(row.digest);
        this.events.record({ teamId, type: 'image', action: 'delete', actorId: row.digest, attributes: {} });
      }
      const inUse = () => this.snapshotsInUse.collect();
      await this.names.reconcile(inUse);
      const report = await asProblem('store', () => prune(this.engine.images, inUse));
      await this.repository.deleteUnusedLayers();
      const result = { deleted, reclaimedBytes: report.bytes, blobs: report.blobs, snapshots: report.snapshots };
      // As Docker reports a prune: no one image is its actor; the attributes say what it freed.
      this.events.record({ teamId, type: 'image', action: 'prune', actorId: '', attributes: { ...result, deleted: deleted.length } });
      return result;
    });
  }
}
