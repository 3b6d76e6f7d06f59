import type { OciSeccomp } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import { AUDIT_ARCH, seccompArch, syscallTable, type SeccompArch } from './arch.js';
import {
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JSET,
  BPF_MAXINSNS,
  SECCOMP_DATA_ARCH,
  SECCOMP_DATA_NR,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_DATA,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  SECCOMP_RET_KILL_THREAD,
  SECCOMP_RET_LOG,
  SECCOMP_RET_TRACE,
  SECCOMP_RET_TRAP,
  and,
  argHigh,
  argLow,
  encode,
  jump,
  jumpAlways,
  load,
  ret,
  type SockFilter,
} from './bpf.js';

/**
 * Compiles the OCI `linux.seccomp` section to a classic-BPF seccomp filter for one
 * architecture. This is the whole of seccomp in Berth: the native core only reads the
 * bytes and hands them to the kernel, so everything that can be wrong is caught here, in
 * TypeScript, with a message naming the field (code INVALID_SECCOMP).
 *
 * Semantics, chosen to match libseccomp where a profile would notice:
 * - a syscall name the architecture does not have is skipped (profiles list `open` and
 *   `arch_prctl`, which aarch64 lacks); `unknownSyscalls()` lists them;
 * - for one syscall, rules with argument conditions are tried first in profile order, then
 *   the unconditional rule, so a specific rule refines a general one; the first match wins;
 * - conditions in one rule must all hold (AND); values are unsigned 64-bit, compared on
 *   both 32-bit halves;
 * - a syscall from another architecture (a 32-bit or x32 binary) kills the process: the
 *   filter only knows one syscall table, and letting foreign numbers reach the default
 *   action would let an ALLOW-by-default profile be bypassed through a second table.
 */

export const SCMP_ACTIONS = [
  'SCMP_ACT_ALLOW',
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_LOG',
  'SCMP_ACT_TRACE',
] as const;

export const SCMP_OPS = ['SCMP_CMP_EQ', 'SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_GT', 'SCMP_CMP_GE', 'SCMP_CMP_MASKED_EQ'] as const;
export type ScmpOp = (typeof SCMP_OPS)[number];

/** seccomp(2) flags a profile may ask for; the native loader ORs them with TSYNC. */
export const SECCOMP_FILTER_FLAGS: Readonly<Record<string, number>> = {
  SECCOMP_FILTER_FLAG_TSYNC: 1,
  SECCOMP_FILTER_FLAG_LOG: 2,
  SECCOMP_FILTER_FLAG_SPEC_ALLOW: 4,
};

const EPERM = 1;
/** The kernel clamps a larger errno to MAX_ERRNO; refusing it is clearer than a silent clamp. */
const MAX_ERRNO = 4095;
const X32_SYSCALL_BIT = 0x40000000;
const MAX_ARG_INDEX = 5;
const MAX_U64 = (1n << 64n) - 1n;
/** A conditional BPF jump has an 8-bit offset. */
const MAX_SHORT_JUMP = 255;

export interface CompileSeccompOptions {
  /** `process.arch` style (`x64`, `arm64`) or ours (`x86_64`, `aarch64`); default: this machine. */
  arch?: string;
}

interface Condition {
  index: number;
  op: ScmpOp;
  value: bigint;
  valueTwo: bigint;
}

interface Rule {
  field: string;
  action: number;
  conditions: Condition[];
}

