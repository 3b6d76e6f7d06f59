import { describe, expect, it } from 'vitest';
import { moduleDepends, readModinfo } from './modinfo.js';
import { moduleElf } from './module-elf.js';

describe('modinfo', () => {
  it('reads the key=value strings of .modinfo, repeated keys in order', () => {
    const elf = moduleElf({ name: '9p', depends: '9pnet,fscache,netfs', license: 'GPL' });
    expect(readModinfo(elf)).toEqual(
      new Map([
        ['name', ['9p']],
        ['depends', ['9pnet,fscache,netfs']],
        ['license', ['GPL']],
      ]),
    );
    expect(moduleDepends(elf)).toEqual(['9pnet', 'fscache', 'netfs']);
  });

  it('an empty depends= means no dependencies', () => {
    expect(moduleDepends(moduleElf({ name: 'netfs', depends: '' }))).toEqual([]);
  });

  it('refuses what is not a 64-bit little-endian ELF file', () => {
    expect(() => readModinfo(Buffer.alloc(128))).toThrow('not a 64-bit little-endian ELF file');
  });
});
