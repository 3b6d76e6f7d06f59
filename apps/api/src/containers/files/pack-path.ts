import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack, type Pack } from 'tar-stream';

type EntryHeader = Parameters<Pack['entry']>[0];

/**
 * A tar of one path in a container (a file, a link, or a directory and all below it),
 * its entries named from `name` as `docker cp` expects. The walk starts at a path already
 * resolved inside the container and never follows a link: each entry is lstat'ed and links
 * are stored as links; files are opened with O_NOFOLLOW so a link swapped in meanwhile is
 * refused rather than followed. Sockets cannot be in a tar and are left out, as tar does.
 */
export function packPath(host: string, name: string): Pack {
  const archive = pack();
  addTree(archive, host, name)
    .then(() => archive.finalize())
    .catch((error: Error) => archive.destroy(error));
  return archive;
}

async function addTree(archive: Pack, host: string, name: string): Promise<void> {
  const stats = await lstat(host);
  await addEntry(archive, host, name, stats);
  if (!stats.isDirectory()) return;
  const children = (await readdir(host)).sort();
  for (const child of children) await addTree(archive, join(host, child), `${name}/${child}`);
}

async function addEntry(archive: Pack, host: string, name: string, stats: Stats): Promise<void> {
  const header = await headerOf(host, name, stats);
  if (!header) return;
  if (header.type !== 'file') {
    await new Promise<void>((resolve, reject) => archive.entry(header, (error) => (error ? reject(error) : resolve())));
    return;
  }
  const entry = archive.entry(header);
  const file = await open(host, constants.O_RDONLY | constants.O_NOFOLLOW);
  await pipeline(file.createReadStream(), entry);
}

async function headerOf(host: string, name: string, stats: Stats): Promise<EntryHeader | undefined> {
  const common = { name, mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid, mtime: stats.mtime };
  if (stats.isFile()) return { ...common, type: 'file', size: stats.size };
  if (stats.isDirectory()) return { ...common, type: 'directory' };
  if (stats.isSymbolicLink()) return { ...common, type: 'symlink', linkname: await readlink(host) };
  if (stats.isFIFO()) return { ...common, type: 'fifo' };
  const device = { devmajor: major(stats.rdev), devminor: minor(stats.rdev) };
  if (stats.isCharacterDevice()) return { ...common, ...device, type: 'character-device' };
  if (stats.isBlockDevice()) return { ...common, ...device, type: 'block-device' };
  return undefined;
}

/** glibc's gnu_dev_major/minor on a 32-bit-safe rdev. */
function major(rdev: number): number {
  return Math.floor(rdev / 256) & 0xfff;
}

function minor(rdev: number): number {
  return (rdev & 0xff) | ((Math.floor(rdev / 4096) & 0xfff00) >>> 0);
}
