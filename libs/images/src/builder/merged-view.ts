import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, lstat, readFile, readlink, rmdir } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImageError } from '../image-error.js';

const run = promisify(execFile);

/**
 * The filesystem a stack of snapshots adds up to, readable on the host: what COPY --from
 * copies out of, and where COPY, WORKDIR and USER look at the image they change. Two or
 * more layers are a read-only overlay mount (the kernel applies whiteouts and opaque dirs,
 * so nothing is re-implemented); overlayfs refuses a single lower dir without an upper, and
 * a single snapshot needs no merging anyway, so it is read directly.
 */
export class MergedView {
  private constructor(
    readonly root: string,
    private readonly mounted: boolean,
    /** Whether root is a directory of ours (never a snapshot, which is only borrowed). */
    private readonly owned: boolean,
  ) {}

  /** `lowerDirs` top-most first, as SnapshotStore.lowerDirs returns them; `scratch` is where an empty stack is viewed. */
  static async open(lowerDirs: readonly string[], scratch: string): Promise<MergedView> {
    if (lowerDirs.length === 1) return new MergedView(lowerDirs[0]!, false, false);
    await mkdir(scratch, { recursive: true });
    const root = await mkdtemp(join(scratch, 'view-'));
    if (lowerDirs.length === 0) return new MergedView(root, false, true);
    try {
      await run('mount', ['-t', 'overlay', 'overlay', '-o', `ro,lowerdir=${lowerDirs.join(':')}`, root]);
    } catch (error) {
      await rmdir(root).catch(() => undefined);
      throw new ImageError('BUILD_FAILED', `mounting the image's layers to read them: ${(error as Error).message.trim()}`, { cause: error });
    }
    return new MergedView(root, true, true);
  }

  async close(): Promise<void> {
    if (this.mounted) await run('umount', [this.root]);
    if (this.owned) await rmdir(this.root);
  }

  /** lstat of a path inside the image, after following symlinks in its parents within the image. */
  async lstat(path: string): Promise<Stats | undefined> {
    const resolved = await resolveInRoot(this.root, path, false);
    const info = await lstat(join(this.root, resolved)).catch(() => undefined);
    // A whiteout read straight from a single snapshot means "not there".
    if (info?.isCharacterDevice() && info.rdev === 0) return undefined;
    return info;
  }

  async readFile(path: string): Promise<string | undefined> {
    const resolved = await resolveInRoot(this.root, path, true);
    return readFile(join(this.root, resolved), 'utf8').catch(() => undefined);
  }
}

/**
 * `path` resolved inside `root` the way the container would see it: symlinks followed, but
 * absolute targets and `..` can never climb above `root` (like a chroot). Returns the
 * resolved path relative to root ('' for root itself).
 */
export async function resolveInRoot(root: string, path: string, followLast: boolean): Promise<string> {
  const pending = path.split('/').filter((part) => part !== '' && part !== '.');
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    resolved.push(part);
    if (pending.length === 0 && !followLast) break;
    const full = join(root, ...resolved);
    const info = await lstat(full).catch(() => undefined);
    if (!info?.isSymbolicLink()) continue;
    if (++hops > 40) throw new ImageError('ELOOP', `too many levels of symbolic links resolving ${path}`);
    const target = await readlink(full);
    resolved.pop();
    if (target.startsWith('/')) resolved.length = 0;
    pending.unshift(...target.split('/').filter((item) => item !== '' && item !== '.'));
  }
  return resolved.join('/');
}
