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

export type ImageRow = { id: string; teamId: string; digest: string; repoTags: string[]; sizeBytes: bigint; config: unknown; createdAt: Date };

/** The image catalogue: one row per (team, manifest digest), layers shared and reference-counted. */
@Injectable()
export class ImagesRepository {
  constructor(private readonly database: DatabaseService) {}

  findByDigest(teamId: string, digest: string): Promise<ImageRow | null> {
    return this.database.client.image.findUnique({ where: { teamId_digest: { teamId, digest } } });
  }

  findByTag(teamId: string, reference: string): Promise<ImageRow | null> {
    return this.database.client.image.findFirst({ where: { teamId, repoTags: { has: reference } } });
  }

  list(teamId: string): Promise<ImageRow[]> {
    return this.database.client.image.findMany({ where: { teamId }, orderBy: { createdAt: 'desc' } });
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
}
