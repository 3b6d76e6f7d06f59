import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, type FileHandle } from 'node:fs/promises';
import { ImageError } from '../image-error.js';

/**
 * A directory held open, whose entries are reached only through it: the host-side reader of
 * content a container may be changing while we read (CVE-2018-15664). A path like
 * `upper/a/b` is never walked by name again once `a` was opened, so swapping `a` for a
 * symlink to `/` changes nothing we read; no last component is followed (O_NOFOLLOW); a file
 * must still be the inode lstat saw when it is opened, so a device or FIFO put in its place
 * is never read. Entries are named through `/proc/self/fd/N/<name>`, which resolves like
 * openat(2) on the held descriptor (Node has no openat).
 */
export class NoFollowDir {
  private constructor(
    private readonly handle: FileHandle,
    /** For messages: the path the directory had when it was reached. */
    readonly label: string,
  ) {}

  /** Opens `path` (whose parents are trusted: the caller's own directories) without following its last component. */
  static async open(path: string, label = path): Promise<NoFollowDir> {
    return new NoFollowDir(await openDirectory(path, label), label);
  }

  private entry(name: string): string {
    if (name === '' || name === '.' || name === '..' || name.includes('/')) throw new ImageError('EINVAL', `"${name}" is not a directory entry name`);
    return `/proc/self/fd/${this.handle.fd}/${name}`;
  }

  async names(): Promise<string[]> {
    return (await readdir(`/proc/self/fd/${this.handle.fd}`)).sort();
  }

  /** Undefined when the entry went away since it was listed (the container removed it). */
  async lstat(name: string): Promise<Stats | undefined> {
    try {
      return await lstat(this.entry(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async readlink(name: string): Promise<string> {
    try {
      return await readlink(this.entry(name));
    } catch (error) {
      throw changed(`${this.label}/${name}`, error);
    }
  }

  /** The subdirectory `name`; refused when it is (now) a symlink or anything but a directory. */
  async dir(name: string): Promise<NoFollowDir> {
    const label = `${this.label}/${name}`;
    return new NoFollowDir(await openDirectory(this.entry(name), label), label);
  }

  /**
   * The regular file `name`, which must be the very file `expected` describes (same device and
   * inode): anything swapped in since the lstat is refused rather than read.
   */
  async file(name: string, expected: Stats): Promise<FileHandle> {
    const label = `${this.label}/${name}`;
    // O_NONBLOCK: opening a FIFO swapped in must not hang; it is refused below anyway.
    const handle = await open(this.entry(name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: unknown) => {
      throw changed(label, error);
    });
    const info = await handle.stat();
    if (!info.isFile() || info.dev !== expected.dev || info.ino !== expected.ino) {
      await handle.close();
      throw changed(label);
    }
    return handle;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

async function openDirectory(path: string, label: string): Promise<FileHandle> {
  try {
    return await open(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    throw changed(label, error);
  }
}

function changed(label: string, cause?: unknown): ImageError {
  const why = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new ImageError(
    'CONTENT_CHANGED',
    `${label} changed while it was being read${why ? ` (${why})` : ''} (a symlink or another file took its place); nothing outside it was read: pause the container and try again`,
    cause === undefined ? undefined : { cause },
  );
}
