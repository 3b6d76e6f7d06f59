import type { OciSeccomp } from '../model/oci-spec.js';
import { normalizeCapability } from '../security/capabilities.js';
import { SCMP_ARCH, seccompArch, syscallTable } from './arch.js';

/**
 * Berth's default seccomp profile: an allow-list, like Docker's, so a syscall the kernel
 * adds tomorrow is refused until someone decides otherwise. Refusals return EPERM, which
 * programs handle as "not permitted here" rather than crashing.
 *
 * What is left out is what lets a root process in a container reach the host or the whole
 * kernel: the keyring (not namespaced), bpf, kexec and modules, reboot, the clock, the mount
 * API, new namespaces, ptrace of other processes, perf, userfaultfd (a classic exploit aid),
 * io_uring (a large attack surface; Docker dropped it too), swap and accounting. Several come
 * back with the capability that the kernel would check anyway, so `--cap-add SYS_ADMIN`
 * behaves as users expect instead of failing twice.
 *
 * Lists are in rough order of frequency: the compiled filter tests syscalls linearly, so
 * read/write/futex/epoll are decided in the first comparisons.
 */

// prettier-ignore
const ALWAYS_ALLOWED: readonly string[] = [
  // I/O on descriptors, the hot path.
  'read', 'write', 'readv', 'writev', 'pread64', 'pwrite64', 'preadv', 'pwritev', 'preadv2', 'pwritev2', 'close', 'close_range',
  'futex', 'futex_waitv', 'futex_wait', 'futex_wake', 'futex_requeue',
  'epoll_wait', 'epoll_pwait', 'epoll_pwait2', 'epoll_ctl', 'epoll_create', 'epoll_create1', 'poll', 'ppoll', 'select', 'pselect6',
  'recvfrom', 'sendto', 'recvmsg', 'sendmsg', 'recvmmsg', 'sendmmsg', 'lseek', 'ioctl', 'fcntl',
  'dup', 'dup2', 'dup3', 'pipe', 'pipe2', 'sendfile', 'splice', 'tee', 'vmsplice', 'copy_file_range', 'readahead',
  // Files and directories.
  'open', 'openat', 'openat2', 'creat', 'stat', 'fstat', 'lstat', 'newfstatat', 'statx', 'statfs', 'fstatfs',
  'access', 'faccessat', 'faccessat2', 'readlink', 'readlinkat', 'getdents', 'getdents64', 'getcwd', 'chdir', 'fchdir',
  'mkdir', 'mkdirat', 'rmdir', 'rename', 'renameat', 'renameat2', 'link', 'linkat', 'symlink', 'symlinkat', 'unlink', 'unlinkat',
  'chmod', 'fchmod', 'fchmodat', 'fchmodat2', 'chown', 'fchown', 'lchown', 'fchownat', 'umask', 'utime', 'utimes', 'utimensat', 'futimesat',
  // mknod itself is governed by CAP_MKNOD and the device cgroup.
  'mknod', 'mknodat',
  'truncate', 'ftruncate', 'fallocate', 'fadvise64', 'fsync', 'fdatasync', 'sync', 'syncfs', 'sync_file_range', 'flock',
  'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr', 'flistxattr', 'setxattr', 'lsetxattr', 'fsetxattr',
  'removexattr', 'lremovexattr', 'fremovexattr', 'name_to_handle_at',
  'inotify_init', 'inotify_init1', 'inotify_add_watch', 'inotify_rm_watch', 'fanotify_mark', 'cachestat',
  // Memory.
  'brk', 'mmap', 'munmap', 'mremap', 'mprotect', 'madvise', 'mincore', 'msync', 'remap_file_pages', 'membarrier', 'memfd_create',
  'mlock', 'mlock2', 'munlock', 'mlockall', 'munlockall', 'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'mseal', 'map_shadow_stack',
  'get_mempolicy', 'set_mempolicy', 'mbind',
  // Processes and threads (clone is below, with its namespace check).
  'fork', 'vfork', 'execve', 'execveat', 'exit', 'exit_group', 'wait4', 'waitid', 'set_tid_address', 'set_robust_list', 'get_robust_list',
  'rseq', 'restart_syscall', 'arch_prctl', 'prctl', 'capget', 'capset', 'seccomp', 'landlock_create_ruleset', 'landlock_add_rule',
  'landlock_restrict_self', 'getpid', 'getppid', 'gettid', 'getpgid', 'setpgid', 'getpgrp', 'getsid', 'setsid',
  'getuid', 'geteuid', 'getgid', 'getegid', 'getresuid', 'getresgid', 'getgroups', 'setuid', 'setgid', 'setreuid', 'setregid',
  'setresuid', 'setresgid', 'setfsuid', 'setfsgid', 'setgroups', 'getrlimit', 'setrlimit', 'prlimit64', 'getrusage', 'times',
  'getpriority', 'setpriority', 'sched_yield', 'sched_getaffinity', 'sched_setaffinity', 'sched_getparam', 'sched_setparam',
  'sched_getscheduler', 'sched_setscheduler', 'sched_get_priority_max', 'sched_get_priority_min', 'sched_rr_get_interval',
  'sched_getattr', 'sched_setattr', 'ioprio_get', 'ioprio_set', 'getcpu', 'uname', 'sysinfo', 'getrandom',
  'pidfd_open', 'pidfd_send_signal',
  // Signals.
  'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'rt_sigpending', 'rt_sigtimedwait', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo',
  'rt_sigsuspend', 'sigaltstack', 'signalfd', 'signalfd4', 'kill', 'tkill', 'tgkill', 'pause', 'alarm',
  // Time (reading it; setting it needs CAP_SYS_TIME below).
  'clock_gettime', 'clock_getres', 'clock_nanosleep', 'nanosleep', 'gettimeofday', 'time', 'getitimer', 'setitimer',
  'timer_create', 'timer_settime', 'timer_gettime', 'timer_getoverrun', 'timer_delete', 'timerfd_create', 'timerfd_settime', 'timerfd_gettime',
  'eventfd', 'eventfd2',
  // Sockets (socket itself is below, without AF_VSOCK).
  'socketpair', 'bind', 'listen', 'accept', 'accept4', 'connect', 'getsockname', 'getpeername', 'setsockopt', 'getsockopt', 'shutdown',
  // IPC: private to the container's IPC namespace.
  'msgget', 'msgsnd', 'msgrcv', 'msgctl', 'semget', 'semop', 'semtimedop', 'semctl', 'shmget', 'shmat', 'shmdt', 'shmctl',
  'mq_open', 'mq_unlink', 'mq_timedsend', 'mq_timedreceive', 'mq_notify', 'mq_getsetattr',
  // Asynchronous I/O (the old interface; io_uring is refused).
  'io_setup', 'io_destroy', 'io_submit', 'io_cancel', 'io_getevents', 'io_pgetevents',
];

