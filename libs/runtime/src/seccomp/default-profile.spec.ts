import { describe, expect, it } from 'vitest';
import { AUDIT_ARCH_AARCH64, AUDIT_ARCH_X86_64, syscallTable, type SeccompArch } from './arch.js';
import { evaluate, verifyProgram } from './bpf-interpreter.js';
import { compileSeccomp, compileSeccompProgram, unknownSyscalls } from './compile.js';
import { CLONE_NAMESPACE_FLAGS, defaultProfileSyscallNames, defaultSeccompProfile } from './default-profile.js';
import { DOCKER_DEFAULT_CAPABILITIES } from '../security/capabilities.js';

const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWNS = 0x00020000;
const CLONE_NEWNET = 0x40000000;
// What glibc's pthread_create and fork pass: threads and plain processes, no namespaces.
const CLONE_THREAD_FLAGS = 0x003d0f00;
const SIGCHLD = 17;

const AUDIT: Record<SeccompArch, number> = { x86_64: AUDIT_ARCH_X86_64, aarch64: AUDIT_ARCH_AARCH64 };

function container(capabilities: readonly string[], arch: SeccompArch) {
  const bytes = compileSeccomp(defaultSeccompProfile(capabilities, arch), { arch });
  const table = syscallTable(arch);
  return (name: string, ...args: (number | bigint)[]) => {
    const nr = table.get(name);
    if (nr === undefined) throw new Error(`${name} does not exist on ${arch}`);
    return evaluate(bytes, { arch: AUDIT[arch], nr, args });
  };
}

describe.each(['x86_64', 'aarch64'] as const)('default seccomp profile on %s', (arch) => {
  const run = container(DOCKER_DEFAULT_CAPABILITIES, arch);

  it('is an allow-list that refuses with EPERM', () => {
    const profile = defaultSeccompProfile(DOCKER_DEFAULT_CAPABILITIES, arch);
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(1);
    expect(unknownSyscalls(profile, arch)).toEqual([]);
    const program = compileSeccompProgram(profile, { arch });
    verifyProgram(program);
    expect(program.length).toBeLessThan(1000);
  });

  it('allows what ordinary programs do', () => {
    for (const name of [
      'read',
      'write',
      'openat',
      'close',
      'mmap',
      'futex',
      'execve',
      'exit_group',
      'epoll_pwait',
      'rt_sigaction',
      'wait4',
      'getrandom',
      'chroot',
    ]) {
      expect([name, run(name).action]).toEqual([name, 'allow']);
    }
    expect(run('socket', 2, 1, 0).action).toBe('allow'); // AF_INET
    expect(run('socket', 40, 1, 0)).toEqual({ action: 'errno', errno: 1 }); // AF_VSOCK reaches the host
  });

  it('refuses what reaches the host or the kernel as a whole', () => {
    const refused = [
      'keyctl',
      'add_key',
      'request_key',
      'bpf',
      'kexec_load',
      'kexec_file_load',
      'reboot',
      'mount',
      'umount2',
      'pivot_root',
      'move_mount',
      'open_tree',
      'fsopen',
      'fsmount',
      'fspick',
      'fsconfig',
      'mount_setattr',
      'userfaultfd',
      'perf_event_open',
      'acct',
      'swapon',
      'swapoff',
      'init_module',
      'finit_module',
      'delete_module',
      'settimeofday',
      'clock_settime',
      'clock_adjtime',
      'adjtimex',
      'open_by_handle_at',
      'unshare',
      'setns',
      'ptrace',
      'process_vm_readv',
      'process_vm_writev',
      'io_uring_setup',
      'io_uring_enter',
      'quotactl',
      'syslog',
      'lookup_dcookie',
      'sethostname',
      'vhangup',
    ].filter((name) => syscallTable(arch).has(name));
    expect(refused.length).toBeGreaterThan(40);
    for (const name of refused) expect([name, run(name)]).toEqual([name, { action: 'errno', errno: 1 }]);
  });

  it('allows clone without namespace flags and refuses it with any', () => {
    expect(run('clone', CLONE_THREAD_FLAGS).action).toBe('allow');
    expect(run('clone', SIGCHLD).action).toBe('allow');
    for (const flag of [CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NAMESPACE_FLAGS]) {
      expect(run('clone', SIGCHLD | flag)).toEqual({ action: 'errno', errno: 1 });
    }
  });

  it('answers clone3 with ENOSYS so libc falls back to clone', () => {
    expect(run('clone3')).toEqual({ action: 'errno', errno: 38 });
  });

  it('allows only the harmless personality values', () => {
    for (const value of [0, 8, 0x20000, 0x20008, 0xffffffff]) expect(run('personality', value).action).toBe('allow');
    // READ_IMPLIES_EXEC and ADDR_NO_RANDOMIZE weaken the process's own protections.
    for (const value of [0x0400000, 0x0040000, 0x1_0000_0000]) expect(run('personality', value).action).toBe('errno');
  });

  it('opens syscalls with the capability that the kernel checks for them', () => {
    const admin = container([...DOCKER_DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'], arch);
    for (const name of ['mount', 'umount2', 'unshare', 'setns', 'pivot_root', 'clone3']) expect([name, admin(name).action]).toEqual([name, 'allow']);
    expect(admin('clone', SIGCHLD | CLONE_NEWUSER).action).toBe('allow');
    expect(admin('keyctl').action).toBe('errno'); // never: the keyring is not namespaced
    const ptrace = container(['SYS_PTRACE'], arch);
    expect(ptrace('ptrace').action).toBe('allow');
    expect(ptrace('mount').action).toBe('errno');
    expect(container(['sys_time'], arch)('clock_settime').action).toBe('allow');
    expect(container(['CAP_SYS_MODULE'], arch)('finit_module').action).toBe('allow');
    expect(container(['CAP_SYS_BOOT'], arch)('reboot').action).toBe('allow');
    expect(container(['CAP_SYS_BOOT'], arch)('kexec_load').action).toBe('errno');
  });

  it('refuses chroot without CAP_SYS_CHROOT', () => {
    expect(container(['CAP_CHOWN'], arch)('chroot').action).toBe('errno');
  });
});

describe('default seccomp profile lists', () => {
  it('name only syscalls that exist on x86_64 or aarch64', () => {
    const known = (name: string) => syscallTable('x86_64').has(name) || syscallTable('aarch64').has(name);
    expect(defaultProfileSyscallNames().filter((name) => !known(name))).toEqual([]);
  });

  it('lists arch-only syscalls only on their architecture', () => {
    const names = (arch: SeccompArch) => defaultSeccompProfile([], arch).syscalls!.flatMap((rule) => rule.names);
    expect(names('x86_64')).toContain('arch_prctl');
    expect(names('aarch64')).not.toContain('arch_prctl');
    expect(names('aarch64')).not.toContain('open');
    expect(defaultSeccompProfile([], 'aarch64').architectures).toEqual(['SCMP_ARCH_AARCH64']);
  });
});
