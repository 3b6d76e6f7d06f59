import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Digest } from '../reference/digest.js';
import { chainIds } from '../unpack/chain-id.js';
import { DEFAULT_UNPACK_LIMITS, unpackLayer, type UnpackLimits } from '../unpack/unpack-layer.js';
import type { BlobStore } from './blob-store.js';
import type { ImageConfig, ImageManifest } from './oci-types.js';
import { ImageError } from '../image-error.js';

/**
 * Unpacked layers, one read-only directory per chain ID (`snapshots/<hex>`), shared by every
 * image and container whose stack starts the same way. A layer is unpacked into a temp
 * directory and renamed into place only when it unpacked cleanly and its uncompressed
 * digest is the diff ID the image config promises.
 */
export class SnapshotStore {
  constructor(
    private readonly root: string,
    private readonly blobs: BlobStore,
    private readonly limits: UnpackLimits = DEFAULT_UNPACK_LIMITS,
  ) {
    mkdirSync(join(root, 'snapshots'), { recursive: true, mode: 0o711 });
  }

  path(chainId: Digest): string {
    return join(this.root, 'snapshots', chainId.slice('sha256:'.length));
  }

  /** The image's layers as overlay lower dirs, top-most first, unpacking what is missing. */
  async lowerDirs(manifest: ImageManifest, config: ImageConfig): Promise<string[]> {
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== manifest.layers.length) {
      throw new ImageError('INVALID_IMAGE', `the image config lists ${diffIds.length} diff IDs for ${manifest.layers.length} layers`);
    }
    const chain = chainIds(diffIds);
    for (const [index, layer] of manifest.layers.entries()) {
      if (!existsSync(this.path(chain[index]!))) await this.unpack(layer.digest, diffIds[index]!, chain[index]!);
    }
    return chain.map((id) => this.path(id)).reverse();
  }

  private async unpack(blob: Digest, diffId: Digest, chainId: Digest): Promise<void> {
    (await this.stage(this.blobs.open(blob), diffId, chainId, `layer ${blob}`)).commit();
  }

  /**
   * Unpacks one layer from `source` into a private directory with every check `lowerDirs`
   * applies (paths, links, devices, sizes, and the diff ID), without touching the store:
   * `commit()` renames it into place, `discard()` removes it. What `load` uses to refuse a bad
   * layer before anything of its image is stored.
   */
  async stage(source: Readable, diffId: Digest, chainId: Digest, what = `layer ${diffId}`): Promise<StagedSnapshot> {
    const tmp = join(this.root, 'tmp', `snapshot-${randomBytes(8).toString('hex')}`);
    mkdirSync(tmp, { mode: 0o755 });
    try {
      const report = await unpackLayer(source, tmp, this.limits);
      if (report.diffId !== diffId) {
        throw new ImageError('DIGEST_MISMATCH', `${what} unpacks to ${report.diffId}, but the image config says ${diffId}; refused`);
      }
      chmodSync(tmp, 0o755);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
    return {
      commit: () => {
        if (!existsSync(this.path(chainId))) renameSync(tmp, this.path(chainId));
        rmSync(tmp, { recursive: true, force: true });
      },
      discard: () => rmSync(tmp, { recursive: true, force: true }),
    };
  }
}

/** A layer unpacked and checked, not yet in the store. */
export interface StagedSnapshot {
  commit(): void;
  discard(): void;
}
