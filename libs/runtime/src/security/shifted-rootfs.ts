import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { chmod, lchown } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import type { RemapRange } from './subordinate-ids.js';

/**
 * A copy of a root filesystem with every owner shifted into a remap range (uid u becomes
 * range.uid + u), so that inside the container's user namespace the files show their
 * original owners: root's files belong to container root, not to `nobody`.
 *
 * This is the fallback for kernels/filesystems without idmapped mounts. The copy is made
 * once per (source directory, range) and shared: containers put a per-container overlay
 * upper dir on top, so nobody writes to it. Images are treated as immutable — a source
 * changed after its first remapped use is not noticed (delete the cache entry).
 */
export async function shiftedRootfs(source: string, range: RemapRange, cacheDir: string): Promise<string> {
  const real = realpathSync(source);
  const key = `${createHash('sha256').update(real).digest('hex').slice(0, 24)}-${range.uid}-${range.gid}`;
  const target = join(cacheDir, key);
  // The rename below is the commit point: a directory under the final name is complete.
  if (existsSync(target)) return target;

  // 0711: the remapped root must traverse the cache to reach its lower dir, but not list it.
  mkdirSync(cacheDir, { recursive: true, mode: 0o711 });
  const staging = join(cacheDir, `.${key}.${process.pid}.${randomBytes(3).toString('hex')}`);
  try {
    // cp -a keeps what a plain file copy loses: device nodes, hard links, xattrs, times.
    await promisify(execFile)('cp', ['-a', '--reflink=auto', `${real}/.`, `${staging}/`], { maxBuffer: 1 << 20 }).catch((error: Error) => {
      throw new RuntimeError('EIO', `copying ${real} for user-namespace remapping: ${error.message}`, { cause: error });
    });
    await shiftTree(staging, range);
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process finished the same copy first: use theirs.
      if (errnoOf(error) !== 'ENOTEMPTY' && errnoOf(error) !== 'EEXIST') throw error;
    }
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function shiftTree(root: string, range: RemapRange): Promise<void> {
  const pending = [root];
  // cp -a keeps hard links: an inode reached under two names must be shifted only once.
  const seen = new Set<number>();
  while (pending.length > 0) {
    const dir = pending.pop()!;
    await shiftOne(dir, range, seen);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else await shiftOne(path, range, seen);
    }
  }
}

async function shiftOne(path: string, range: RemapRange, seen: Set<number>): Promise<void> {
  const info = lstatSync(path);
  if (info.nlink > 1 && !info.isDirectory()) {
    if (seen.has(info.ino)) return;
    seen.add(info.ino);
  }
  if (info.uid >= range.size || info.gid >= range.size) {
    throw new RuntimeError('EOVERFLOW', `${path} is owned by ${info.uid}:${info.gid}, outside the ${range.size} ids a remapped container has`);
  }
  // lchown: a symlink is shifted itself, never the file it points to (which could be on the host).
  await lchown(path, range.uid + info.uid, range.gid + info.gid);
  // chown clears set-uid/set-gid bits; put the mode back (a symlink has none to restore).
  if (!info.isSymbolicLink() && info.mode & 0o6000) await chmod(path, info.mode & 0o7777);
}
