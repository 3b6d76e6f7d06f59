/**
 * A writer for the `newc` cpio format, the one the kernel unpacks as an initramfs. Written here
 * rather than shelling out to cpio(1) because the archive is built from memory (files, modules,
 * device nodes a non-root build could not mknod) and the format is a few lines.
 */
export type CpioEntry =
  | { kind: 'file'; path: string; data: Buffer; mode?: number }
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'char'; path: string; major: number; minor: number; mode?: number };

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;
const TRAILER = 'TRAILER!!!';

/** The archive, entries in the given order (the kernel needs a directory before what is in it). */
export function writeCpio(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((entry, index) => parts.push(...record(index + 1, entry)));
  parts.push(...member({ ino: 0, mode: 0, name: TRAILER, data: Buffer.alloc(0), rdev: [0, 0], nlink: 1 }));
  return Buffer.concat(parts);
}

function record(ino: number, entry: CpioEntry): Buffer[] {
  // Archive names are relative: the kernel unpacks them below its rootfs.
  const name = entry.path.replace(/^\/+/, '');
  switch (entry.kind) {
    case 'file':
      return member({ ino, mode: S_IFREG | (entry.mode ?? 0o644), name, data: entry.data, rdev: [0, 0], nlink: 1 });
    case 'dir':
      return member({ ino, mode: S_IFDIR | (entry.mode ?? 0o755), name, data: Buffer.alloc(0), rdev: [0, 0], nlink: 2 });
    case 'symlink':
      return member({ ino, mode: S_IFLNK | 0o777, name, data: Buffer.from(entry.target), rdev: [0, 0], nlink: 1 });
    case 'char':
      return member({ ino, mode: S_IFCHR | (entry.mode ?? 0o600), name, data: Buffer.alloc(0), rdev: [entry.major, entry.minor], nlink: 1 });
  }
}

interface Member {
  ino: number;
  mode: number;
  name: string;
  data: Buffer;
  rdev: [number, number];
  nlink: number;
}

/** Header (13 eight-digit hex fields after the magic), name, data; name and data padded to 4 bytes. */
function member({ ino, mode, name, data, rdev, nlink }: Member): Buffer[] {
  const nameBytes = Buffer.from(`${name}\0`);
  const fields = [ino, mode, 0, 0, nlink, 0, data.length, 0, 0, rdev[0], rdev[1], nameBytes.length, 0];
  const header = Buffer.from(`070701${fields.map((value) => value.toString(16).padStart(8, '0')).join('')}`, 'ascii');
  return [header, nameBytes, padding(header.length + nameBytes.length), data, padding(data.length)];
}

function padding(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
