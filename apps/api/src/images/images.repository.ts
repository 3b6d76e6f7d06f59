import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

export interface CatalogueImage {
  digest: string;
  repoTags: string[];
  sizeBytes: bigint;
  config: object;
  /** Bottom layer first. */
  layers: { chainId: string; diffId: string; sizeBytes: bigint }[];
}

/**
 * One catalogue row. `repoTags` holds every canonical name the team gave the image: tags
 * (`docker.io/library/busybox:latest`) and repository digests (`…/busybox@sha256:…`, what
 * `docker images --digests` shows); the views tell them apart by the `@`.
 */
export type ImageRow = { id: string; teamId: string; digest: string; repoTags: string[]; sizeBytes: bigint; config: unknown; createdAt: Date };

export type ImageRowWithUse = ImageRow & { containers: number };

/** The image catalogue: one row per (team, manifest digest), layers shared and reference-counted. */
@Injectable()
export class ImagesRepository {
  constructor(private readonly database: DatabaseService) {}

  findByDigest(teamId: string, digest: string): Promise<ImageRow | null> {
    return this.database.client.image.findUnique({ where: { teamId_digest: { teamId, digest } } });
  }

  /** Rows whose digest starts with `sha256:<prefix>`; two at most, which is enough to call a prefix ambiguous. */
  findByDigestPrefix(teamId: string, prefix: string): Promise<ImageRow[]> {
    return this.database.client.image.findMany({ where: { teamId, digest: { startsWith: `sha256:${prefix}` } }, take: 2 });
  }

  findByTag(teamId: string, reference: string): Promise<ImageRow | null> {
    return this.database.client.image.findFirst({ where: { teamId, repoTags: { has: reference } } });
  }

  list(teamId: string): Promise<ImageRow[]> {
    return this.database.client.image.findMany({ where: { teamId }, orderBy: { createdAt: 'desc' } });
  }

  /** The team's images with how many of the team's containers use each. */
  async listWithUse(teamId: string): Promise<ImageRowWithUse[]> {
    const rows = await this.database.client.image.findMany({
      where: { teamId },
      orderBy: { createdAt: 'desc' },
      include: { _count: { select: { containers: { where: { teamId } } } } },
    });
    return rows.map(({ _count, ...row }) => ({ ...row, containers: _count.containers }));
  }

  /** Names of the team's containers that use the image (a few, for the error message) and how many there are. */
  async containersUsing(teamId: string, imageId: string): Promise<{ count: number; names: string[] }> {
    const where = { teamId, imageId };
    const [count, some] = await Promise.all([
      this.database.client.container.count({ where }),
      this.database.client.container.findMany({ where, select: { name: true }, orderBy: { createdAt: 'asc' }, take: 5 }),
    ]);
    return { count, names: some.map((container) => container.name) };
  }

  /** Rows of any team that carry this name: a store name is kept while one does. */
  holdersOfName(name: string): Promise<{ digest: string }[]> {
    return this.database.client.image.findMany({ where: { repoTags: { has: name } }, select: { digest: true }, orderBy: { createdAt: 'desc' } });
  }

  /** Every manifest digest some team has catalogued: what garbage collection must keep. */
  async cataloguedDigests(): Promise<Set<string>> {
    const rows = await this.database.client.image.findMany({ select: { digest: true }, distinct: ['digest'] });
    return new Set(rows.map((row) => row.digest));
  }

  /** Whether any team has catalogued the digest. */
  async isCatalogued(digest: string): Promise<boolean> {
    return (await this.database.client.image.count({ where: { digest } })) > 0;
  }

  /** Chain IDs of the layers of every image (of any team) some container was created from. */
  async chainIdsUsedByContainers(): Promise<string[]> {
    const rows = await this.database.client.imageLayer.findMany({
      where: { image: { containers: { some: {} } } },
      select: { chainId: true },
      distinct: ['chainId'],
    });
    return rows.map((row) => row.chainId);
  }

