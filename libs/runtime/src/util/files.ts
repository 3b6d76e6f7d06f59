import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either the old or the new content, never half of it,
 * even if we are killed mid-write: temp file in the same directory, then rename.
 *
 * No fsync: what is written here (state.json, pid files) is re-derived from the kernel and
 * the shim's exit.json by every verb, and after a power loss no container survives anyway.
 * Synchronous on purpose: these are small files on the container start path, where a
 * trip through libuv's thread pool per call costs more than the write itself.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, content, { mode });
  try {
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // the rename error is the one worth reporting
    }
    throw error;
  }
}

/** The file's text, or undefined when it does not exist (other errors are thrown). */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
