/** ustar's limit for a name without a prefix field. */
const MAX_NAME_BYTES = 100;
const BLOCK = 512;

/**
 * A tar (ustar) of one regular file, made in the browser for an upload into a container:
 * the API takes tars only, and one file needs no library. Owner root, mode 0644 unless given.
 */
export function singleFileTar(name: string, content: Uint8Array, options: { mode?: number; mtime?: Date } = {}): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  if (nameBytes.length === 0 || nameBytes.length > MAX_NAME_BYTES || name.includes('/') || name === '.' || name === '..')
    throw new RangeError(`${name || 'the file'}: a file name of 1 to ${MAX_NAME_BYTES} bytes without '/' is needed`);
  const header = new Uint8Array(BLOCK);
  header.set(nameBytes, 0);
  writeOctal(header, 100, 8, options.mode ?? 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, content.length);
  writeOctal(header, 136, 12, Math.floor((options.mtime ?? new Date()).getTime() / 1000));
  header[156] = '0'.charCodeAt(0);
  header.set(new TextEncoder().encode('ustar\u000000'), 257);
  // The checksum is summed with its own field as spaces, then written as 6 digits, NUL, space.
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  writeOctal(header, 148, 7, sum);
  header[155] = 0x20;
  const padded = Math.ceil(content.length / BLOCK) * BLOCK;
  const archive = new Uint8Array(BLOCK + padded + 2 * BLOCK);
  archive.set(header, 0);
  archive.set(content, BLOCK);
  return archive;
}

/** An octal number, zero-padded, in `length - 1` digits and a NUL. */
function writeOctal(target: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new RangeError(`${value} does not fit a tar header field`);
  target.set(new TextEncoder().encode(`${digits}\u0000`), offset);
}
