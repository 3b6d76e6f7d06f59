import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { TarEntry } from '../../images/build-context/tar-writer.js';

/**
 * A local file, link or directory tree as tar entries named from `name` (`name/sub/file`),
 * links kept as links, as `docker cp` sends them. Sockets and devices are left out.
 */
export async function* localTree(path: string, name: string): AsyncGenerator<TarEntry> {
  const stats = await lstat(path);
  const base = { name, mode: stats.mode & 0o7777, mtime: stats.mtime, size: 0 };
  if (stats.isSymbolicLink()) {
    yield { ...base, type: 'symlink', linkname: await readlink(path) };
  } else if (stats.isFile()) {
    yield { ...base, type: 'file', size: stats.size, content: () => createReadStream(path) };
  } else if (stats.isDirectory()) {
    yield { ...base, type: 'directory' };
    for (const child of (await readdir(path)).sort()) yield* localTree(join(path, child), `${name}/${child}`);
  }
}
