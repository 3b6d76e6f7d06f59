import { utimes } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { containerFileError } from './container-file-errors.js';
import { writeEntry, type EntryContent, type ExtractOptions } from './write-entry.js';

/**
 * Unpacks a tar into a directory of a container (`docker cp SRC CONTAINER:DIR`). Each entry's
 * path is resolved inside the container's root (write-entry.ts), so neither a link already in
 * the container nor one the archive makes can lead a later entry out of it. Directory times
 * are set last, once their children no longer change them. On a refusal what was already
 * written stays, as with Docker.
 */
export async function extractArchive(root: string, directory: string, source: Readable, options: ExtractOptions): Promise<number> {
  const parser = extract();
  const directories: { host: string; mtime: Date }[] = [];
  let pipeError: unknown;
  let current: EntryContent | undefined;
  const piping = pipeline(source, parser).catch((error: unknown) => {
    pipeError ??= error;
    current?.destroy(error as Error);
  });
  let entries = 0;
  try {
    for await (const entry of parser) {
      current = entry;
      const made = await writeEntry(root, directory, entry.header, entry, options);
      if (made?.directory && entry.header.mtime) directories.push({ host: made.host, mtime: entry.header.mtime });
      current = undefined;
      entries += 1;
    }
  } catch (error) {
    throw asArchiveError(pipeError ?? error);
  } finally {
    source.destroy();
  }
  await piping;
  if (pipeError) throw asArchiveError(pipeError);
  for (const { host, mtime } of directories.reverse()) await utimes(host, mtime, mtime);
  return entries;
}

/**
 * The parser's own failure (not a tar, cut short) as a 400; a refusal already made (413 from
 * the upload limit, a write-entry refusal) or a file-system error (with its errno) stays.
 */
function asArchiveError(error: unknown): unknown {
  const known = error as { getStatus?: unknown; code?: unknown };
  return known.getStatus || typeof known.code === 'string' ? error : containerFileError('EINVAL', (error as Error).message);
}
