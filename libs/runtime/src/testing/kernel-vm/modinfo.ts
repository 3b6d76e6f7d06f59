/**
 * The `.modinfo` section of a kernel module: NUL-separated `key=value` strings (name, depends,
 * license …). Read directly because Debian's kernel package ships no modules.dep (depmod makes
 * it when the package is installed, and we never install it) and the host need not have kmod;
 * `depends=` is what modpost recorded from the module's undefined symbols, the same data
 * depmod would use.
 */
export function readModinfo(elf: Buffer): Map<string, string[]> {
  const section = findSection(elf, '.modinfo');
  const info = new Map<string, string[]>();
  for (const item of section.toString('latin1').split('\0')) {
    const equals = item.indexOf('=');
    if (equals <= 0) continue;
    const key = item.slice(0, equals);
    info.set(key, [...(info.get(key) ?? []), item.slice(equals + 1)]);
  }
  return info;
}

/** Names of the modules this one needs loaded first (as modinfo writes them, `-` or `_`). */
export function moduleDepends(elf: Buffer): string[] {
  return (readModinfo(elf).get('depends') ?? []).flatMap((list) => list.split(',')).filter(Boolean);
}

/** A section's bytes, found through the section header table and its string table (ELF64 LE). */
function findSection(elf: Buffer, wanted: string): Buffer {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  const header = (index: number) => {
    const at = shoff + index * shentsize;
    return { name: elf.readUInt32LE(at), offset: Number(elf.readBigUInt64LE(at + 0x18)), size: Number(elf.readBigUInt64LE(at + 0x20)) };
  };
  const names = header(shstrndx);
  for (let index = 0; index < shnum; index++) {
    const section = header(index);
    const start = names.offset + section.name;
    const name = elf.toString('latin1', start, elf.indexOf(0, start));
    if (name === wanted) return elf.subarray(section.offset, section.offset + section.size);
  }
  throw new Error(`no ${wanted} section`);
}
