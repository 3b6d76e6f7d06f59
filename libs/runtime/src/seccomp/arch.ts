import { RuntimeError } from '../model/runtime-error.js';
import { SYSCALLS_AARCH64 } from './syscalls-aarch64.js';
import { SYSCALLS_X86_64 } from './syscalls-x86_64.js';

/**
 * The architectures Berth compiles filters for. A filter is always compiled for the machine
 * it runs on (the kernel checks `seccomp_data.arch` against it), so the name comes from
 * Node's `process.arch` unless a test asks for another one.
 */
export type SeccompArch = 'x86_64' | 'aarch64';

export const SECCOMP_ARCHES: readonly SeccompArch[] = ['x86_64', 'aarch64'];

/** The AUDIT_ARCH_* value the kernel puts in seccomp_data.arch (EM_* | 64BIT | LE). */
export const AUDIT_ARCH_X86_64 = 0xc000003e;
export const AUDIT_ARCH_AARCH64 = 0xc00000b7;

export const AUDIT_ARCH: Readonly<Record<SeccompArch, number>> = { x86_64: AUDIT_ARCH_X86_64, aarch64: AUDIT_ARCH_AARCH64 };

/** The OCI/libseccomp name of each architecture, as `linux.seccomp.architectures` lists it. */
export const SCMP_ARCH: Readonly<Record<SeccompArch, string>> = { x86_64: 'SCMP_ARCH_X86_64', aarch64: 'SCMP_ARCH_AARCH64' };

export function syscallTable(arch: SeccompArch): ReadonlyMap<string, number> {
  return arch === 'x86_64' ? SYSCALLS_X86_64 : SYSCALLS_AARCH64;
}

/** Maps Node's name for the CPU (`x64`, `arm64`) or ours to a SeccompArch. */
export function seccompArch(arch: string = process.arch): SeccompArch {
  if (arch === 'x64' || arch === 'x86_64') return 'x86_64';
  if (arch === 'arm64' || arch === 'aarch64') return 'aarch64';
  throw new RuntimeError('NOT_SUPPORTED', `linux.seccomp: seccomp filters are only compiled for x86_64 and aarch64, not ${arch}`);
}