function invalid(field: string, message: string): RuntimeError {
  return new RuntimeError('INVALID_SECCOMP', `${field}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function compileSeccomp(seccomp: OciSeccomp, options: CompileSeccompOptions = {}): Buffer {
  return encode(compileSeccompProgram(seccomp, options));
}

/** The program as instructions, for inspection and tests; compileSeccomp encodes it. */
export function compileSeccompProgram(seccomp: OciSeccomp, options: CompileSeccompOptions = {}): SockFilter[] {
  const arch = seccompArch(options.arch);
  const profile = parseProfile(seccomp);
  const table = syscallTable(arch);

  const bySyscall = new Map<number, Rule[]>();
  for (const { names, rule } of profile.rules) {
    for (const name of names) {
      const nr = table.get(name);
      if (nr === undefined) continue;
      const rules = bySyscall.get(nr) ?? [];
      rules.push(rule);
      bySyscall.set(nr, rules);
    }
  }

  const program: SockFilter[] = [...prologue(arch)];
  for (const [nr, rules] of bySyscall) program.push(...syscallBlock(nr, rules, profile.defaultAction));
  program.push(ret(profile.defaultAction));
  if (program.length > BPF_MAXINSNS) {
    throw invalid('linux.seccomp.syscalls', `the filter needs ${program.length} BPF instructions; the kernel accepts at most ${BPF_MAXINSNS}`);
  }
  return program;
}

/** Syscall names in the profile that `arch` does not have, in profile order, each once. */
export function unknownSyscalls(seccomp: OciSeccomp, arch?: string): string[] {
  const table = syscallTable(seccompArch(arch));
  const unknown = new Set<string>();
  for (const { names } of parseProfile(seccomp).rules) for (const name of names) if (!table.has(name)) unknown.add(name);
  return [...unknown];
}

/** The seccomp(2) flags the profile asks for, as a number for the plan. */
export function seccompFilterFlags(seccomp: OciSeccomp): number {
  const flags: unknown = seccomp.flags ?? [];
  if (!Array.isArray(flags)) throw invalid('linux.seccomp.flags', 'must be an array of strings');
  let mask = 0;
  for (const [index, flag] of flags.entries()) {
    const bit = typeof flag === 'string' && Object.hasOwn(SECCOMP_FILTER_FLAGS, flag) ? SECCOMP_FILTER_FLAGS[flag] : undefined;
    if (bit === undefined) {
      throw invalid(`linux.seccomp.flags[${index}]`, `unknown flag ${JSON.stringify(flag)}; use ${Object.keys(SECCOMP_FILTER_FLAGS).join(', ')}`);
    }
    mask |= bit;
  }
  return mask;
}

/**
 * Wrong architecture → kill; then load the syscall number into A, where it stays for the
 * whole dispatch (only rule bodies, which always return, overwrite A).
 */
function prologue(arch: SeccompArch): SockFilter[] {
  const code = [load(SECCOMP_DATA_ARCH), jump(BPF_JEQ, AUDIT_ARCH[arch], 1, 0), ret(SECCOMP_RET_KILL_PROCESS), load(SECCOMP_DATA_NR)];
  // x32 shares AUDIT_ARCH_X86_64 and marks its numbers with bit 30; refuse the whole ABI.
  if (arch === 'x86_64') code.push(jump(BPF_JSET, X32_SYSCALL_BIT, 0, 1), ret(SECCOMP_RET_KILL_PROCESS));
  return code;
}

/**
 * `if (nr == X) { rules…; return fallback }` — the body always returns, so a miss only has
 * to skip it: with a short jump when it fits in 8 bits, else through a JA (32-bit offset),
 * which is what keeps long programs valid without a general relaxation pass.
 */
function syscallBlock(nr: number, rules: Rule[], defaultAction: number): SockFilter[] {
  const conditional = rules.filter((rule) => rule.conditions.length > 0);
  const unconditional = rules.filter((rule) => rule.conditions.length === 0);
  const fallbackRule = unconditional[0];
  for (const other of unconditional.slice(1)) {
    if (other.action !== fallbackRule!.action) {
      throw invalid(other.field, `gives a syscall already given a different action without conditions by ${fallbackRule!.field}`);
    }
  }
  const fallback = fallbackRule?.action ?? defaultAction;
  // Nothing to decide: the default action already does it, and a shorter filter is faster.
  if (conditional.length === 0 && fallback === defaultAction) return [];

  const body: SockFilter[] = [];
  for (const rule of conditional) body.push(...ruleCode(rule));
  body.push(ret(fallback));
  if (body.length <= MAX_SHORT_JUMP) return [jump(BPF_JEQ, nr, 0, body.length), ...body];
  return [jump(BPF_JEQ, nr, 1, 0), jumpAlways(body.length), ...body];
}

/** A forward jump target inside one rule: a label bound to an instruction index. */
class Label {
  at = -1;
}
type Target = Label | 0;
interface PendingJump {
  insn: SockFilter;
  jt: Target;
  jf: Target;
}

/**
 * The conditions of one rule, each falling through when it holds and jumping to `fail`
 * (the end of the rule) when it does not, then `ret action`. Labels are local to the rule,
 * so every conditional jump stays short by construction; a rule too long for 8-bit offsets
 * is refused rather than mis-compiled.
 */
function ruleCode(rule: Rule): SockFilter[] {
  const code: PendingJump[] = [];
  const emit = (insn: SockFilter, jt: Target = 0, jf: Target = 0) => code.push({ insn, jt, jf });
  const bind = (label: Label) => (label.at = code.length);
  const fail = new Label();

  for (const { index, op, value, valueTwo } of rule.conditions) {
    const [hi, lo] = halves(value);
    const pass = new Label();
    switch (op) {
      case 'SCMP_CMP_EQ':
        emit(load(argHigh(index)));
        emit(jump(BPF_JEQ, hi, 0, 0), 0, fail);
        emit(load(argLow(index)));
        emit(jump(BPF_JEQ, lo, 0, 0), 0, fail);
        break;
      case 'SCMP_CMP_NE':
        emit(load(argHigh(index)));
        emit(jump(BPF_JEQ, hi, 0, 0), 0, pass);
        emit(load(argLow(index)));
        emit(jump(BPF_JEQ, lo, 0, 0), fail, 0);
        break;
      // Ordered comparisons: the high words decide unless they are equal, then the low words.
      case 'SCMP_CMP_GT':
      case 'SCMP_CMP_GE':
        emit(load(argHigh(index)));
        emit(jump(BPF_JGT, hi, 0, 0), pass, 0);
        emit(jump(BPF_JEQ, hi, 0, 0), 0, fail);
        emit(load(argLow(index)));
        emit(jump(op === 'SCMP_CMP_GT' ? BPF_JGT : BPF_JGE, lo, 0, 0), 0, fail);
        break;
      // a < v is !(a >= v), a <= v is !(a > v): the same tests with the outcomes swapped.
      case 'SCMP_CMP_LT':
      case 'SCMP_CMP_LE':
        emit(load(argHigh(index)));
        emit(jump(BPF_JGT, hi, 0, 0), fail, 0);
        emit(jump(BPF_JEQ, hi, 0, 0), 0, pass);
        emit(load(argLow(index)));
        emit(jump(op === 'SCMP_CMP_LT' ? BPF_JGE : BPF_JGT, lo, 0, 0), fail, 0);
        break;
      case 'SCMP_CMP_MASKED_EQ': {
        // OCI/libseccomp: (arg & value) == valueTwo.
        const [wantHi, wantLo] = halves(valueTwo);
        emit(load(argHigh(index)));
        emit(and(hi));
        emit(jump(BPF_JEQ, wantHi, 0, 0), 0, fail);
        emit(load(argLow(index)));
        emit(and(lo));
        emit(jump(BPF_JEQ, wantLo, 0, 0), 0, fail);
        break;
      }
    }
    bind(pass);
  }
  emit(ret(rule.action));
  bind(fail);

  return code.map(({ insn, jt, jf }, at) => ({ ...insn, jt: offset(rule, at, jt), jf: offset(rule, at, jf) }));
}

function offset(rule: Rule, at: number, target: Target): number {
  if (target === 0) return 0;
  const distance = target.at - (at + 1);
  if (distance > MAX_SHORT_JUMP) throw invalid(rule.field, 'too many argument conditions for one rule; split it into several rules');
  return distance;
}

function halves(value: bigint): [number, number] {
  return [Number(value >> 32n), Number(value & 0xffff_ffffn)];
}

interface ParsedProfile {
  defaultAction: number;
  rules: { names: string[]; rule: Rule }[];
}

function parseProfile(seccomp: unknown): ParsedProfile {
  const base = 'linux.seccomp';
  if (!isObject(seccomp)) throw invalid(base, 'must be an object');
  const defaultAction = actionValue(`${base}.defaultAction`, seccomp['defaultAction'], seccomp['defaultErrnoRet'], `${base}.defaultErrnoRet`);
  const architectures: unknown = seccomp['architectures'] ?? [];
  if (!Array.isArray(architectures)) throw invalid(`${base}.architectures`, 'must be an array');
  for (const [index, arch] of architectures.entries()) {
    // Any libseccomp name is accepted; only the running architecture's table is compiled,
    // and syscalls from the others are killed by the prologue.
    if (typeof arch !== 'string' || !/^SCMP_ARCH_[A-Z0-9_]+$/.test(arch)) {
      throw invalid(`${base}.architectures[${index}]`, `${JSON.stringify(arch)} is not an SCMP_ARCH_* name`);
    }
  }
  seccompFilterFlags(seccomp as unknown as OciSeccomp);
  const syscalls: unknown = seccomp['syscalls'] ?? [];
  if (!Array.isArray(syscalls)) throw invalid(`${base}.syscalls`, 'must be an array');
  const rules = syscalls.map((entry: unknown, index) => {
    const field = `${base}.syscalls[${index}]`;
    if (!isObject(entry)) throw invalid(field, 'must be an object');
    const names: unknown = entry['names'];
    if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === 'string' && name !== '')) {
      throw invalid(`${field}.names`, 'must be a non-empty array of syscall names');
    }
    const action = actionValue(`${field}.action`, entry['action'], entry['errnoRet'], `${field}.errnoRet`);
    const args: unknown = entry['args'] ?? [];
    if (!Array.isArray(args)) throw invalid(`${field}.args`, 'must be an array');
    const conditions = args.map((arg: unknown, argIndex) => parseCondition(`${field}.args[${argIndex}]`, arg));
    return { names: names as string[], rule: { field, action, conditions } };
  });
  return { defaultAction, rules };
}

function actionValue(field: string, action: unknown, errnoRet: unknown, errnoField: string): number {
  if (typeof action !== 'string' || !(SCMP_ACTIONS as readonly string[]).includes(action)) {
    if (action === 'SCMP_ACT_NOTIFY') throw new RuntimeError('NOT_SUPPORTED', `${field}: SCMP_ACT_NOTIFY needs a seccomp agent, which Berth does not have`);
    throw invalid(field, `unknown action ${JSON.stringify(action)}; use one of ${SCMP_ACTIONS.join(', ')}`);
  }
  if (errnoRet !== undefined && action !== 'SCMP_ACT_ERRNO' && action !== 'SCMP_ACT_TRACE') {
    throw invalid(errnoField, `only applies to SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not ${action}`);
  }
  const data = (max: number, fallback: number): number => {
    if (errnoRet === undefined) return fallback;
    if (!Number.isInteger(errnoRet) || (errnoRet as number) < 0 || (errnoRet as number) > max) throw invalid(errnoField, `must be an integer from 0 to ${max}`);
    return errnoRet as number;
  };
  switch (action) {
    case 'SCMP_ACT_ALLOW':
      return SECCOMP_RET_ALLOW;
    case 'SCMP_ACT_ERRNO':
      return (SECCOMP_RET_ERRNO | data(MAX_ERRNO, EPERM)) >>> 0;
    case 'SCMP_ACT_KILL':
    case 'SCMP_ACT_KILL_THREAD':
      return SECCOMP_RET_KILL_THREAD;
    case 'SCMP_ACT_KILL_PROCESS':
      return SECCOMP_RET_KILL_PROCESS;
    case 'SCMP_ACT_TRAP':
      return SECCOMP_RET_TRAP;
    case 'SCMP_ACT_LOG':
      return SECCOMP_RET_LOG;
    case 'SCMP_ACT_TRACE':
      // The value a tracer reads with PTRACE_GETEVENTMSG; runc passes errnoRet the same way.
      return (SECCOMP_RET_TRACE | data(SECCOMP_RET_DATA, 0)) >>> 0;
  }
  throw invalid(field, `unknown action ${action}`);
}

function parseCondition(field: string, arg: unknown): Condition {
  if (!isObject(arg)) throw invalid(field, 'must be an object');
  const index = arg['index'];
  if (!Number.isInteger(index) || (index as number) < 0 || (index as number) > MAX_ARG_INDEX) {
    throw invalid(`${field}.index`, `must be an argument index from 0 to ${MAX_ARG_INDEX}`);
  }
  const op = arg['op'];
  if (typeof op !== 'string' || !(SCMP_OPS as readonly string[]).includes(op)) {
    throw invalid(`${field}.op`, `unknown operator ${JSON.stringify(op)}; use one of ${SCMP_OPS.join(', ')}`);
  }
  return { index: index as number, op: op as ScmpOp, value: u64(`${field}.value`, arg['value']), valueTwo: u64(`${field}.valueTwo`, arg['valueTwo'] ?? 0) };
}

/**
 * Arguments are unsigned 64-bit. A JSON number above 2^53 has already lost precision when
 * it reaches us, so it is refused instead of comparing against a value nobody wrote;
 * callers building a profile in code may pass a bigint.
 */
function u64(field: string, value: unknown): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value > MAX_U64) throw invalid(field, 'must be an unsigned 64-bit value');
    return value;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(field, 'must be a non-negative integer');
  if (!Number.isSafeInteger(value)) throw invalid(field, `${value} is above 2^53 and cannot be represented exactly in JSON`);
  return BigInt(value);
}
