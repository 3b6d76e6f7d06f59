import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
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

  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private remove(path: string): Promise<void> {
    const removal = rm(path, { recursive: true, force: true, maxRetries: 3 }).finally(() => this.pending.delete(removal));
    this.pending.add(removal);
    return removal;
  }
}
