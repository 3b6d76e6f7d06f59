import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import { asContainerFileError } from './container-file-errors.js';
import { pathStat, type ContainerPathStat } from './path-stat.js';
import { hostPath, resolveInRoot } from './resolve-in-root.js';

/** A path the caller named in a container, found under the container's root on the host. */
export interface LocatedPath {
  /** As asked, made absolute (`etc` → `/etc`). */
  requested: string;
  /** Resolved inside the container, symlink-free (but a final symlink kept, as Docker does). */
  inner: string;
  host: string;
  /** The first component of every archive entry: the requested base name, `.` for `dir/.`. */
  name: string;
  stat: ContainerPathStat;
}

/**
 * Docker's rule for the source of `docker cp`: the directories are followed inside the
 * container, the last component is not (a symlink is copied as a link), unless the path ends
 * in `/` or `/.`, which asks for what the link points to. 404 PATH_NOT_FOUND when missing.
 */
export async function locatePath(root: string, path: string): Promise<LocatedPath> {
  const requested = posix.join('/', path);
  const followLast = path.endsWith('/') || path.endsWith('/.') || path === '.';
  try {
    const inner = await resolveInRoot(root, requested, followLast);
    const host = hostPath(root, inner);
    const stats = await lstat(host);
    const linkTarget = stats.isSymbolicLink() ? await resolveInRoot(root, requested, true) : '';
    const name = path.endsWith('/.') || path === '.' || requested === '/' ? '.' : posix.basename(requested);
    return { requested, inner, host, name, stat: pathStat(name === '.' ? posix.basename(requested) || '/' : name, stats, linkTarget) };
  } catch (error) {
    throw asContainerFileError(error, path);
  }
}
