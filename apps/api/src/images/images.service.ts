import { HttpStatus, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { chainIds, formatImageReference, isDigest, parseImageReference, type ImageConfig, type StoredImage } from '@berth/images';
import { EngineService } from '../engine/engine.service.js';
import { ProblemException } from '../http/problem.js';
import { DefaultTeamService } from '../teams/default-team.service.js';
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
 * content, the catalogue which team has which image under which tags.
 */
@Injectable()
export class ImagesService implements OnApplicationBootstrap {
  constructor(
    private readonly engine: EngineService,
    private readonly repository: ImagesRepository,
    private readonly defaultTeam: DefaultTeamService,
  ) {}

  /** Images already in the store (seeded, or from before the catalogue existed) belong to the default team. */
  async onApplicationBootstrap(): Promise<void> {
    const team = await this.defaultTeam.ensure();
    for (const stored of this.engine.images.list()) await this.catalogue(team.id, stored);
  }

  /** Records a stored image (after pull, load, build, commit, tag) in the team's catalogue. */
  async catalogue(teamId: string, stored: StoredImage): Promise<ImageRow> {
    const manifest = await this.engine.images.manifest(stored);
    const config = await this.engine.images.config(manifest);
    const chain = chainIds(config.rootfs.diff_ids);
    return this.repository.upsert(teamId, {
      digest: stored.manifest.digest,
      repoTags: [stored.reference],
      sizeBytes: BigInt(manifest.layers.reduce((sum, layer) => sum + layer.size, stored.manifest.size + manifest.config.size)),
      config: config as unknown as object,
      layers: manifest.layers.map((layer, index) => ({ chainId: chain[index]!, diffId: config.rootfs.diff_ids[index]!, sizeBytes: BigInt(layer.size) })),
    });
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
    const stored = this.storedByDigest(row.digest);
    const manifest = await this.engine.images.manifest(stored);
    const config = await this.engine.images.config(manifest);
    const lowerDirs = await this.engine.images.snapshots.lowerDirs(manifest, config);
    return { id: row.id, digest: row.digest, reference: row.repoTags[0] ?? row.digest, config, lowerDirs };
  }

  private async lookup(teamId: string, reference: string): Promise<ImageRow | null> {
    if (isDigest(reference)) return this.repository.findByDigest(teamId, reference);
    if (/^[0-9a-f]{12,64}$/.test(reference)) {
      const byId = (await this.repository.list(teamId)).find((image) => image.digest.slice('sha256:'.length).startsWith(reference));
      if (byId) return byId;
    }
    let canonical: string;
    try {
      canonical = formatImageReference(parseImageReference(reference));
    } catch (error) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_REFERENCE', `${reference} is not a valid image reference: ${(error as Error).message}`);
    }
    const at = canonical.indexOf('@');
    if (at >= 0) return this.repository.findByDigest(teamId, canonical.slice(at + 1));
    return this.repository.findByTag(teamId, canonical);
  }

  /** The store entry of a manifest digest (any of its names will do: they share the content). */
  storedByDigest(digest: string): StoredImage {
    const stored = this.engine.images.list().find((image) => image.manifest.digest === digest);
    if (stored) return stored;
    // Catalogued but untagged in the store: address the manifest by digest.
    return { reference: digest, manifest: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest as `sha256:${string}`, size: 0 } };
  }
}
