import { describe, expect, it } from 'vitest';
import type { OciDeviceRule } from '../model/oci-spec.js';
import { compileDeviceProgram } from './device-program.js';

type Access = 'm' | 'r' | 'w' | 'rw' | 'rwm';
const ACCESS_BITS: Record<string, number> = { m: 1, r: 2, w: 4 };

/**
 * Runs the compiled program the way the kernel would for one request, on the subset of
 * eBPF the compiler emits; anything else fails the test. Also checks what the verifier
 * insists on: jumps stay inside the program and go forward.
 */
function decide(program: Buffer, type: 'b' | 'c', major: number, minor: number, access: Access): boolean {
  const accessBits = [...access].reduce((sum, letter) => sum + ACCESS_BITS[letter]!, 0);
  const ctx = [(accessBits << 16) | (type === 'b' ? 1 : 2), major, minor];
  const reg = new Array<number>(11).fill(0);
  const count = program.length / 8;
  for (let pc = 0, steps = 0; pc < count && steps < 10_000; pc++, steps++) {
    const code = program.readUInt8(pc * 8);
    const dst = program.readUInt8(pc * 8 + 1) & 0xf;
    const src = program.readUInt8(pc * 8 + 1) >> 4;
    const off = program.readInt16LE(pc * 8 + 2);
    const imm = program.readInt32LE(pc * 8 + 4);
    const jump = (taken: boolean) => {
      expect(off).toBeGreaterThanOrEqual(0);
      expect(pc + 1 + off).toBeLessThan(count);
      if (taken) pc += off;
    };
    switch (code) {
      case 0x61:
        expect(src).toBe(1);
        reg[dst] = ctx[off / 4]!;
        break;
      case 0x54:
        reg[dst] = (reg[dst]! & imm) >>> 0;
        break;
      case 0x74:
        reg[dst] = reg[dst]! >>> imm;
        break;
      case 0xbc:
        reg[dst] = reg[src]!;
        break;
      case 0xb7:
        reg[dst] = imm;
        break;
      case 0x15:
        jump(reg[dst] === imm);
        break;
      case 0x55:
        jump(reg[dst] !== imm);
        break;
      case 0x05:
        jump(true);
        break;
      case 0x95:
        return reg[0] === 1;
      default:
        throw new Error(`opcode 0x${code.toString(16)} at ${pc}`);
    }
  }
  throw new Error('the program ran off its end');
}

/** The verifier refuses a program with an instruction no path reaches. */
function unreachable(program: Buffer): number[] {
  const count = program.length / 8;
  const seen = new Set<number>();
  const work = [0];
  while (work.length > 0) {
    const pc = work.pop()!;
    if (pc >= count || seen.has(pc)) continue;
    seen.add(pc);
    const code = program.readUInt8(pc * 8);
    const off = program.readInt16LE(pc * 8 + 2);
    if (code === 0x95) continue;
    if (code === 0x05) work.push(pc + 1 + off);
    else if (code === 0x15 || code === 0x55) work.push(pc + 1, pc + 1 + off);
    else work.push(pc + 1);
  }
  return [...Array(count).keys()].filter((pc) => !seen.has(pc));
}

describe('compileDeviceProgram', () => {
  it('leaves no instruction unreachable, whatever the rules', () => {
    for (const rules of [
      [],
      [{ allow: true, access: 'rwm' }],
      [{ allow: false, access: 'rwm' }],
      [{ allow: true, type: 'b', access: 'r' }],
    ] as OciDeviceRule[][]) {
      expect(unreachable(compileDeviceProgram(rules))).toEqual([]);
    }
  });

  const blockDisk = ['b', 8, 0] as const;

  it('the default policy: the standard character devices, ptys, and mknod of anything; nothing else', () => {
    const program = compileDeviceProgram();
    for (const [major, minor] of [
      [1, 3],
      [1, 5],
      [1, 7],
      [1, 8],
      [1, 9],
      [5, 0],
      [5, 1],
      [5, 2],
      [136, 4],
    ]) {
      expect(decide(program, 'c', major!, minor!, 'rwm')).toBe(true);
    }
    expect(decide(program, ...blockDisk, 'r')).toBe(false);
    expect(decide(program, ...blockDisk, 'w')).toBe(false);
    expect(decide(program, ...blockDisk, 'm')).toBe(true);
    expect(decide(program, 'c', 10, 200, 'rw')).toBe(false); // /dev/net/tun
    expect(decide(program, 'c', 10, 200, 'm')).toBe(true);
    expect(decide(program, 'c', 1, 1, 'r')).toBe(false); // /dev/mem
  });

  it('later rules win, per access: a spec rule can grant or take away part of a device', () => {
    const rules: OciDeviceRule[] = [
      { allow: true, type: 'b', major: 8, minor: 0, access: 'r' },
      { allow: false, type: 'c', major: 1, minor: 3, access: 'w' },
    ];
    const program = compileDeviceProgram(rules);
    expect(decide(program, ...blockDisk, 'r')).toBe(true);
    expect(decide(program, ...blockDisk, 'rw')).toBe(false);
    expect(decide(program, 'b', 8, 1, 'r')).toBe(false);
    expect(decide(program, 'c', 1, 3, 'r')).toBe(true);
    expect(decide(program, 'c', 1, 3, 'w')).toBe(false);
    expect(decide(program, 'c', 1, 3, 'rw')).toBe(false);
  });

  it('access granted by separate rules adds up, as v1 merges them', () => {
    const program = compileDeviceProgram([
      { allow: true, type: 'b', major: 8, access: 'r' },
      { allow: true, type: 'b', major: 8, minor: 0, access: 'w' },
    ]);
    expect(decide(program, ...blockDisk, 'rw')).toBe(true);
    expect(decide(program, 'b', 8, 1, 'rw')).toBe(false);
  });

  it('a spec rule denying everything starts again from the default policy', () => {
    const program = compileDeviceProgram([
      { allow: true, type: 'c', major: 10, minor: 200, access: 'rwm' },
      { allow: false, access: 'rwm' },
    ]);
    expect(decide(program, 'c', 10, 200, 'r')).toBe(false);
    expect(decide(program, 'c', 1, 3, 'rw')).toBe(true);
  });

  it('allow-all (privileged) allows any device; fifo and empty-access rules change nothing', () => {
    expect(decide(compileDeviceProgram([{ allow: true, access: 'rwm' }]), ...blockDisk, 'rwm')).toBe(true);
    const inert = compileDeviceProgram([
      { allow: true, type: 'p', access: 'rwm' },
      { allow: true, type: 'b', access: '' },
    ]);
    expect(inert).toEqual(compileDeviceProgram());
  });
});
