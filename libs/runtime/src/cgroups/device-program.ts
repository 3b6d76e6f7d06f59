import type { OciDeviceRule } from '../model/oci-spec.js';
import { devicePolicy } from './device-policy.js';

/**
 * cgroup v2 has no devices controller: the kernel asks a BPF_PROG_TYPE_CGROUP_DEVICE
 * program attached to the cgroup instead. This compiles the container's device policy (the
 * same list the v1 controller gets, see device-policy.ts) into that program; the native core
 * loads and attaches it (native/src/cgroup_device.c).
 *
 * The program sees `struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }`,
 * access_type being `access << 16 | type`, and returns 1 to allow, 0 to deny. One request can
 * ask for several accesses at once (open O_RDWR is read and write), and v1 merges the access
 * of rules for the same devices, so each requested access is decided on its own: the last
 * rule that covers the device and that access wins; none means deny.
 */

/** BPF_DEVCG_DEV_* */
const DEVICE_TYPE = { b: 1, c: 2 } as const;
/** BPF_DEVCG_ACC_* */
const ACCESS = { m: 1, r: 2, w: 4 } as const;

// Registers: r1 = ctx (then scratch), r2 = type, r3 = access, r4 = major, r5 = minor.
const R0 = 0;
const R1 = 1;
const R2 = 2;
const R3 = 3;
const R4 = 4;
const R5 = 5;

/** Opcodes used (linux/bpf_common.h, linux/bpf.h). */
const OP = {
  loadWord: 0x61, // BPF_LDX | BPF_MEM | BPF_W
  and32: 0x54, // BPF_ALU | BPF_AND | BPF_K
  rsh32: 0x74, // BPF_ALU | BPF_RSH | BPF_K
  mov32Reg: 0xbc, // BPF_ALU | BPF_MOV | BPF_X
  mov64: 0xb7, // BPF_ALU64 | BPF_MOV | BPF_K
  jeq: 0x15, // BPF_JMP | BPF_JEQ | BPF_K
  jne: 0x55, // BPF_JMP | BPF_JNE | BPF_K
  ja: 0x05, // BPF_JMP | BPF_JA
  exit: 0x95, // BPF_JMP | BPF_EXIT
} as const;

interface Instruction {
  code: number;
  dst: number;
  src: number;
  imm: number;
  /** A load's displacement; a jump's is computed from its target. */
  off: number;
  /** A forward jump's target, resolved to an offset when the program is laid out. */
  target?: string;
}

/** A tiny assembler: instructions in order, labels for forward jumps. */
class Assembler {
  private readonly code: Instruction[] = [];
  private readonly labels = new Map<string, number>();

  emit(code: number, dst: number, src: number, imm: number, target?: string): void {
    this.code.push({ code, dst, src, imm, off: 0, target });
  }

  /** dst = *(u32 *)(src + off) */
  loadWord(dst: number, src: number, off: number): void {
    this.code.push({ code: OP.loadWord, dst, src, imm: 0, off });
  }

  targets(label: string): boolean {
    return this.code.some((insn) => insn.target === label);
  }

  label(name: string): void {
    this.labels.set(name, this.code.length);
  }

  assemble(): Buffer {
    const out = Buffer.alloc(this.code.length * 8);
    this.code.forEach((insn, index) => {
      let offset = insn.off;
      if (insn.target !== undefined) {
        const at = this.labels.get(insn.target);
        if (at === undefined || at <= index) throw new Error(`device program: jump to unknown or earlier label ${insn.target}`);
        offset = at - index - 1;
      }
      out.writeUInt8(insn.code, index * 8);
      out.writeUInt8((insn.src << 4) | insn.dst, index * 8 + 1);
      out.writeInt16LE(offset, index * 8 + 2);
      out.writeInt32LE(insn.imm, index * 8 + 4);
    });
    return out;
  }
}

/** The program for a spec's `linux.resources.devices`, as raw `struct bpf_insn`s (little-endian). */
export function compileDeviceProgram(specRules: readonly OciDeviceRule[] = []): Buffer {
  const rules = devicePolicy(specRules)
    .map(({ rule }) => rule)
    .filter(governed);
  const asm = new Assembler();
  asm.loadWord(R2, R1, 0);
  asm.emit(OP.and32, R2, 0, 0xffff);
  asm.loadWord(R3, R1, 0);
  asm.emit(OP.rsh32, R3, 0, 16);
  asm.loadWord(R4, R1, 4);
  asm.loadWord(R5, R1, 8);
  for (const [letter, bit] of Object.entries(ACCESS)) {
    const next = `after-${letter}`;
    // Not requested: nothing to decide for this access.
    asm.emit(OP.mov32Reg, R1, R3, 0);
    asm.emit(OP.and32, R1, 0, bit);
    asm.emit(OP.jeq, R1, 0, 0, next);
    const covering = rules.filter((rule) => (rule.access ?? 'rwm').includes(letter)).reverse();
    let decided = false;
    for (const [index, rule] of covering.entries()) {
      const skip = `${letter}-${index}`;
      const conditional = emitMatch(asm, rule, skip);
      asm.emit(OP.ja, 0, 0, 0, rule.allow ? next : 'deny');
      // A rule for every device decides alone: the verifier refuses code after it as unreachable.
      if (!conditional) {
        decided = true;
        break;
      }
      asm.label(skip);
    }
    if (!decided) asm.emit(OP.ja, 0, 0, 0, 'deny');
    asm.label(next);
  }
  asm.emit(OP.mov64, R0, 0, 1);
  asm.emit(OP.exit, 0, 0, 0);
  // Nothing jumps here when everything is allowed (privileged), and unreachable code is refused.
  if (asm.targets('deny')) {
    asm.label('deny');
    asm.emit(OP.mov64, R0, 0, 0);
    asm.emit(OP.exit, 0, 0, 0);
  }
  return asm.assemble();
}

/**
 * Jumps to `skip` unless the device is the rule's: type (`a` is any), major, minor (absent
 * or -1 is any). False when the rule matches every device, so nothing was emitted.
 */
function emitMatch(asm: Assembler, rule: OciDeviceRule, skip: string): boolean {
  const type = rule.type === 'u' ? 'c' : (rule.type ?? 'a');
  const tests: [number, number][] = [];
  if (type === 'b' || type === 'c') tests.push([R2, DEVICE_TYPE[type]]);
  if (rule.major !== undefined && rule.major >= 0) tests.push([R4, rule.major]);
  if (rule.minor !== undefined && rule.minor >= 0) tests.push([R5, rule.minor]);
  for (const [register, value] of tests) asm.emit(OP.jne, register, 0, value, skip);
  return tests.length > 0;
}

/** Fifos are not devices to the kernel's check, and an empty access grants or revokes nothing. */
function governed(rule: OciDeviceRule): boolean {
  return rule.type !== 'p' && (rule.access ?? 'rwm') !== '';
}
