import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isDigest, type Digest } from '../reference/digest.js';
import { ImageError } from '../image-error.js';

/**
 * Content-addressed blobs as the OCI image layout keeps them: `blobs/sha256/<hex>`. A blob is
 * hashed while it is written to a temp file and only renamed into place when its digest is
 * the one it claims, so nothing unverified is ever found under a digest.
 */
export class BlobStore {
  constructor(readonly root: string) {
    mkdirSync(join(root, 'blobs', 'sha256'), { recursive: true });
    mkdirSync(join(root, 'tmp'), { recursive: true });
  }

  path(digest: Digest): string {
    if (!isDigest(digest)) throw new ImageError('INVALID_DIGEST', `"${digest}" is not a sha256 digest`);
    return join(this.root, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  has(digest: Digest): boolean {
    return existsSync(this.path(digest));
  }

  size(digest: Digest): number {
    return statSync(this.path(digest)).size;
  }

  open(digest: Digest): Readable {
    if (!this.has(digest)) throw new ImageError('BLOB_NOT_FOUND', `blob ${digest} is not in the store`);
    return createReadStream(this.path(digest));
  }

  async readJson<T>(digest: Digest): Promise<T> {
    if (!this.has(digest)) throw new ImageError('BLOB_NOT_FOUND', `blob ${digest} is not in the store`);
    return JSON.parse(await readFile(this.path(digest), 'utf8')) as T;
  }

  /** Stores bytes; with `expected`, refuses them (DIGEST_MISMATCH) unless they hash to it. */
  async put(source: Readable | Buffer | string, expected?: Digest): Promise<{ digest: Digest; size: number }> {
    const tmp = join(this.root, 'tmp', `blob-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      const input = typeof source === 'string' || Buffer.isBuffer(source) ? Readable.from([Buffer.from(source)]) : source;
      await pipeline(input, hashing, createWriteStream(tmp, { mode: 0o644 }));
      const digest = `sha256:${hash.digest('hex')}` as Digest;
      if (expected && digest !== expected) {
        throw new ImageError('DIGEST_MISMATCH', `content claimed to be ${expected} hashes to ${digest}; refused`);
      }
      if (!this.has(digest)) renameSync(tmp, this.path(digest));
      return { digest, size };
    } finally {
      rmSync(tmp, { force: true });
    }
  }
}
