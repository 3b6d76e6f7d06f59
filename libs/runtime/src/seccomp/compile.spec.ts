import { describe, expect, it } from 'vitest';
import type { OciSeccomp } from '../model/oci-spec.js';
import { AUDIT_ARCH_AARCH64, AUDIT_ARCH_X86_64 } from './arch.js';
import { evaluate, verifyProgram } from './bpf-interpreter.js';
import { BPF_JA, BPF_JMP, BPF_MAXINSNS, SOCK_FILTER_SIZE, decode } from './bpf.js';
import { compileSeccomp, compileSeccompProgram, seccompFilterFlags, unknownSyscalls } from './compile.js';
import { SYSCALLS_AARCH64 } from './syscalls-aarch64.js';
import { SYSCALLS_X86_64 } from './syscalls-x86_64.js';

const X86 = { arch: 'x86_64' };
const nr = (name: string) => SYSCALLS_X86_64.get(name)!;
const call = (name: string, ...args: (number | bigint)[]) => ({ arch: AUDIT_ARCH_X86_64, nr: nr(name), args });

function rule(names: string[], action: string, extra: Partial<NonNullable<OciSeccomp['syscalls']>[number]> = {}) {
  return { names, action, ...extra };
}

/** Compiles for x86_64 and returns a function answering "what happens to this call?". */
function filter(seccomp: OciSeccomp, arch = 'x86_64') {
  const bytes = compileSeccomp(seccomp, { arch });
  return (data: { arch: number; nr: number; args?: (number | bigint)[] }) => evaluate(bytes, data);
}

