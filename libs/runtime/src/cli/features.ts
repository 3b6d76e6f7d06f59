import { OCI_NAMESPACE_TYPES, OCI_VERSION } from '../model/oci-spec.js';
import { SCMP_ARCH, SECCOMP_ARCHES } from '../seccomp/arch.js';
import { SCMP_ACTIONS, SCMP_OPS } from '../seccomp/compile.js';
import { CAPABILITIES } from '../security/capabilities.js';
import { RUNTIME_VERSION } from './version.js';

/**
 * Mount options the native core understands (native/PLAN.md, "mount options"); anything else is
 * passed to the file system as data, as runc does.
 */
const MOUNT_OPTIONS = [
  'async',
  'atime',
  'bind',
  'defaults',
  'dev',
  'diratime',
  'dirsync',
  'exec',
  'mand',
  'noatime',
  'nodev',
  'nodiratime',
  'noexec',
  'nomand',
  'norelatime',
  'nostrictatime',
  'nosuid',
  'private',
  'rbind',
  'relatime',
  'remount',
  'rprivate',
  'rshared',
  'rslave',
  'runbindable',
  'ro',
  'rw',
  'shared',
  'slave',
  'strictatime',
  'suid',
  'sync',
  'unbindable',
];

/**
 * `berth-runtime features`: the runtime-spec "features" document (features-linux.md), what newer
 * containerd versions read to learn what a runtime can do. Only what Berth really implements:
 * every hook phase, no systemd cgroup driver, no AppArmor or SELinux.
 */
export function runtimeFeatures(): Record<string, unknown> {
  return {
    ociVersionMin: '1.0.0',
    ociVersionMax: OCI_VERSION,
    // The runtime-namespace hooks run in lifecycle/hooks.ts, createContainer and startContainer in the container (native/src/hooks.c).
    hooks: ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'],
    mountOptions: MOUNT_OPTIONS,
    linux: {
      // The native core's kinds (PLAN.md `namespace`); the time namespace is not among them.
      namespaces: OCI_NAMESPACE_TYPES.filter((type) => type !== 'time'),
      capabilities: [...CAPABILITIES],
      cgroup: { v1: true, v2: true, systemd: false, systemdUser: false },
      seccomp: {
        enabled: true,
        actions: [...SCMP_ACTIONS],
        operators: [...SCMP_OPS],
        archs: SECCOMP_ARCHES.map((arch) => SCMP_ARCH[arch]),
      },
      apparmor: { enabled: false },
      selinux: { enabled: false },
    },
    annotations: { 'io.berth.runtime.version': RUNTIME_VERSION },
  };
}
