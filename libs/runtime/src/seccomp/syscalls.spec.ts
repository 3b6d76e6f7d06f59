import { describe, expect, it } from 'vitest';
import { SYSCALLS_AARCH64 } from './syscalls-aarch64.js';
import { SYSCALLS_X86_64 } from './syscalls-x86_64.js';

describe('syscall tables', () => {
  it('have the x86_64 numbers of the kernel ABI', () => {
    const sample = {
      read: 0,
      write: 1,
      open: 2,
      mmap: 9,
      clone: 56,
      fork: 57,
      execve: 59,
      mount: 165,
      keyctl: 250,
      openat: 257,
      unshare: 272,
      clone3: 435,
      io_uring_setup: 425,
    };
    for (const [name, nr] of Object.entries(sample)) expect([name, SYSCALLS_X86_64.get(name)]).toEqual([name, nr]);
  });

  it('have the generic-table numbers on aarch64, without the legacy calls', () => {
    const sample = {
      io_setup: 0,
      openat: 56,
      read: 63,
      write: 64,
      newfstatat: 79,
      fstat: 80,
      clone: 220,
      execve: 221,
      mmap: 222,
      mount: 40,
      clone3: 435,
      renameat: 38,
    };
    for (const [name, nr] of Object.entries(sample)) expect([name, SYSCALLS_AARCH64.get(name)]).toEqual([name, nr]);
    for (const name of ['open', 'stat', 'fork', 'poll', 'select', 'arch_prctl', 'renameat2_nope']) expect(SYSCALLS_AARCH64.has(name)).toBe(false);
  });

  it.each([
    ['x86_64', SYSCALLS_X86_64],
    ['aarch64', SYSCALLS_AARCH64],
  ])('%s: numbers are unique, below the x32 bit, and the newest calls are present', (_arch, table) => {
    const numbers = [...table.values()];
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.max(...numbers)).toBeLessThan(0x40000000);
    expect(table.get('fchmodat2')).toBe(452);
    expect(table.get('mseal')).toBe(462);
    expect(table.size).toBeGreaterThan(300);
  });
});
