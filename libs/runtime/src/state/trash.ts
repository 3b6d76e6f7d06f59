import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';

/** Under the state root, so a rename into it is atomic (same file system). */
export const TRASH_DIR = '.trash';

/**
 * Directories on their way out. A container's directory is renamed in here at once — its id is
 * free again the moment delete returns — and its files (the writable layer can hold many) are
 * removed without blocking the event loop; whatever a crash leaves here is removed by the next
 * runtime on this root. `settled()` waits for the removals in flight.
 */
export class Trash {
  private readonly dir: string;
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: unknown[] = [];

  constructor(root: string) {
    this.dir = join(root, TRASH_DIR);
  }

  /** Moves `path` out of the way; returns the removal, or undefined when there was nothing to move. */
  discard(path: string): Promise<void> | undefined {
    const target = join(this.dir, `${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      renameSync(path, target);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return undefined;
      throw error;
    }
    return this.remove(target);
  }

  /** Removes what an earlier process left here (it crashed, or exited before its removals ended). */
  emptyLeftovers(): void {
    let entries: string[];
    try {
      entries = readdirSync(this.dir);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) void this.remove(join(this.dir, entry));
  }

  /** Waits for the removals in flight; a removal that failed is reported here (its files stay for the next start). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
    const failed = this.failures.splice(0);
    if (failed.length > 0)
      throw new RuntimeError(
        errnoOf(failed[0]) ?? 'EIO',
        `removing ${failed.length} discarded director(ies) under ${this.dir}: ${(failed[0] as Error).message}`,
      );
  }

  private remove(path: string): Promise<void> {
    const removal = rm(path, { recursive: true, force: true, maxRetries: 3 })
      .catch((error: unknown) => void this.failures.push(error))
      .finally(() => {
        this.pending.delete(removal);
        // The last removal takes the empty trash with it: the root looks as it did before.
        if (this.pending.size === 0) {
          const failure = removeIfEmpty(this.dir);
          if (failure) this.failures.push(failure);
        }
      });
    this.pending.add(removal);
    return removal;
  }
}

/** Removes the trash directory when it is empty; answers an unexpected failure instead of throwing it. */
function removeIfEmpty(dir: string): unknown {
  try {
    rmdirSync(dir);
  } catch (error) {
    // Not empty (a removal failed, or another process discards here too), or already gone: it stays for the next start.
    if (!['ENOTEMPTY', 'EEXIST', 'ENOENT', 'EBUSY'].includes(errnoOf(error) ?? '')) return error;
  }
  return undefined;
}