describe('compileSeccomp', () => {
  it('allows listed syscalls and gives the default to the rest', () => {
    const run = filter({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [rule(['read', 'write'], 'SCMP_ACT_ALLOW')] });
    expect(run(call('read'))).toEqual({ action: 'allow' });
    expect(run(call('write'))).toEqual({ action: 'allow' });
    expect(run(call('mount'))).toEqual({ action: 'errno', errno: 1 });
  });

  it('uses defaultErrnoRet and per-rule errnoRet', () => {
    const run = filter({
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 13,
      syscalls: [rule(['clone3'], 'SCMP_ACT_ERRNO', { errnoRet: 38 }), rule(['getpid'], 'SCMP_ACT_ALLOW')],
    });
    expect(run(call('clone3'))).toEqual({ action: 'errno', errno: 38 });
    expect(run(call('mount'))).toEqual({ action: 'errno', errno: 13 });
  });

  it('maps every action to its seccomp return value', () => {
    const run = filter({
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [
        rule(['mount'], 'SCMP_ACT_KILL'),
        rule(['umount2'], 'SCMP_ACT_KILL_THREAD'),
        rule(['reboot'], 'SCMP_ACT_KILL_PROCESS'),
        rule(['ptrace'], 'SCMP_ACT_TRAP'),
        rule(['bpf'], 'SCMP_ACT_LOG'),
        rule(['kexec_load'], 'SCMP_ACT_TRACE', { errnoRet: 7 }),
      ],
    });
    expect(run(call('mount')).action).toBe('kill_thread');
    expect(run(call('umount2')).action).toBe('kill_thread');
    expect(run(call('reboot')).action).toBe('kill_process');
    expect(run(call('ptrace')).action).toBe('trap');
    expect(run(call('bpf')).action).toBe('log');
    expect(run(call('kexec_load'))).toEqual({ action: 'trace', data: 7 });
    expect(run(call('read')).action).toBe('allow');
  });

  it('kills a syscall made under another architecture', () => {
    const run = filter({ defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'] });
    expect(run({ arch: AUDIT_ARCH_AARCH64, nr: 0 }).action).toBe('kill_process');
    // i386 (AUDIT_ARCH_I386) — a 32-bit binary would otherwise bypass the 64-bit table.
    expect(run({ arch: 0x40000003, nr: 0 }).action).toBe('kill_process');
    expect(run(call('read')).action).toBe('allow');
  });

  it('kills x32 syscall numbers on x86_64 even when the default allows', () => {
    const run = filter({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [rule(['mount'], 'SCMP_ACT_ERRNO')] });
    expect(run({ arch: AUDIT_ARCH_X86_64, nr: 0x40000000 + nr('mount') }).action).toBe('kill_process');
    expect(run({ arch: AUDIT_ARCH_X86_64, nr: 0x40000000 }).action).toBe('kill_process');
  });

  it('compiles for aarch64 with its own numbers and arch value', () => {
    const run = filter({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [rule(['openat', 'open'], 'SCMP_ACT_ALLOW')] }, 'aarch64');
    expect(run({ arch: AUDIT_ARCH_AARCH64, nr: SYSCALLS_AARCH64.get('openat')! }).action).toBe('allow');
    // 257 is openat on x86_64 but nothing allowed on aarch64.
    expect(run({ arch: AUDIT_ARCH_AARCH64, nr: 257 }).action).toBe('errno');
    expect(run({ arch: AUDIT_ARCH_X86_64, nr: 257 }).action).toBe('kill_process');
    // No x32 check on aarch64: bit 30 is just a (non-existent) syscall number there.
    expect(run({ arch: AUDIT_ARCH_AARCH64, nr: 0x40000000 }).action).toBe('errno');
  });

  it('skips names the architecture lacks and lists them', () => {
    const seccomp = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [rule(['open', 'arch_prctl', 'openat', 'no_such_call'], 'SCMP_ACT_ALLOW')] };
    expect(unknownSyscalls(seccomp, 'aarch64')).toEqual(['open', 'arch_prctl', 'no_such_call']);
    expect(unknownSyscalls(seccomp, 'x86_64')).toEqual(['no_such_call']);
    expect(() => compileSeccomp(seccomp, { arch: 'aarch64' })).not.toThrow();
    // An inherited property name is not a syscall.
    expect(unknownSyscalls({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [rule(['constructor', '__proto__'], 'SCMP_ACT_ERRNO')] }, 'x86_64')).toEqual([
      'constructor',
      '__proto__',
    ]);
  });

  describe('argument conditions on 64-bit values', () => {
    const HIGH = 0x1_0000_0000; // 2^32: only the high word is set
    const cases: [string, number, [number | bigint, string][]][] = [
      [
        'SCMP_CMP_EQ',
        5,
        [
          [5, 'allow'],
          [6, 'errno'],
          [5 + HIGH, 'errno'],
          [HIGH, 'errno'],
        ],
      ],
      [
        'SCMP_CMP_NE',
        5,
        [
          [5, 'errno'],
          [6, 'allow'],
          [5 + HIGH, 'allow'],
          [0, 'allow'],
        ],
      ],
      [
        'SCMP_CMP_LT',
        HIGH + 10,
        [
          [HIGH + 9, 'allow'],
          [HIGH + 10, 'errno'],
          [0xffff_ffff, 'allow'],
          [2 * HIGH, 'errno'],
          [HIGH + 11, 'errno'],
        ],
      ],
      [
        'SCMP_CMP_LE',
        HIGH + 10,
        [
          [HIGH + 10, 'allow'],
          [HIGH + 11, 'errno'],
          [10, 'allow'],
          [2 * HIGH + 10, 'errno'],
        ],
      ],
      [
        'SCMP_CMP_GT',
        HIGH + 10,
        [
          [HIGH + 11, 'allow'],
          [HIGH + 10, 'errno'],
          [0xffff_ffff, 'errno'],
          [2 * HIGH, 'allow'],
          [0xffff_ffff_ffff_ffffn, 'allow'],
        ],
      ],
      [
        'SCMP_CMP_GE',
        HIGH + 10,
        [
          [HIGH + 10, 'allow'],
          [HIGH + 9, 'errno'],
          [2 * HIGH + 1, 'allow'],
          [11, 'errno'],
        ],
      ],
    ];
    it.each(cases)('%s %d', (op, value, probes) => {
      const run = filter({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [rule(['lseek'], 'SCMP_ACT_ALLOW', { args: [{ index: 1, value, op }] })] });
      for (const [arg, expected] of probes) expect([arg, run(call('lseek', 0, arg)).action]).toEqual([arg, expected]);
    });

    it('SCMP_CMP_MASKED_EQ compares both halves after masking', () => {
      const run = filter({
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [rule(['ioctl'], 'SCMP_ACT_ALLOW', { args: [{ index: 2, value: 0x3_0000_00ff, valueTwo: 0x1_0000_0012, op: 'SCMP_CMP_MASKED_EQ' }] })],
      });
      expect(run(call('ioctl', 0, 0, 0x1_0000_0012)).action).toBe('allow');
      expect(run(call('ioctl', 0, 0, 0x5_ab00_1f12)).action).toBe('allow'); // other bits are outside the mask
      expect(run(call('ioctl', 0, 0, 0x2_0000_0012)).action).toBe('errno'); // high half differs
      expect(run(call('ioctl', 0, 0, 0x1_0000_0013)).action).toBe('errno'); // low half differs
    });

    it('needs every condition of a rule (AND) and tries the next rule when one fails', () => {
      const run = filter({
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [
          rule(['mmap'], 'SCMP_ACT_ALLOW', {
            args: [
              { index: 0, value: 0, op: 'SCMP_CMP_EQ' },
              { index: 5, value: 4096, op: 'SCMP_CMP_LE' },
            ],
          }),
          rule(['mmap'], 'SCMP_ACT_LOG', { args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] }),
        ],
      });
      expect(run(call('mmap', 0, 0, 0, 0, 0, 4096)).action).toBe('allow');
      expect(run(call('mmap', 0, 0, 0, 0, 0, 8192)).action).toBe('errno');
      expect(run(call('mmap', 1, 0, 0, 0, 0, 8192)).action).toBe('log');
      expect(run(call('mmap', 2)).action).toBe('errno');
    });

    it('tries conditional rules before the unconditional one for the same syscall', () => {
      const run = filter({
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [
          rule(['socket'], 'SCMP_ACT_ERRNO', { errnoRet: 97 }),
          rule(['socket'], 'SCMP_ACT_ALLOW', { args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] }),
        ],
      });
      expect(run(call('socket', 1)).action).toBe('allow');
      expect(run(call('socket', 2))).toEqual({ action: 'errno', errno: 97 });
    });
  });

  it('handles a profile too long for 8-bit jumps', () => {
    // Every syscall with a rule of several conditions: the program is well over 255
    // instructions, and syscalls far down the list must still be reached and skipped.
    const names = [...SYSCALLS_X86_64.keys()];
    const syscalls = names.map((name, index) =>
      rule([name], 'SCMP_ACT_ERRNO', {
        errnoRet: (index % 4000) + 1,
        args: [
          { index: 0, value: index, op: 'SCMP_CMP_EQ' },
          { index: 1, value: 0, op: 'SCMP_CMP_NE' },
        ],
      }),
    );
    const program = compileSeccompProgram({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: syscalls.slice(0, 300) }, X86);
    expect(program.length).toBeGreaterThan(2000);
    expect(program.length).toBeLessThanOrEqual(BPF_MAXINSNS);
    verifyProgram(program);
    for (const index of [0, 150, 299]) {
      const name = names[index]!;
      expect(evaluate(program, call(name, index, 1))).toEqual({ action: 'errno', errno: index + 1 });
      expect(evaluate(program, call(name, index, 0)).action).toBe('allow');
    }
    expect(evaluate(program, call(names[310]!, 310, 1)).action).toBe('allow');
  });

  it('uses a JA (32-bit) jump to skip a syscall block longer than 255 instructions', () => {
    const many = Array.from({ length: 60 }, (_, value) => rule(['ioctl'], 'SCMP_ACT_ALLOW', { args: [{ index: 1, value, op: 'SCMP_CMP_EQ' }] }));
    const program = compileSeccompProgram({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [...many, rule(['read'], 'SCMP_ACT_ALLOW')] }, X86);
    expect(program.some((insn) => insn.code === (BPF_JMP | BPF_JA) && insn.k > 255)).toBe(true);
    verifyProgram(program);
    expect(evaluate(program, call('ioctl', 0, 59)).action).toBe('allow');
    expect(evaluate(program, call('ioctl', 0, 60)).action).toBe('errno');
    expect(evaluate(program, call('read')).action).toBe('allow');
  });

  it('refuses a filter longer than BPF_MAXINSNS', () => {
    const syscalls = [...SYSCALLS_X86_64.keys()].map((name) =>
      rule([name], 'SCMP_ACT_ALLOW', { args: [0, 1, 2].map((index) => ({ index, value: index, op: 'SCMP_CMP_EQ' })) }),
    );
    expect(() => compileSeccomp({ defaultAction: 'SCMP_ACT_ERRNO', syscalls }, X86)).toThrow(/needs \d+ BPF instructions; the kernel accepts at most 4096/);
  });

  it('encodes 8 bytes per instruction, little-endian', () => {
    const bytes = compileSeccomp({ defaultAction: 'SCMP_ACT_ALLOW' }, X86);
    expect(bytes.length % SOCK_FILTER_SIZE).toBe(0);
    // First instruction: ld [4] (the arch): code 0x20, jt 0, jf 0, k 4.
    expect([...bytes.subarray(0, 8)]).toEqual([0x20, 0, 0, 0, 4, 0, 0, 0]);
    expect(decode(bytes)).toEqual(compileSeccompProgram({ defaultAction: 'SCMP_ACT_ALLOW' }, X86));
  });

  it('omits rules that only repeat the default action', () => {
    const short = compileSeccompProgram({ defaultAction: 'SCMP_ACT_ALLOW' }, X86);
    const same = compileSeccompProgram({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [rule(['read', 'write'], 'SCMP_ACT_ALLOW')] }, X86);
    expect(same).toEqual(short);
  });

  describe('refusals name the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['no default action', {}, /linux\.seccomp\.defaultAction: unknown action undefined/],
      ['unknown default action', { defaultAction: 'SCMP_ACT_MAYBE' }, /linux\.seccomp\.defaultAction: unknown action "SCMP_ACT_MAYBE"/],
      ['errnoRet with ALLOW', { defaultAction: 'SCMP_ACT_ALLOW', defaultErrnoRet: 1 }, /defaultErrnoRet: only applies to SCMP_ACT_ERRNO/],
      ['errno out of range', { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 5000 }, /defaultErrnoRet: must be an integer from 0 to 4095/],
      ['bad architecture', { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['x86_64'] }, /architectures\[0\]: "x86_64" is not an SCMP_ARCH_\* name/],
      ['bad flag', { defaultAction: 'SCMP_ACT_ALLOW', flags: ['SECCOMP_FILTER_FLAG_NOPE'] }, /linux\.seccomp\.flags\[0\]: unknown flag/],
      ['empty names', { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: [], action: 'SCMP_ACT_ERRNO' }] }, /syscalls\[0\]\.names: must be a non-empty/],
      ['bad rule action', { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['read'], action: 'ALLOW' }] }, /syscalls\[0\]\.action: unknown action/],
      [
        'arg index',
        { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ERRNO', args: [{ index: 6, value: 0, op: 'SCMP_CMP_EQ' }] }] },
        /syscalls\[0\]\.args\[0\]\.index: must be an argument index from 0 to 5/,
      ],
      [
        'arg op',
        { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ERRNO', args: [{ index: 0, value: 0, op: 'SCMP_CMP_LIKE' }] }] },
        /syscalls\[0\]\.args\[0\]\.op: unknown operator/,
      ],
      [
        'negative value',
        { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ERRNO', args: [{ index: 0, value: -1, op: 'SCMP_CMP_EQ' }] }] },
        /args\[0\]\.value: must be a non-negative integer/,
      ],
      [
        'imprecise value',
        { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ERRNO', args: [{ index: 0, value: 2 ** 60, op: 'SCMP_CMP_EQ' }] }] },
        /args\[0\]\.value: .* is above 2\^53/,
      ],
      [
        'conflicting unconditional rules',
        {
          defaultAction: 'SCMP_ACT_ERRNO',
          syscalls: [
            { names: ['read'], action: 'SCMP_ACT_ALLOW' },
            { names: ['read'], action: 'SCMP_ACT_KILL' },
          ],
        },
        /syscalls\[1\]: gives a syscall already given a different action without conditions by linux\.seccomp\.syscalls\[0\]/,
      ],
    ];
    it.each(cases)('%s', (_name, seccomp, message) => {
      expect(() => compileSeccomp(seccomp as OciSeccomp, X86)).toThrow(
        expect.objectContaining({ code: 'INVALID_SECCOMP', message: expect.stringMatching(message) }),
      );
    });

    it('SCMP_ACT_NOTIFY is NOT_SUPPORTED, and so is a host architecture without tables', () => {
      expect(() => compileSeccomp({ defaultAction: 'SCMP_ACT_NOTIFY' }, X86)).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
      expect(() => compileSeccomp({ defaultAction: 'SCMP_ACT_ALLOW' }, { arch: 'riscv64' })).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
    });

    it('accepts a bigint for values beyond 2^53', () => {
      const run = filter({
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [rule(['read'], 'SCMP_ACT_ALLOW', { args: [{ index: 0, value: 0xffff_ffff_ffff_fff0n as unknown as number, op: 'SCMP_CMP_GE' }] })],
      });
      expect(run(call('read', 0xffff_ffff_ffff_fff5n)).action).toBe('allow');
      expect(run(call('read', 0xffff_ffff_ffff_ffe0n)).action).toBe('errno');
    });
  });

  it('turns flags into the seccomp(2) mask', () => {
    expect(seccompFilterFlags({ defaultAction: 'SCMP_ACT_ALLOW' })).toBe(0);
    expect(seccompFilterFlags({ defaultAction: 'SCMP_ACT_ALLOW', flags: ['SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW'] })).toBe(6);
  });
});
