import { once } from 'node:events';
import { pack, type Header, type Pack } from 'tar-stream';

/** What tar-stream takes a file's bytes through (a streamx Writable). */
type EntrySink = ReturnType<Pack['entry']>;

/**
 * The build context as a tar stream (tar-stream's writer: ustar, with PAX records for what
 * ustar cannot hold), so a context of any size goes to the server without being held in
 * memory. Entries are written in the order given; file contents are read as they go, and
 * only as fast as the reader takes the archive.
 */
export interface TarEntry {
  /** Relative, `/`-separated; a directory's name without the trailing slash. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** Permission bits. */
  mode: number;
  mtime: Date;
  /** Bytes of a file's content; 0 for the others. */
  size: number;
  linkname?: string;
  /** A file's content; must yield exactly `size` bytes. */
  content?: () => AsyncIterable<Uint8Array>;
}

export async function* tarStream(entries: Iterable<TarEntry> | AsyncIterable<TarEntry>): AsyncGenerator<Uint8Array> {
  const archive = pack();
  // The writer fills the archive while this generator drains it; a failure ends both.
  const writing = writeEntries(archive, entries).then(
    () => archive.finalize(),
    (error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  try {
    for await (const chunk of archive as AsyncIterable<Uint8Array>) yield chunk;
  } finally {
    archive.destroy();
    await writing;
  }
}

async function writeEntries(archive: Pack, entries: Iterable<TarEntry> | AsyncIterable<TarEntry>): Promise<void> {
  for await (const entry of entries) {
    if (archive.destroyed) return;
    const header: Partial<Header> & Pick<Header, 'name'> = {
      // Readers know a directory by its trailing slash as much as by its type.
      name: entry.type === 'directory' ? `${entry.name}/` : entry.name,
      type: entry.type,
      mode: entry.mode & 0o7777,
      mtime: entry.mtime,
      size: entry.type === 'file' ? entry.size : 0,
      // Ownership inside the image is the builder's to decide.
      uid: 0,
      gid: 0,
      ...(entry.linkname !== undefined ? { linkname: entry.linkname } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      const sink = archive.entry(header, (error) => (error ? reject(error) : resolve()));
      // A failed copy fails the whole archive (tarStream destroys it), which ends this entry too.
      sink.on('error', reject);
      if (entry.type === 'file' && entry.content) copyInto(sink, entry).catch(reject);
      else endEntry(sink);
    });
  }
}

/** A file's bytes into its entry, checked against the size its header announced. */
async function copyInto(sink: EntrySink, entry: TarEntry): Promise<void> {
  let written = 0;
  for await (const chunk of entry.content!()) {
    written += chunk.length;
    if (written > entry.size) throw changed(entry, `more than ${entry.size} bytes`);
    if (!sink.write(chunk)) await once(sink, 'drain');
  }
  if (written !== entry.size) throw changed(entry, `${written} bytes instead of ${entry.size}`);
  endEntry(sink);
}

/** streamx's typings ask for a last chunk; there is none. */
function endEntry(sink: EntrySink): void {
  sink.end(undefined);
}

function changed(entry: TarEntry, what: string): Error {
  return new Error(`${entry.name} changed while it was being sent (${what})`);
}
