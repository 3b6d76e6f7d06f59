/**
 * A kernel module as far as modinfo.ts looks at one: an ELF64 relocatable file whose only
 * content is a .modinfo section. Test data for the module resolver, laid out as the kernel's
 * build lays it out (header, section contents, section header table at e_shoff).
 */
export function moduleElf(modinfo: Readonly<Record<string, string>>): Buffer {
  const shstrtab = Buffer.from('\0.shstrtab\0.modinfo\0', 'latin1');
  const info = Buffer.from(
    `${Object.entries(modinfo)
      .map(([key, value]) => `${key}=${value}\0`)
      .join('')}`,
    'latin1',
  );
  const header = Buffer.alloc(64);
  const contentEnd = 64 + shstrtab.length + info.length;
  const shoff = contentEnd + ((8 - (contentEnd % 8)) % 8);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // ELFCLASS64
  header[5] = 1; // little-endian
  header[6] = 1; // EV_CURRENT
  header.writeUInt16LE(1, 0x10); // ET_REL
  header.writeUInt16LE(0x3e, 0x12); // x86-64
  header.writeUInt32LE(1, 0x14);
  header.writeBigUInt64LE(BigInt(shoff), 0x28);
  header.writeUInt16LE(64, 0x34);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(3, 0x3c);
  header.writeUInt16LE(1, 0x3e); // .shstrtab is section 1
  const sections = Buffer.concat([
    sectionHeader(0, 0, 0, 0),
    sectionHeader(1, 3, 64, shstrtab.length), // SHT_STRTAB
    sectionHeader(11, 1, 64 + shstrtab.length, info.length), // SHT_PROGBITS
  ]);
  return Buffer.concat([header, shstrtab, info, Buffer.alloc(shoff - contentEnd), sections]);
}

function sectionHeader(name: number, type: number, offset: number, size: number): Buffer {
  const entry = Buffer.alloc(64);
  entry.writeUInt32LE(name, 0);
  entry.writeUInt32LE(type, 4);
  entry.writeBigUInt64LE(BigInt(offset), 0x18);
  entry.writeBigUInt64LE(BigInt(size), 0x20);
  return entry;
}
