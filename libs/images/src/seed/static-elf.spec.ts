import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStaticElf } from './static-elf.js';

describe('isStaticElf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-elf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("tells Debian's static busybox from a dynamically linked program", () => {
    // npm test installs busybox-static; node itself is dynamically linked on Debian.
    expect(isStaticElf('/bin/busybox')).toBe(true);
    expect(isStaticElf(process.execPath)).toBe(false);
  });

  it('refuses what is not ELF, and truncated headers', () => {
    writeFileSync(join(dir, 'script'), '#!/bin/sh\necho hi\n');
    writeFileSync(join(dir, 'short'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]));

    expect(() => isStaticElf(join(dir, 'script'))).toThrow(/not an ELF executable/);
    expect(() => isStaticElf(join(dir, 'short'))).toThrow(/truncated ELF headers/);
  });
});
