import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DirSize {
  bytes: number;
  files: number;
  /** The walk stopped at a bound; `bytes` is a lower bound. */
  truncated: boolean;
}

export interface DirSizeLimits {
  /** Entries looked at before giving up (a volume can hold millions of files). */
  maxEntries: number;
  maxDepth: number;
}

export const DEFAULT_DIR_SIZE_LIMITS: DirSizeLimits = { maxEntries: 500_000, maxDepth: 64 };

/**
 * Bytes of the regular files below `root`, as `du --apparent-size` counts them. The walk
 * never follows symbolic links and never leaves root's file system (a container may have
 * mounted something into a volume or its writable layer); hard links count once. It is
 * bounded in entries and depth, and asynchronous, so a huge tree neither stalls the API
 * nor runs forever. A missing root is empty; entries that vanish mid-walk are skipped.
 */
export async function directorySize(root: string, limits: DirSizeLimits = DEFAULT_DIR_SIZE_LIMITS): Promise<DirSize> {
  const top = await lstat(root).catch(() => undefined);
  if (!top?.isDirectory()) return { bytes: top?.isFile() ? top.size : 0, files: top?.isFile() ? 1 : 0, truncated: false };
  const seenInodes = new Set<number>();
  const result: DirSize = { bytes: 0, files: 0, truncated: false };
  const pending: { path: string; depth: number }[] = [{ path: root, depth: 0 }];
  let entries = 0;
  while (pending.length > 0) {
    const { path, depth } = pending.pop()!;
    const dir = await opendir(path).catch(() => undefined);
    if (!dir) continue;
    for await (const entry of dir) {
      if (++entries > limits.maxEntries) {
        result.truncated = true;
        return result; // leaving the loop closes the directory handle
      }
      const child = join(path, entry.name);
      const stats = await lstat(child).catch(() => undefined);
      if (!stats || stats.dev !== top.dev) continue;
      if (stats.isDirectory()) {
        if (depth + 1 >= limits.maxDepth) result.truncated = true;
        else pending.push({ path: child, depth: depth + 1 });
      } else if (stats.isFile()) {
        if (stats.nlink > 1) {
          if (seenInodes.has(stats.ino)) continue;
          seenInodes.add(stats.ino);
        }
        result.bytes += stats.size;
        result.files += 1;
      }
    }
  }
  return result;
}
