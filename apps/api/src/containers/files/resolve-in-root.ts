import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { containerFileError } from './container-file-errors.js';

/** As the kernel's MAXSYMLINKS: more links in one path is a loop. */
const MAX_LINKS = 40;

/**
 * A path inside a container's root as the container itself would see it, with every symlink
 * on the way read and followed *within* the root: an absolute target starts again at the
 * root, `..` stops at the root. The host never follows a link the container planted, so no
 * `ln -s / escape` or `../../..` leads out. The answer is a container-absolute path with no
 * symlink in it (as filepath-securejoin does for runc and Docker); `followLast: false` keeps a
 * final symlink itself, as `docker cp` does for the source and for each extracted entry.
 * Missing components are kept as written: the caller's own call then fails with ENOENT.
 */
export async function resolveInRoot(root: string, path: string, followLast: boolean): Promise<string> {
  let pending = components(path);
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    if (pending.length === 0 && !followLast) {
      done.push(part);
      break;
    }
    const host = hostPath(root, `/${[...done, part].join('/')}`);
    if (!(await isSymlink(host))) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) throw containerFileError('ELOOP', path);
    const target = await readlink(host);
    if (target.startsWith('/')) done.length = 0;
    pending = [...components(target), ...pending];
  }
  return `/${done.join('/')}`;
}

/**
 * A resolved container path on the host, under the root. The root itself keeps its trailing
 * slash (`join` does): `/proc/<pid>/root` is a (magic) link, which lstat would report as one.
 */
export function hostPath(root: string, inner: string): string {
  return join(root, inner);
}

/** `a//b/./c/` → `[a, b, c]`; `..` stays for the walk to apply. */
export function components(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

async function isSymlink(host: string): Promise<boolean> {
  try {
    return (await lstat(host)).isSymbolicLink();
  } catch (error) {
    // Missing or below a non-directory: nothing to follow; the real call reports it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}
