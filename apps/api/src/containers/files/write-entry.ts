import { closeSync, constants, fchmodSync, fchownSync, futimesSync, openSync, writeSync, type Stats } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, rm, symlink, unlink } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import type { Header } from 'tar-stream';
import { containerFileError } from './container-file-errors.js';
import { components, hostPath, resolveInRoot } from './resolve-in-root.js';

export interface ExtractOptions {
  /** Keep the archive's uid/gid (`docker cp -a`); otherwise files belong to root. */
  copyOwnership: boolean;
  /** Refuse to replace a directory with a non-directory or the other way round. */
  noOverwriteDirNonDir: boolean;
}

/** A tar entry's content as tar-stream hands it out (a streamx stream, iterable in Node). */
export type EntryContent = AsyncIterable<unknown> & { resume(): unknown; destroy(error?: Error): unknown };

/**
 * One entry written under `directory` (container-absolute, already resolved). Its path is
 * resolved inside the root with its own last component kept (never followed), and whatever
 * stood there is replaced, never written through. Returns where a directory was made, so
 * its time can be set last.
 */
export async function writeEntry(
  root: string,
  directory: string,
  header: Header,
  content: EntryContent,
  options: ExtractOptions,
): Promise<{ host: string; directory: boolean } | undefined> {
  const relative = entryPath(header.name);
  if (relative === '' || !['file', 'contiguous-file', 'directory', 'symlink', 'link'].includes(header.type ?? 'file')) {
    if (header.type === 'fifo' || header.type === 'character-device' || header.type === 'block-device') throw containerFileError('ENOTSUP', header.name);
    content.resume();
    return undefined;
  }
  const host = hostPath(root, await resolveInRoot(root, posix.join(directory, relative), false));
  await mkdir(dirname(host), { recursive: true, mode: 0o755 });
  const kept = await makeRoom(host, header, options);
  const mode = (header.mode ?? 0o644) & 0o7777;
  const owner = options.copyOwnership ? { uid: header.uid ?? 0, gid: header.gid ?? 0 } : undefined;
  switch (header.type) {
    case 'directory':
      if (!kept) await mkdir(host, { mode: 0o700 });
      await chmod(host, mode);
      if (owner) await lchown(host, owner.uid, owner.gid);
      content.resume();
      return { host, directory: true };
    case 'symlink':
      await symlink(header.linkname ?? '', host);
      content.resume();
      if (owner) await lchown(host, owner.uid, owner.gid);
      if (header.mtime) await lutimes(host, header.mtime, header.mtime);
      return { host, directory: false };
    case 'link':
      await link(await linkSource(root, directory, header), host);
      content.resume();
      return { host, directory: false };
    default:
      await writeFile(host, content, mode, owner, header.mtime);
      return { host, directory: false };
  }
}

/** An entry's name relative to the target directory; `..` anywhere is refused, as Docker's untar does. */
function entryPath(name: string): string {
  const parts = components(name);
  if (parts.includes('..')) throw containerFileError('EINVAL', `${name} (an entry may not climb out with ..)`);
  return parts.join('/');
}

/** Clears the path for the entry; true when an existing directory is kept for a directory entry. */
async function makeRoom(host: string, header: Header, options: ExtractOptions): Promise<boolean> {
  const existing: Stats | undefined = await lstat(host).catch(() => undefined);
  if (!existing) return false;
  const wantsDirectory = header.type === 'directory';
  if (wantsDirectory && existing.isDirectory()) return true;
  if (wantsDirectory !== existing.isDirectory() && options.noOverwriteDirNonDir) throw containerFileError('EISDIR', header.name);
  if (existing.isDirectory()) await rm(host, { recursive: true });
  else await unlink(host);
  return false;
}

/** A hard link's target: an entry of the same archive, so under the same directory, never a directory. */
async function linkSource(root: string, directory: string, header: Header): Promise<string> {
  const source = hostPath(root, await resolveInRoot(root, posix.join(directory, entryPath(header.linkname ?? '')), false));
  const stats = await lstat(source).catch(() => undefined);
  if (!stats || stats.isDirectory()) throw containerFileError('EINVAL', `${header.name} (a hard link to ${header.linkname ?? ''}, which is not a file here)`);
  return source;
}

/** O_EXCL|O_NOFOLLOW: the path was just cleared, so anything there now is a race, refused. */
async function writeFile(host: string, content: EntryContent, mode: number, owner: { uid: number; gid: number } | undefined, mtime?: Date): Promise<void> {
  const fd = openSync(host, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    for await (const chunk of content) writeAll(fd, chunk as Buffer);
    if (owner) fchownSync(fd, owner.uid, owner.gid);
    fchmodSync(fd, mode);
    if (mtime) futimesSync(fd, mtime, mtime);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  for (let offset = 0; offset < chunk.length;) offset += writeSync(fd, chunk, offset);
}
