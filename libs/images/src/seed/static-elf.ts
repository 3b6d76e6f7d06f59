import { closeSync, openSync, readSync } from 'node:fs';

const PT_INTERP = 3;

/**
 * Whether an ELF executable is static: it has no PT_INTERP program header naming a dynamic
 * loader. A dynamic busybox would find no libc in the seed image. Read from the file's own
 * headers, so no `file(1)` is needed on the host. Throws when the file is not ELF.
 */
export function isStaticElf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    if (readSync(fd, magic, 0, 4, 0) < 4 || magic.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${path} is not an ELF executable`);
    const header = readAt(fd, 0, 64);
    const is64 = header[4] === 2;
    const little = header[5] === 1;
    const u16 = (buffer: Buffer, offset: number) => (little ? buffer.readUInt16LE(offset) : buffer.readUInt16BE(offset));
    const u32 = (buffer: Buffer, offset: number) => (little ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset));
    const programHeaders = is64 ? Number(little ? header.readBigUInt64LE(32) : header.readBigUInt64BE(32)) : u32(header, 28);
    const entrySize = u16(header, is64 ? 54 : 42);
    const count = u16(header, is64 ? 56 : 44);
    const table = readAt(fd, programHeaders, entrySize * count);
    for (let index = 0; index < count; index++) if (u32(table, index * entrySize) === PT_INTERP) return false;
    return true;
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  if (read < length) throw new Error(`truncated ELF headers (wanted ${length} bytes at ${position}, got ${read})`);
  return buffer;
}
