import { describe, expect, it } from 'vitest';
import { BPF_JEQ, BPF_JSET, SECCOMP_RET_ERRNO, and, argHigh, argLow, decode, encode, jump, jumpAlways, load, ret } from './bpf.js';

describe('classic BPF encoding', () => {
  it('uses the kernel opcodes', () => {
    expect(load(4).code).toBe(0x20); // BPF_LD|BPF_W|BPF_ABS
    expect(jump(BPF_JEQ, 0, 0, 0).code).toBe(0x15);
    expect(jump(BPF_JSET, 0, 0, 0).code).toBe(0x45);
    expect(jumpAlways(0).code).toBe(0x05);
    expect(and(0).code).toBe(0x54);
    expect(ret(0).code).toBe(0x06);
  });

  it('writes struct sock_filter little-endian, 8 bytes each', () => {
    const bytes = encode([jump(BPF_JEQ, 0xc000003e, 1, 2), ret(SECCOMP_RET_ERRNO | 38)]);
    expect(bytes.toString('hex')).toBe('15000102' + '3e0000c0' + '06000000' + '26000500');
    expect(decode(bytes)).toEqual([jump(BPF_JEQ, 0xc000003e, 1, 2), ret(SECCOMP_RET_ERRNO | 38)]);
    expect(() => decode(Buffer.alloc(7))).toThrow(/multiple of 8/);
  });

  it('finds argument words in seccomp_data', () => {
    expect([argLow(0), argHigh(0), argLow(5), argHigh(5)]).toEqual([16, 20, 56, 60]);
  });
});
