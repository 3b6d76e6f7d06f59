import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../spec/default-spec.js';
import { compileSeccomp } from './compile.js';
import { compileSeccompCached } from './compile-cache.js';

describe('compileSeccompCached', () => {
  it('gives the program compileSeccomp gives, and the same one again for the same profile', () => {
    const profile = defaultSpec({ args: ['true'], terminal: false }).linux!.seccomp!;
    const first = compileSeccompCached(profile);
    expect(first.equals(compileSeccomp(profile))).toBe(true);
    expect(compileSeccompCached(structuredClone(profile))).toBe(first);
  });

  it('compiles a changed profile anew', () => {
    const profile = defaultSpec({ args: ['true'], terminal: false }).linux!.seccomp!;
    const stricter = { ...profile, defaultAction: 'SCMP_ACT_KILL', defaultErrnoRet: undefined };
    const program = compileSeccompCached(stricter);
    expect(program.equals(compileSeccomp(stricter))).toBe(true);
    expect(program.equals(compileSeccompCached(profile))).toBe(false);
  });
});
