import {
  BPF_ABS,
  BPF_ALU,
  BPF_AND,
  BPF_JA,
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JMP,
  BPF_JSET,
  BPF_K,
  BPF_LD,
  BPF_MAXINSNS,
  BPF_RET,
  BPF_W,
  SECCOMP_DATA_SIZE,
  SECCOMP_RET_ACTION_FULL,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_DATA,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  SECCOMP_RET_KILL_THREAD,
  SECCOMP_RET_LOG,
  SECCOMP_RET_TRACE,
  SECCOMP_RET_TRAP,
  decode,
  type SockFilter,
} from './bpf.js';

/**
 * A test-only model of the kernel running a seccomp filter: it checks a program the way
 * the kernel's loader does (seccomp_check_filter: only the opcodes we emit, aligned loads
 * inside seccomp_data, forward jumps in range, ending in RET) and then runs it on one
 * syscall. It lets specs prove what a filter does without root or a real process; it is
 * deliberately limited to the instructions compile.ts generates.
 */
export interface SeccompData {
  arch: number;
  nr: number;
  /** Up to six 64-bit arguments; missing ones are 0. */
  args?: (bigint | number)[];
}

export type SeccompVerdict =
  { action: 'allow' | 'kill_process' | 'kill_thread' | 'trap' | 'log' } | { action: 'errno'; errno: number } | { action: 'trace'; data: number };

const LD_W_ABS = BPF_LD | BPF_W | BPF_ABS;
const ALU_AND_K = BPF_ALU | BPF_AND | BPF_K;
const JMP_JA = BPF_JMP | BPF_JA;
const CONDITIONAL = new Set([BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET].map((op) => BPF_JMP | op | BPF_K));
const RET_K = BPF_RET | BPF_K;

export function verifyProgram(program: readonly SockFilter[]): void {
  if (program.length === 0 || program.length > BPF_MAXINSNS) throw new Error(`program length ${program.length} is outside 1..${BPF_MAXINSNS}`);
  program.forEach((insn, pc) => {
    const remaining = program.length - pc - 1;
    if (insn.code === LD_W_ABS) {
      if (insn.k % 4 !== 0 || insn.k + 4 > SECCOMP_DATA_SIZE) throw new Error(`pc ${pc}: load at offset ${insn.k} outside seccomp_data`);
    } else if (insn.code === JMP_JA) {
      if (insn.k >= remaining) throw new Error(`pc ${pc}: ja +${insn.k} leaves the program`);
    } else if (CONDITIONAL.has(insn.code)) {
      if (insn.jt >= remaining || insn.jf >= remaining) throw new Error(`pc ${pc}: jump +${insn.jt}/+${insn.jf} leaves the program`);
    } else if (insn.code !== ALU_AND_K && insn.code !== RET_K) {
      throw new Error(`pc ${pc}: opcode 0x${insn.code.toString(16)} is not one the compiler emits`);
    }
  });
  if (program.at(-1)!.code !== RET_K) throw new Error('the program does not end with ret');
}

/** Runs a program (instructions or the encoded bytes) and returns the raw 32-bit result. */
export function runFilter(filter: readonly SockFilter[] | Buffer, data: SeccompData): number {
  const program = Buffer.isBuffer(filter) ? decode(filter) : filter;
  verifyProgram(program);
  const words = seccompDataWords(data);
  let a = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const { code, jt, jf, k } = program[pc]!;
    if (code === LD_W_ABS) a = words[k / 4]!;
    else if (code === ALU_AND_K) a = (a & k) >>> 0;
    else if (code === JMP_JA) pc += k;
    else if (code === RET_K) return k;
    else pc += test(code, a, k) ? jt : jf;
  }
  throw new Error('fell off the end of the program');
}

export function evaluate(filter: readonly SockFilter[] | Buffer, data: SeccompData): SeccompVerdict {
  return verdict(runFilter(filter, data));
}

export function verdict(value: number): SeccompVerdict {
  const action = (value & SECCOMP_RET_ACTION_FULL) >>> 0;
  const low = value & SECCOMP_RET_DATA;
  switch (action) {
    case SECCOMP_RET_ALLOW:
      return { action: 'allow' };
    case SECCOMP_RET_KILL_PROCESS:
      return { action: 'kill_process' };
    case SECCOMP_RET_KILL_THREAD:
      return { action: 'kill_thread' };
    case SECCOMP_RET_TRAP:
      return { action: 'trap' };
    case SECCOMP_RET_LOG:
      return { action: 'log' };
    case SECCOMP_RET_ERRNO:
      return { action: 'errno', errno: low };
    case SECCOMP_RET_TRACE:
      return { action: 'trace', data: low };
  }
  throw new Error(`unknown seccomp return 0x${value.toString(16)}`);
}

function test(code: number, a: number, k: number): boolean {
  switch (code & 0xf0) {
    case BPF_JEQ:
      return a === k;
    case BPF_JGT:
      return a > k;
    case BPF_JGE:
      return a >= k;
    default:
      return (a & k) !== 0;
  }
}

/** seccomp_data as 16 little-endian u32 words: nr, arch, instruction pointer, args. */
function seccompDataWords({ arch, nr, args = [] }: SeccompData): number[] {
  const buffer = Buffer.alloc(SECCOMP_DATA_SIZE);
  buffer.writeUInt32LE(nr >>> 0, 0);
  buffer.writeUInt32LE(arch, 4);
  args.forEach((arg, index) => buffer.writeBigUInt64LE(BigInt.asUintN(64, BigInt(arg)), 16 + 8 * index));
  return Array.from({ length: SECCOMP_DATA_SIZE / 4 }, (_, index) => buffer.readUInt32LE(index * 4));
}