/** Extra syscalls per capability: granting the capability makes the syscall reachable, and the kernel checks the capability itself. */
// prettier-ignore
const BY_CAPABILITY: Readonly<Record<string, readonly string[]>> = {
  CAP_SYS_ADMIN: [
    'mount', 'umount2', 'pivot_root', 'move_mount', 'open_tree', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'mount_setattr',
    'unshare', 'setns', 'clone3', 'sethostname', 'setdomainname', 'quotactl', 'quotactl_fd', 'fanotify_init', 'lookup_dcookie',
    'swapon', 'swapoff', 'bpf', 'perf_event_open',
  ],
  CAP_BPF: ['bpf'],
  CAP_PERFMON: ['perf_event_open'],
  CAP_SYS_BOOT: ['reboot'],
  CAP_SYS_CHROOT: ['chroot'],
  CAP_SYS_MODULE: ['init_module', 'finit_module', 'delete_module'],
  CAP_SYS_PACCT: ['acct'],
  CAP_SYS_PTRACE: ['ptrace', 'kcmp', 'pidfd_getfd', 'process_vm_readv', 'process_vm_writev', 'process_madvise'],
  CAP_SYS_RAWIO: ['iopl', 'ioperm'],
  CAP_SYS_TIME: ['settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex'],
  CAP_SYS_TTY_CONFIG: ['vhangup'],
  CAP_SYS_NICE: ['move_pages', 'migrate_pages', 'set_mempolicy_home_node'],
  CAP_SYSLOG: ['syslog'],
  CAP_DAC_READ_SEARCH: ['open_by_handle_at'],
};

/** Every namespace flag clone(2) accepts (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET). */
export const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
const AF_VSOCK = 40;
const ENOSYS = 38;
/** personality(2) values that change nothing security-relevant: Linux, 32-bit uname, UNAME26 (and both), and the query. */
const SAFE_PERSONALITIES = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

type Rule = NonNullable<OciSeccomp['syscalls']>[number];

export function defaultSeccompProfile(capabilities: readonly string[] = [], arch: string = process.arch): OciSeccomp {
  const seccompArchName = seccompArch(arch);
  const table = syscallTable(seccompArchName);
  const granted = new Set(capabilities.map((name) => normalizeCapability(name)));
  const sysAdmin = granted.has('CAP_SYS_ADMIN') || granted.has('ALL');

  const allowed = new Set(ALWAYS_ALLOWED);
  for (const [capability, names] of Object.entries(BY_CAPABILITY)) {
    if (granted.has(capability) || granted.has('ALL')) for (const name of names) allowed.add(name);
  }
  // Only names this architecture has, so the config.json is exact and unknownSyscalls() is empty.
  const known = (names: Iterable<string>) => [...names].filter((name) => table.has(name));

  const rules: Rule[] = [{ names: known(allowed), action: 'SCMP_ACT_ALLOW' }];
  rules.push({ names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: AF_VSOCK, op: 'SCMP_CMP_NE' }] });
  rules.push(
    sysAdmin
      ? { names: ['clone'], action: 'SCMP_ACT_ALLOW' }
      : // Flags are argument 0 on both x86_64 and aarch64 (only s390 swaps the first two).
        { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
  );
  // clone3 passes its flags in a struct the filter cannot read, so it cannot get clone's
  // check; ENOSYS (not EPERM) makes glibc and musl fall back to clone.
  if (!sysAdmin) rules.push({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS });
  for (const value of SAFE_PERSONALITIES) rules.push({ names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] });

  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    architectures: [SCMP_ARCH[seccompArchName]],
    syscalls: rules.map((rule) => ({ ...rule, names: known(rule.names) })).filter((rule) => rule.names.length > 0),
  };
}

/** Every syscall name the profile can mention, for the spec that catches typos in the lists above. */
export function defaultProfileSyscallNames(): string[] {
  return [...new Set([...ALWAYS_ALLOWED, ...Object.values(BY_CAPABILITY).flat(), 'socket', 'clone', 'clone3', 'personality'])];
}