  /** The team's images without a name that no container uses: what `image prune` removes. */
  danglingUnused(teamId: string): Promise<ImageRow[]> {
    return this.database.client.image.findMany({ where: { teamId, repoTags: { isEmpty: true }, containers: { none: {} } } });
  }

  /**
   * Adds the image to the team's catalogue, or gives the existing row these tags too; a tag
   * moves here from any other image of the team, as `docker tag` moves it. New rows count
   * their layers up, in the same transaction.
   */
  async upsert(teamId: string, image: CatalogueImage): Promise<ImageRow> {
    return this.database.client.$transaction(async (tx) => {
      for (const tag of image.repoTags) {
        const holders = await tx.image.findMany({ where: { teamId, repoTags: { has: tag }, NOT: { digest: image.digest } } });
        for (const holder of holders) await tx.image.update({ where: { id: holder.id }, data: { repoTags: holder.repoTags.filter((t) => t !== tag) } });
      }
      const existing = await tx.image.findUnique({ where: { teamId_digest: { teamId, digest: image.digest } } });
      if (existing) {
        const repoTags = [...new Set([...existing.repoTags, ...image.repoTags])];
        return tx.image.update({ where: { id: existing.id }, data: { repoTags } });
      }
      const row = await tx.image.create({ data: { teamId, digest: image.digest, repoTags: image.repoTags, sizeBytes: image.sizeBytes, config: image.config } });
      for (const [position, layer] of image.layers.entries()) {
        await tx.layer.upsert({
          where: { chainId: layer.chainId },
          create: { chainId: layer.chainId, diffId: layer.diffId, sizeBytes: layer.sizeBytes, refCount: 1 },
          update: { refCount: { increment: 1 } },
        });
        await tx.imageLayer.create({ data: { imageId: row.id, position, chainId: layer.chainId } });
      }
      return row;
    });
  }

  /** Gives the image a name, taking it from any other image of the team (`docker tag`). */
  async addName(teamId: string, imageId: string, name: string): Promise<ImageRow> {
    return this.database.client.$transaction(async (tx) => {
      const holders = await tx.image.findMany({ where: { teamId, repoTags: { has: name }, NOT: { id: imageId } } });
      for (const holder of holders) await tx.image.update({ where: { id: holder.id }, data: { repoTags: holder.repoTags.filter((t) => t !== name) } });
      const row = await tx.image.findUniqueOrThrow({ where: { id: imageId } });
      if (row.repoTags.includes(name)) return row;
      return tx.image.update({ where: { id: imageId }, data: { repoTags: [...row.repoTags, name] } });
    });
  }

  /** Takes names off the image; the row stays (dangling when none are left). */
  async removeNames(imageId: string, names: string[]): Promise<ImageRow> {
    return this.database.client.$transaction(async (tx) => {
      const row = await tx.image.findUniqueOrThrow({ where: { id: imageId } });
      return tx.image.update({ where: { id: imageId }, data: { repoTags: row.repoTags.filter((name) => !names.includes(name)) } });
    });
  }

  /** Removes the row and counts its layers down; returns the chain IDs no image uses any more. */
  async remove(imageId: string): Promise<string[]> {
    return this.database.client.$transaction(async (tx) => {
      const layers = await tx.imageLayer.findMany({ where: { imageId } });
      await tx.image.delete({ where: { id: imageId } });
      const unused: string[] = [];
      for (const { chainId } of layers) {
        const layer = await tx.layer.update({ where: { chainId }, data: { refCount: { decrement: 1 } } });
        if (layer.refCount <= 0) unused.push(chainId);
      }
      return unused;
    });
  }

  /** Forgets layers no image counts any more (their snapshots were just collected). */
  async deleteUnusedLayers(): Promise<number> {
    const { count } = await this.database.client.layer.deleteMany({ where: { refCount: { lte: 0 }, images: { none: {} } } });
    return count;
  }
}
