import { execFile } from 'node:child_process';
import { constants, type Stats } from 'node:fs';
import { open, readlink, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { pack, type Header, type Pack } from 'tar-stream';
import type { Digest } from '../reference/digest.js';
import { NoFollowDir } from '../fs/no-follow-dir.js';
import type { BlobStore } from '../store/blob-store.js';
import { ImageError } from '../image-error.js';

const run = promisify(execFile);

/** A tar header as the builder writes it: what tar-stream needs, the rest defaulted. */
export type EntryHeader = Partial<Header> & { name: string };

/** A file entry's bytes: a path (opened without following a symlink) or a file already opened safely. */
export type EntryContent = string | FileHandle;

export type AddEntry = (header: EntryHeader, file?: EntryContent) => Promise<void>;

/**
 * Streams a tar into the blob store while `fill` adds entries. The layer is stored
 * uncompressed, so its blob digest is its diff ID and no second pass is needed.
 */
export async function putTar(blobs: BlobStore, fill: (add: AddEntry) => Promise<void>): Promise<{ digest: Digest; size: number }> {
  const archive: Pack = pack();
  const putting = blobs.put(archive as unknown as Readable);
  // If storing fails, the entries below fail too; the store's error is the one to report.
  putting.catch(() => undefined);
  const add: AddEntry = async (entry, file) => {
    // Directories end in `/` as in Docker's and the seed's layers.
    const header = { ...entry, name: entry.type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name } as Header;
    if (file === undefined || !header.size) {
      // An empty buffer, not none: without one tar-stream waits for a file entry's bytes to be written.
      await new Promise<void>((resolve, reject) => archive.entry(header, Buffer.alloc(0), (error) => (error ? reject(error) : resolve())));
      return;
    }
    const handle = typeof file === 'string' ? await openRegular(file) : file;
    try {
      // Exactly the header's size: a file that grew meanwhile cannot add bytes, one that shrank fails the entry.
      await pipeline(handle.createReadStream({ start: 0, end: header.size - 1, autoClose: false }), archive.entry(header));
    } finally {
      if (typeof file === 'string') await handle.close();
    }
  };
  try {
    await fill(add);
    archive.finalize();
  } catch (error) {
    archive.destroy(error as Error);
    await putting.catch(() => undefined);
    throw error;
  }
  return putting;
}

/** A regular file opened without following a symlink at its last component; anything else is refused. */
async function openRegular(path: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new ImageError('BUILD_FAILED', `${path} is no longer a regular file; refused`);
  }
  return handle;
}

/** A tar header for a file, directory or symlink on disk (`name` as it goes in the layer). */
export async function headerFor(name: string, path: string, info: Stats): Promise<EntryHeader | undefined> {
  return headerOf(name, info, info.isSymbolicLink() ? await readlink(path) : undefined);
}

function headerOf(name: string, info: Stats, linkname: string | undefined): EntryHeader | undefined {
  const base = { name, mode: info.mode & 0o7777, uid: info.uid, gid: info.gid, mtime: info.mtime };
  if (info.isFile()) return { ...base, type: 'file', size: info.size };
  if (info.isDirectory()) return { ...base, type: 'directory' };
  if (info.isSymbolicLink()) return { ...base, type: 'symlink', linkname };
  if (info.isFIFO()) return { ...base, type: 'fifo' };
  // Sockets cannot be archived; devices have no place in a built layer.
  return undefined;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

/**
 * A container's overlay upper dir as an OCI layer: everything in it is a change to the
 * layers below. overlayfs records a deletion as a 0:0 character device (→ `.wh.<name>`) and
 * a directory that replaced a lower one wholesale with trusted.overlay.opaque=y
 * (→ `.wh..wh..opq` inside it). Hard links within the upper dir stay hard links.
 *
 * The container may still be running (commit without pause) and is hostile: every directory
 * is read through a held descriptor and every file opened no-follow and checked to be the
 * inode seen (NoFollowDir), so a directory swapped for a symlink to `/` mid-walk fails the
 * commit instead of putting host files in the image.
 */
export async function upperToLayer(blobs: BlobStore, upper: string): Promise<{ digest: Digest; size: number }> {
  const opaque = await opaqueDirs(upper);
  const linked = new Map<string, string>();
  const top = await NoFollowDir.open(upper);
  try {
    return await putTar(blobs, async (add) => {
      const walk = async (dir: NoFollowDir, relative: string): Promise<void> => {
        for (const name of await dir.names()) {
          const rel = relative ? `${relative}/${name}` : name;
          const info = await dir.lstat(name);
          if (!info) continue;
          if (info.isCharacterDevice() && info.rdev === 0) {
            await add({
              name: relative ? `${relative}/${WHITEOUT_PREFIX}${name}` : `${WHITEOUT_PREFIX}${name}`,
              type: 'file',
              size: 0,
              mode: 0o644,
              mtime: info.mtime,
            });
            continue;
          }
          if (info.isFile() && info.nlink > 1) {
            const key = `${info.dev}:${info.ino}`;
            const first = linked.get(key);
            if (first) {
              await add({ name: rel, type: 'link', linkname: first, mode: info.mode & 0o7777, uid: info.uid, gid: info.gid, mtime: info.mtime });
              continue;
            }
            linked.set(key, rel);
          }
          const header = headerOf(rel, info, info.isSymbolicLink() ? await dir.readlink(name) : undefined);
          if (!header) continue;
          if (header.type === 'file') {
            const file = await dir.file(name, info);
            try {
              await add(header, file);
            } finally {
              await file.close();
            }
          } else {
            await add(header);
          }
          if (info.isDirectory()) {
            if (opaque.has(rel)) await add({ name: `${rel}/${OPAQUE_MARKER}`, type: 'file', size: 0, mode: 0o644, mtime: info.mtime });
            const child = await dir.dir(name);
            try {
              await walk(child, rel);
            } finally {
              await child.close();
            }
          }
        }
      };
      await walk(top, '');
    });
  } finally {
    await top.close();
  }
}

/** Directories of `upper` (relative paths) marked opaque, found with one getfattr run. */
async function opaqueDirs(upper: string): Promise<Set<string>> {
  let output: string;
  try {
    ({ stdout: output } = await run('getfattr', ['-R', '-P', '--absolute-names', '-d', '-m', '^trusted\\.overlay\\.opaque$', upper], {
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    // A running container removed files while getfattr walked: what it did read stands (the
    // walk itself reads through NoFollowDir; this only marks directories it visits).
    const failed = error as { stdout?: string; stderr?: string };
    const lines = (failed.stderr ?? '').trim().split('\n');
    if (failed.stdout !== undefined && lines.every((line) => line.endsWith('No such file or directory'))) return parseOpaque(failed.stdout, upper);
    throw new ImageError('BUILD_FAILED', `reading overlay opaque markers (needs getfattr from the attr package): ${(error as Error).message.trim()}`, {
      cause: error,
    });
  }
  return parseOpaque(output, upper);
}

function parseOpaque(output: string, upper: string): Set<string> {
  const found = new Set<string>();
  let file: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('# file: ')) file = unescapeGetfattr(line.slice('# file: '.length));
    else if (file !== undefined && line === 'trusted.overlay.opaque="y"' && file.startsWith(`${upper}/`)) found.add(file.slice(upper.length + 1));
  }
  return found;
}

/** getfattr prints unusual bytes of names as `\ooo` octal escapes. */
function unescapeGetfattr(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const octal = /^\\([0-7]{3})/.exec(text.slice(i, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[1]!, 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
