// The interpreter is test-only and deliberately not exported.
export { AUDIT_ARCH, AUDIT_ARCH_AARCH64, AUDIT_ARCH_X86_64, SCMP_ARCH, SECCOMP_ARCHES, seccompArch, syscallTable, type SeccompArch } from './arch.js';
export { BPF_MAXINSNS, SOCK_FILTER_SIZE, decode as decodeBpf, encode as encodeBpf, type SockFilter } from './bpf.js';
export {
  SCMP_ACTIONS,
  SCMP_OPS,
  SECCOMP_FILTER_FLAGS,
  compileSeccomp,
  compileSeccompProgram,
  seccompFilterFlags,
  unknownSyscalls,
  type CompileSeccompOptions,
  type ScmpOp,
} from './compile.js';
export { CLONE_NAMESPACE_FLAGS, defaultSeccompProfile } from './default-profile.js';
