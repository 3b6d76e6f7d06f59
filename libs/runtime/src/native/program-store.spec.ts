import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OciSeccomp } from '../model/oci-spec.js';
import { PROGRAM_STORE_DIR, programEntryName, storeProgram } from './program-store.js';

describe('stored BPF programs (for the native create)', () => {
  let dir: string;
  let shim: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-programs-'));
    mkdirSync(join(dir, 'build'));
    shim = join(dir, 'build', 'berth-shim');
    writeFileSync(join(dir, 'build', 'program-compiler.id'), 'c0ffee\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const profile = (errno: number): OciSeccomp => ({
    defaultAction: 'SCMP_ACT_ALLOW',
    syscalls: [{ names: ['acct'], action: 'SCMP_ACT_ERRNO', errnoRet: errno }],
  });

  it('keeps the program after a header naming the compiler, CPU, flags and the exact profile text', async () => {
    const program = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    await storeProgram(join(dir, 'root'), shim, { kind: 'seccomp', input: profile(1), program, flags: 2 });
    const key = JSON.stringify(profile(1));
    const entry = readFileSync(join(dir, 'root', PROGRAM_STORE_DIR, programEntryName('seccomp', key)));
    const header = `berth-program\t1\nkind\tseccomp\ncompiler\tc0ffee\narch\t${process.arch}\nflags\t2\nkey\t${Buffer.byteLength(key)}\n${key}\n`;
    expect(entry.subarray(0, header.length).toString()).toBe(header);
    expect(entry.subarray(header.length)).toEqual(program);
  });

  it('writes nothing without a native build to read it', async () => {
    rmSync(join(dir, 'build'), { recursive: true });
    await storeProgram(join(dir, 'root-none'), join(dir, 'nowhere', 'berth-shim'), { kind: 'seccomp', input: profile(1), program: Buffer.alloc(8), flags: 0 });
    expect(() => readdirSync(join(dir, 'root-none'))).toThrow(/ENOENT/);
  });

  it('keeps at most 64 profiles, dropping the oldest', async () => {
    const root = join(dir, 'root');
    for (let errno = 1; errno <= 64; errno++) await storeProgram(root, shim, { kind: 'seccomp', input: profile(errno), program: Buffer.alloc(8), flags: 0 });
    const store = join(root, PROGRAM_STORE_DIR);
    const oldest = programEntryName('seccomp', JSON.stringify(profile(1)));
    utimesSync(join(store, oldest), new Date(0), new Date(0));
    await storeProgram(root, shim, { kind: 'devices', input: profile(65), program: Buffer.alloc(8), flags: 0 });
    const names = readdirSync(store);
    expect(names).toHaveLength(64);
    expect(names).not.toContain(oldest);
    expect(names).toContain(programEntryName('devices', JSON.stringify(profile(65))));
  });
});
