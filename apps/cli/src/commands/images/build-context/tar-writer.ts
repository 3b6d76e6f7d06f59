/**
 * A streaming tar writer (POSIX ustar, with PAX records for what ustar cannot hold), so a
 * build context of any size goes to the server without being held in memory and without a
 * tar dependency. Entries are written in the order given; file contents are read as they go.
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

const BLOCK = 512;
const TYPE_FLAGS = { file: '0', symlink: '2', directory: '5' } as const;
/** The largest size 11 octal digits hold (8 GiB - 1); a larger file gets a PAX `size` record. */
const MAX_OCTAL_SIZE = 0o77777777777;

export async function* tarStream(entries: Iterable<TarEntry> | AsyncIterable<TarEntry>): AsyncGenerator<Uint8Array> {
  for await (const entry of entries) {
    const name = entry.type === 'directory' ? `${entry.name}/` : entry.name;
    const pax = paxRecords(name, entry);
    if (pax) yield* withPadding(header({ name: 'PaxHeader', type: 'x', mode: 0o644, mtime: entry.mtime, size: pax.length }), pax);
    // With a PAX record, readers take the name from it; the ustar field keeps a truncated one.
    yield header({ name, type: TYPE_FLAGS[entry.type], mode: entry.mode, mtime: entry.mtime, size: entry.size, linkname: entry.linkname });
    if (entry.type === 'file' && entry.content) {
      let written = 0;
      for await (const chunk of entry.content()) {
        written += chunk.length;
        yield chunk;
      }
      if (written !== entry.size) throw new Error(`${entry.name} changed while it was being sent (${written} bytes instead of ${entry.size})`);
      yield padding(written);
    }
  }
  yield new Uint8Array(2 * BLOCK);
}

interface HeaderFields {
  name: string;
  type: string;
  mode: number;
  mtime: Date;
  size: number;
  linkname?: string;
}

function header(fields: HeaderFields): Uint8Array {
  const block = Buffer.alloc(BLOCK);
  block.write(fields.name, 0, 100, 'utf8');
  octal(block, 100, 8, fields.mode & 0o7777);
  octal(block, 108, 8, 0); // uid and gid 0: ownership inside the image is the builder's to decide
  octal(block, 116, 8, 0);
  octal(block, 124, 12, fields.size > MAX_OCTAL_SIZE ? 0 : fields.size);
  octal(block, 136, 12, Math.max(0, Math.floor(fields.mtime.getTime() / 1000)));
  block.write(fields.type, 156, 1, 'ascii');
  if (fields.linkname) block.write(fields.linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'binary');
  block.fill(' ', 148, 156); // the checksum counts its own field as spaces
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}

/** PAX records for a name or link target longer than ustar's 100 bytes, or a file over 8 GiB. */
function paxRecords(name: string, entry: TarEntry): Buffer | undefined {
  const records: [string, string][] = [];
  if (Buffer.byteLength(name) > 100) records.push(['path', name]);
  if (entry.linkname && Buffer.byteLength(entry.linkname) > 100) records.push(['linkpath', entry.linkname]);
  if (entry.size > MAX_OCTAL_SIZE) records.push(['size', String(entry.size)]);
  if (records.length === 0) return undefined;
  return Buffer.from(records.map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
}

/** `<length> <key>=<value>\n`, where the length counts its own digits too. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

function* withPadding(head: Uint8Array, body: Uint8Array): Generator<Uint8Array> {
  yield head;
  yield body;
  yield padding(body.length);
}

function padding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}
