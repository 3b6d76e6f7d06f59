import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Digest } from '../reference/digest.js';
import type { BlobStore } from '../store/blob-store.js';

export interface CachedLayer {
  diffId: Digest;
  size: number;
  createdBy: string;
}

/**
 * The builder's layer cache: a step's key (see cacheKey) → the layer it produced. Entries
 * are small files beside the image layout (`<store>/build-cache/<hex>.json`); the layer
 * itself is an ordinary blob, so an entry whose blob was pruned is simply a miss.
 */
export class BuildCache {
  private readonly dir: string;

  constructor(
    storeRoot: string,
    private readonly blobs: BlobStore,
  ) {
    this.dir = join(storeRoot, 'build-cache');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  get(key: string): CachedLayer | undefined {
    let entry: CachedLayer;
    try {
      entry = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as CachedLayer;
    } catch {
      return undefined;
    }
    return this.blobs.has(entry.diffId) ? entry : undefined;
  }

  set(key: string, entry: CachedLayer): void {
    const tmp = join(this.dir, `.${key}-${randomBytes(4).toString('hex')}`);
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, join(this.dir, `${key}.json`));
  }
}

/**
 * What a step's result depends on: the key of the step before (which covers the base image
 * and every earlier instruction, metadata ones included, since ENV, ARG, USER and WORKDIR
 * change what RUN does), the layer stack it runs on, the instruction after substitution,
 * and its inputs (the content hash of COPY sources).
 */
export function cacheKey(parent: string, chainId: string, instruction: unknown, inputs = ''): string {
  return createHash('sha256')
    .update(JSON.stringify([parent, chainId, instruction, inputs]))
    .digest('hex');
}
