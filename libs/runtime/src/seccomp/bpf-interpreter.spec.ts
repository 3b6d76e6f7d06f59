import { describe, expect, it } from 'vitest';
import { evaluate, runFilter, verdict, verifyProgram } from './bpf-interpreter.js';
import { BPF_JGE, BPF_JEQ, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, encode, jump, jumpAlways, load, ret } from './bpf.js';

describe('bpf interpreter (test-only model of the kernel)', () => {
  const program = [
    load(0),
    jump(BPF_JEQ, 39, 0, 1),
    ret(SECCOMP_RET_ERRNO | 1),
    jump(BPF_JGE, 100, 0, 1),
    jumpAlways(1),
    ret(SECCOMP_RET_ALLOW),
    ret(0x80000000),
  ];

  it('runs loads, conditional jumps and JA', () => {
    expect(evaluate(program, { arch: 0, nr: 39 })).toEqual({ action: 'errno', errno: 1 });
    expect(evaluate(program, { arch: 0, nr: 5 })).toEqual({ action: 'allow' });
    expect(evaluate(program, { arch: 0, nr: 100 })).toEqual({ action: 'kill_process' });
    expect(runFilter(encode(program), { arch: 0, nr: 5 })).toBe(SECCOMP_RET_ALLOW);
  });

  it('reads arguments as little-endian 64-bit words', () => {
    const highWordOfArg2 = [load(16 + 8 * 2 + 4), jump(BPF_JEQ, 7, 0, 1), ret(1), ret(2)];
    expect(runFilter(highWordOfArg2, { arch: 0, nr: 0, args: [0, 0, 0x7_0000_0001] })).toBe(1);
    expect(runFilter(highWordOfArg2, { arch: 0, nr: 0, args: [0, 0, 7] })).toBe(2);
  });

  it('rejects programs the kernel would reject', () => {
    expect(() => verifyProgram([])).toThrow(/length 0/);
    expect(() => verifyProgram([load(0)])).toThrow(/does not end with ret/);
    expect(() => verifyProgram([load(2), ret(0)])).toThrow(/outside seccomp_data/);
    expect(() => verifyProgram([load(64), ret(0)])).toThrow(/outside seccomp_data/);
    expect(() => verifyProgram([jump(BPF_JEQ, 0, 1, 0), ret(0)])).toThrow(/leaves the program/);
    expect(() => verifyProgram([jumpAlways(1), ret(0)])).toThrow(/leaves the program/);
    expect(() => verifyProgram([{ code: 0x07, jt: 0, jf: 0, k: 0 }, ret(0)])).toThrow(/opcode 0x7/);
  });

  it('decodes every seccomp action', () => {
    expect(verdict(0x00000000)).toEqual({ action: 'kill_thread' });
    expect(verdict(0x00030000)).toEqual({ action: 'trap' });
    expect(verdict(0x7ffc0000)).toEqual({ action: 'log' });
    expect(verdict(0x7ff00005)).toEqual({ action: 'trace', data: 5 });
    expect(() => verdict(0x12340000)).toThrow(/unknown seccomp return/);
  });
});
