import { lstatSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { unpackLayer, type UnpackLimits } from '../unpack/unpack-layer.js';
import { ImageError } from '../image-error.js';

/**
 * An image archive (`docker save` or OCI) unpacked into a private temp directory with the
 * same hostile-input rules as a layer, then read only through `file()`, which refuses to
 * follow a symlink out of the directory (old `docker save` archives link duplicate layers).
 */
export class ArchiveDir {
  private constructor(readonly dir: string) {}

  static async unpack(source: Readable, dir: string, limits: UnpackLimits): Promise<ArchiveDir> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await unpackLayer(source, dir, limits);
    return new ArchiveDir(realpathSync(dir));
  }

  /** The real path of an entry, which must be a regular file inside the archive. */
  file(name: string): string {
    let real: string;
    try {
      real = realpathSync(join(this.dir, name));
    } catch {
      throw new ImageError('INVALID_ARCHIVE', `the archive has no ${name}`);
    }
    const inside = relative(this.dir, real);
    if (inside.startsWith('..') || inside === '') throw new ImageError('INVALID_ARCHIVE', `${name} points outside the archive; refused`);
    if (!lstatSync(real).isFile()) throw new ImageError('INVALID_ARCHIVE', `${name} is not a file`);
    return real;
  }

  has(name: string): boolean {
    try {
      this.file(name);
      return true;
    } catch {
      return false;
    }
  }

  json<T>(name: string): T {
    try {
      return JSON.parse(readFileSync(this.file(name), 'utf8')) as T;
    } catch (error) {
      if (error instanceof ImageError) throw error;
      throw new ImageError('INVALID_ARCHIVE', `${name} is not valid JSON: ${(error as Error).message}`);
    }
  }
}
