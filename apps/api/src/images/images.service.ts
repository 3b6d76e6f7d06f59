import { HttpStatus, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { chainIds, isDigest, type Digest, type ImageConfig, type ImageManifest, type StoredImage } from '@berth/images';
import type { DeleteImageResponse, ImageDetail, ImageHistoryEntry, ImageListQuery, ImageSummary } from '@berth/contracts';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { EngineService } from '../engine/engine.service.js';
import { EventsService } from '../events/events.service.js';
import { ProblemException } from '../http/problem.js';
import { DefaultTeamService } from '../teams/default-team.service.js';
import { asProblem } from './image-errors.js';
import { canonicalName, familiar, isTagName, parseName } from './image-names.js';
import { referenceMatcher } from './reference-filter.js';
import { ImageStoreNames } from './image-store-names.js';
import { detailOf, historyOf, summaryOf } from './image-views.js';
import { seedImagesIfEmpty } from './seed-images.js';
import { ImagesRepository, type ImageRow } from './images.repository.js';

/** What a container needs of its image. */
export interface RunnableImage {
  id: string;
  digest: string;
  /** The canonical name it was found by, or the digest. */
  reference: string;
  config: ImageConfig;
  /** Overlay lower dirs, top-most first. */
  lowerDirs: string[];
}

/**
 * The image catalogue over the image store: the store (OCI layout on disk) holds the
 * content, the catalogue which team has which image under which names.
 */
/** Manifests and configs kept parsed, by manifest digest. */
const RECENT_DOCUMENTS = 64;

@Injectable()
export class ImagesService implements OnApplicationBootstrap {
  private readonly recentDocuments = new Map<string, { manifest: ImageManifest; config: ImageConfig }>();

  constructor(
    @Inject(APP_CONTEXT) private readonly context: AppContext,
    private readonly engine: EngineService,
    private readonly repository: ImagesRepository,
    private readonly names: ImageStoreNames,
    private readonly events: EventsService,
    private readonly defaultTeam: DefaultTeamService,
  ) {}

  /**
   * Images in the store that no team has catalogued (seeded, or from before the catalogue
   * existed) go to the default team. Pins and names of images some team has are the
   * catalogue's own, and never hand another team's image to the default team.
   */
  async onApplicationBootstrap(): Promise<void> {
    const team = await this.defaultTeam.ensure();
    await seedImagesIfEmpty(this.engine.images, this.context.config.seedImages);
    for (const stored of this.engine.images.list()) {
      if (ImageStoreNames.isPin(stored.reference) || (await this.repository.isCatalogued(stored.manifest.digest))) continue;
      await this.catalogue(team.id, stored);
    }
  }

  /** Records a stored image (after pull, load, build, commit, tag) in the team's catalogue. */
  async catalogue(teamId: string, stored: StoredImage): Promise<ImageRow> {
    const manifest = await this.engine.images.manifest(stored);
    const config = await this.engine.images.config(manifest);
    const chain = chainIds(config.rootfs.diff_ids);
    const named = !ImageStoreNames.isPin(stored.reference) && !isDigest(stored.reference);
    const row = await this.repository.upsert(teamId, {
      digest: stored.manifest.digest,
      repoTags: named ? [stored.reference] : [],
      sizeBytes: BigInt(manifest.layers.reduce((sum, layer) => sum + layer.size, stored.manifest.size + manifest.config.size)),
      config: config as unknown as object,
      layers: manifest.layers.map((layer, index) => ({ chainId: chain[index]!, diffId: config.rootfs.diff_ids[index]!, sizeBytes: BigInt(layer.size) })),
    });
    this.names.pin(row.digest);
    return row;
  }

  /** The team's image by name (`busybox`, `busybox:1.36`), digest or id prefix; 404 when it has none. */
  async find(teamId: string, reference: string): Promise<ImageRow> {
    const row = await this.lookup(teamId, reference.trim());
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'IMAGE_NOT_FOUND', `no such image: ${reference}; pull, load or build it first`);
    return row;
  }

  /** Everything `create` needs, unpacking layers that are not unpacked yet. */
  async prepareForRun(teamId: string, reference: string): Promise<RunnableImage> {
    const row = await this.find(teamId, reference);
    const { manifest, config } = await this.documents(row);
    const lowerDirs = await asProblem('store', () => this.engine.images.snapshots.lowerDirs(manifest, config));
    return { id: row.id, digest: row.digest, reference: row.repoTags.find(isTagName) ?? row.repoTags[0] ?? row.digest, config, lowerDirs };
  }

  /** The store entry of a manifest digest (any of its names will do: they share the content). */
  storedByDigest(digest: string): StoredImage {
    const stored = this.engine.images.list().find((image) => image.manifest.digest === digest);
    if (stored) return stored;
    // Catalogued but unnamed in the store: address the manifest by digest.
    return { reference: digest, manifest: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest as Digest, size: 0 } };
  }

  /**
   * The image's manifest and config from the store, read by the row's digest. Both are
   * content-addressed and never change, so the last few read are kept: a create does not read
   * and parse them again for every container of the same image.
   */
  async documents(row: ImageRow): Promise<{ manifest: ImageManifest; config: ImageConfig }> {
    const known = this.recentDocuments.get(row.digest);
    if (known) return known;
    const documents = await asProblem('store', async () => {
      const manifest = await this.engine.images.blobs.readJson<ImageManifest>(row.digest as Digest);
      return { manifest, config: await this.engine.images.config(manifest) };
    });
    this.recentDocuments.set(row.digest, documents);
    if (this.recentDocuments.size > RECENT_DOCUMENTS) this.recentDocuments.delete(this.recentDocuments.keys().next().value!);
    return documents;
  }

  /** `docker images`, newest first. */
  async list(teamId: string, query: ImageListQuery): Promise<ImageSummary[]> {
    const matches = query.reference !== undefined ? referenceMatcher(query.reference) : undefined;
    return (await this.repository.listWithUse(teamId))
      .filter((row) => query.dangling === undefined || (row.repoTags.length === 0) === query.dangling)
      .filter((row) => !matches || row.repoTags.some(matches))
      .map((row) => summaryOf(row, row.containers));
  }

  /** `docker image inspect`. */
  async inspect(teamId: string, reference: string): Promise<ImageDetail> {
    const row = await this.find(teamId, reference);
    const [{ manifest, config }, use] = await Promise.all([this.documents(row), this.repository.containersUsing(teamId, row.id)]);
    return detailOf(row, use.count, manifest, config);
  }

  /** `docker history`. */
  async history(teamId: string, reference: string): Promise<ImageHistoryEntry[]> {
    const row = await this.find(teamId, reference);
    const { manifest, config } = await this.documents(row);
    return historyOf(row, manifest, config);
  }

  /** `docker tag`: the name moves to this image, in the catalogue and in the store. */
  async tag(teamId: string, reference: string, target: string): Promise<ImageSummary> {
    const parsed = parseName(target);
    if (parsed.digest) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_REFERENCE', `${target} names a digest; a tag is a name with an optional :tag, like app:1`);
    }
    const name = canonicalName(target);
    const row = await this.find(teamId, reference);
    const tagged = await this.repository.addName(teamId, row.id, name);
    this.names.pin(row.digest);
    await asProblem('store', async () => this.names.point(name, row.digest));
    this.events.record({ teamId, type: 'image', action: 'tag', actorId: row.digest, attributes: { name: familiar(name) } });
    const use = await this.repository.containersUsing(teamId, row.id);
    return summaryOf(tagged, use.count);
  }

  /**
   * `docker rmi`. By name: the name goes; when it was the image's last tag, the image goes
   * too. By id or digest: the image goes with all its names (refused while it has several
   * tags, unless forced). An image a container of the team uses is never removed: without
   * `force` the call is refused (IMAGE_IN_USE); with it, the names go and the image stays
   * in the catalogue untagged until its containers are gone, so nothing a container needs
   * (to run, or to start again) is ever collected. Store content is freed by prune.
   */
  async remove(teamId: string, reference: string, force: boolean): Promise<DeleteImageResponse> {
    const row = await this.find(teamId, reference);
    const byName = this.nameIn(row, reference);
    const tags = row.repoTags.filter(isTagName);
    // Other tags keep the image; a repository digest alone does not (as in Docker).
    const otherTags = tags.filter((tag) => tag !== byName);
    if (byName && otherTags.length > 0) {
      await this.repository.removeNames(row.id, [byName]);
      await this.names.sync([byName]);
      this.record(teamId, row, 'untag', byName);
      return { untagged: [familiar(byName)], deleted: [] };
    }
    if (!byName && tags.length > 1 && !force) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'IMAGE_HAS_MULTIPLE_TAGS',
        `image ${shortId(row.digest)} is tagged ${tags.map(familiar).join(', ')}; remove the tags by name, or pass force=true to remove them all`,
      );
    }
    const use = await this.repository.containersUsing(teamId, row.id);
    if (use.count > 0 && !force) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'IMAGE_IN_USE',
        `image ${byName ? familiar(byName) : shortId(row.digest)} is used by ${use.count} container(s) (${use.names.join(', ')}); ` +
          'remove them first, or pass force=true to untag it (it stays, untagged, while they exist)',
      );
    }
    const untagged = row.repoTags;
    if (use.count > 0) await this.repository.removeNames(row.id, untagged);
    else await this.repository.remove(row.id);
    await this.names.sync(untagged);
    for (const name of untagged.filter(isTagName)) this.record(teamId, row, 'untag', name);
    if (use.count === 0) this.record(teamId, row, 'delete');
    return { untagged: untagged.map(familiar), deleted: use.count === 0 ? [row.digest] : [] };
  }

  private record(teamId: string, row: ImageRow, action: string, name?: string): void {
    this.events.record({ teamId, type: 'image', action, actorId: row.digest, attributes: name ? { name: familiar(name) } : {} });
  }

  /** The catalogue name `reference` spells, when it is one of the row's names (not an id or digest). */
  private nameIn(row: ImageRow, reference: string): string | undefined {
    if (isIdLike(reference.trim())) return undefined;
    try {
      const name = canonicalName(reference);
      return row.repoTags.includes(name) ? name : undefined;
    } catch {
      return undefined;
    }
  }

  private async lookup(teamId: string, reference: string): Promise<ImageRow | null> {
    if (isDigest(reference)) return this.repository.findByDigest(teamId, reference);
    if (isIdLike(reference)) {
      const prefix = reference.replace(/^sha256:/, '');
      const found = await this.repository.findByDigestPrefix(teamId, prefix);
      if (found.length > 1) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'AMBIGUOUS_REFERENCE', `${reference} is the start of several image ids; give more of it`);
      }
      if (found[0]) return found[0];
      // Twelve hex digits can also be a repository name (`docker pull 0123456789ab`).
      if (reference.startsWith('sha256:')) return null;
    }
    const name = canonicalName(reference);
    const byName = await this.repository.findByTag(teamId, name);
    if (byName) return byName;
    // `name@sha256:…` also finds the image by its manifest digest when the team never used that name.
    const at = name.indexOf('@');
    return at >= 0 ? this.repository.findByDigest(teamId, name.slice(at + 1)) : null;
  }
}

/** An image id or a prefix of one: `0123456789ab`, `sha256:0123…`. */
function isIdLike(reference: string): boolean {
  return /^(sha256:)?[0-9a-f]{12,64}$/.test(reference);
}

function shortId(digest: string): string {
  return digest.slice('sha256:'.length, 'sha256:'.length + 12);
}
