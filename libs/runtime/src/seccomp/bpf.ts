/**
 * Classic BPF as seccomp uses it: `struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }`,
 * 8 bytes per instruction. The kernel reads the array in host byte order; both architectures
 * Berth supports are little-endian, so the encoding is fixed to little-endian rather than
 * depending on the machine that compiles (a filter written on one host is valid on the other).
 */
export interface SockFilter {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

export const SOCK_FILTER_SIZE = 8;
/** BPF_MAXINSNS: the kernel refuses longer filters with EINVAL. */
export const BPF_MAXINSNS = 4096;

// Instruction classes and fields (linux/bpf_common.h).
export const BPF_LD = 0x00;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_RET = 0x06;
export const BPF_W = 0x00;
export const BPF_ABS = 0x20;
export const BPF_AND = 0x50;
export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_K = 0x00;

// seccomp return values (linux/seccomp.h). The low 16 bits carry data (errno, trace message).
export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_KILL_THREAD = 0x00000000;
export const SECCOMP_RET_TRAP = 0x00030000;
export const SECCOMP_RET_ERRNO = 0x00050000;
export const SECCOMP_RET_USER_NOTIF = 0x7fc00000;
export const SECCOMP_RET_TRACE = 0x7ff00000;
export const SECCOMP_RET_LOG = 0x7ffc0000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const SECCOMP_RET_ACTION_FULL = 0xffff0000;
export const SECCOMP_RET_DATA = 0x0000ffff;

// struct seccomp_data { int nr; u32 arch; u64 instruction_pointer; u64 args[6]; }
export const SECCOMP_DATA_NR = 0;
export const SECCOMP_DATA_ARCH = 4;
export const SECCOMP_DATA_SIZE = 64;
/** Offset of the low 32 bits of argument `index` (little-endian: low word first). */
export function argLow(index: number): number {
  return 16 + 8 * index;
}
/** Offset of the high 32 bits of argument `index`. */
export function argHigh(index: number): number {
  return 16 + 8 * index + 4;
}

/** `A = seccomp_data[offset]` (32-bit load). */
export function load(offset: number): SockFilter {
  return { code: BPF_LD | BPF_W | BPF_ABS, jt: 0, jf: 0, k: offset };
}

export function and(k: number): SockFilter {
  return { code: BPF_ALU | BPF_AND | BPF_K, jt: 0, jf: 0, k: k >>> 0 };
}

export function jump(op: typeof BPF_JEQ | typeof BPF_JGT | typeof BPF_JGE | typeof BPF_JSET, k: number, jt: number, jf: number): SockFilter {
  return { code: BPF_JMP | op | BPF_K, jt, jf, k: k >>> 0 };
}

/** Unconditional jump: the only one with a 32-bit offset, so the way to go far. */
export function jumpAlways(offset: number): SockFilter {
  return { code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: offset >>> 0 };
}

export function ret(value: number): SockFilter {
  return { code: BPF_RET | BPF_K, jt: 0, jf: 0, k: value >>> 0 };
}

export function encode(program: readonly SockFilter[]): Buffer {
  const buffer = Buffer.alloc(program.length * SOCK_FILTER_SIZE);
  program.forEach((insn, index) => {
    const at = index * SOCK_FILTER_SIZE;
    buffer.writeUInt16LE(insn.code, at);
    buffer.writeUInt8(insn.jt, at + 2);
    buffer.writeUInt8(insn.jf, at + 3);
    buffer.writeUInt32LE(insn.k >>> 0, at + 4);
  });
  return buffer;
}

export function decode(buffer: Buffer): SockFilter[] {
  if (buffer.length % SOCK_FILTER_SIZE !== 0) throw new Error(`a BPF program is a multiple of ${SOCK_FILTER_SIZE} bytes, got ${buffer.length}`);
  const program: SockFilter[] = [];
  for (let at = 0; at < buffer.length; at += SOCK_FILTER_SIZE) {
    program.push({ code: buffer.readUInt16LE(at), jt: buffer.readUInt8(at + 2), jf: buffer.readUInt8(at + 3), k: buffer.readUInt32LE(at + 4) });
  }
  return program;
}
