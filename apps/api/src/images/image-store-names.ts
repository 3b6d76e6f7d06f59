import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { ImageError, isDigest, MEDIA_TYPES, removeImage, type Descriptor, type SnapshotsInUse } from '@berth/images';
import { EngineService } from '../engine/engine.service.js';
import { ImagesRepository } from './images.repository.js';

/** The repository of catalogue pins: a name no one types, so it never collides with a real one. */
const PIN_REPOSITORY = 'berth.internal/catalogue';

/**
 * The names in the store's index.json, kept in step with the catalogue. The store is shared
 * by every team while names belong to teams, so the catalogue is the truth and the store's
 * names follow it:
 * - every catalogued manifest has a pin, `berth.internal/catalogue@sha256:…`, so the store's
 *   garbage collection (which keeps what names reach) keeps it whatever happens to its tags;
 * - a tag names the image some team has under it (when two teams use one tag for different
 *   images, the last one written; operations that resolve names in the store point the name
 *   at the caller's image first);
 * - a name no team has is removed.
 */
@Injectable()
export class ImageStoreNames {
  private readonly logger = new Logger('ImageStoreNames');

  constructor(
    private readonly engine: EngineService,
    private readonly repository: ImagesRepository,
  ) {}

  static isPin(name: string): boolean {
    return name.startsWith(`${PIN_REPOSITORY}@`);
  }

  static pinName(digest: string): string {
    return `${PIN_REPOSITORY}@${digest}`;
  }

  /** Pins a catalogued manifest; a no-op when its manifest is not in this store. */
  pin(digest: string): void {
    const descriptor = this.descriptor(digest);
    if (descriptor) this.engine.images.tag(ImageStoreNames.pinName(digest), descriptor);
  }

  /** Makes `name` resolve to `digest` in the store, for library calls that resolve names there. */
  point(name: string, digest: string): void {
    if (this.current().get(name) === digest) return;
    const descriptor = this.descriptor(digest);
    if (!descriptor) throw new ImageError('BLOB_NOT_FOUND', `manifest ${digest} is not in the image store`);
    this.engine.images.tag(name, descriptor);
  }

  /** What every store name points at now. */
  current(): Map<string, string> {
    return new Map(this.engine.images.list().map((image) => [image.reference, image.manifest.digest]));
  }

  /** After catalogue names changed: each name points at an image some team has under it, or goes. */
  async sync(names: Iterable<string>): Promise<void> {
    const current = this.current();
    for (const name of new Set(names)) {
      if (ImageStoreNames.isPin(name)) continue;
      const holders = await this.repository.holdersOfName(name);
      const pointsAt = current.get(name);
      if (holders.length === 0) {
        if (pointsAt !== undefined) this.engine.images.untag(name);
      } else if (!holders.some((holder) => holder.digest === pointsAt)) {
        const target = holders.find((holder) => this.descriptor(holder.digest));
        if (target) this.point(name, target.digest);
      }
    }
  }

  /** After a failed pull, load or build: names the library moved go back to what the catalogue says. */
  async syncChangedSince(before: Map<string, string>): Promise<void> {
    const after = this.current();
    const changed = [...after.keys(), ...before.keys()].filter((name) => after.get(name) !== before.get(name));
    await this.sync(changed);
  }

  /**
   * Before collecting garbage: removes every name (pins included) no team's catalogue backs,
   * unless a container still needs its layers (removeImage refuses then, and the content
   * stays), and pins every catalogued manifest.
   */
  async reconcile(inUse: SnapshotsInUse): Promise<void> {
    const catalogued = await this.repository.cataloguedDigests();
    const stale: string[] = [];
    for (const [name, digest] of this.current()) {
      const backed = ImageStoreNames.isPin(name) ? catalogued.has(digest) : (await this.repository.holdersOfName(name)).length > 0;
      if (!backed) stale.push(name);
    }
    for (const name of stale) {
      try {
        await removeImage(this.engine.images, name, inUse);
      } catch (error) {
        if (!(error instanceof ImageError && error.code === 'IMAGE_IN_USE')) throw error;
        this.logger.warn(`kept ${name} in the image store: ${error.message}`);
      }
    }
    await this.sync([...this.current().keys()]);
    const pinned = new Set([...this.current()].filter(([name]) => ImageStoreNames.isPin(name)).map(([, digest]) => digest));
    for (const digest of catalogued) if (!pinned.has(digest)) this.pin(digest);
  }

  /** The index entry for a stored manifest, or undefined when the store does not have it. */
  private descriptor(digest: string): Descriptor | undefined {
    if (!isDigest(digest) || !this.engine.images.blobs.has(digest)) return undefined;
    const bytes = this.engine.images.blobs.size(digest);
    let mediaType: string = MEDIA_TYPES.manifest;
    try {
      mediaType = (JSON.parse(readFileSync(this.engine.images.blobs.path(digest), 'utf8')) as { mediaType?: string }).mediaType ?? mediaType;
    } catch {
      // An unreadable manifest is named as OCI; the store reads it by digest either way.
    }
    return { mediaType, digest, size: bytes };
  }
}
