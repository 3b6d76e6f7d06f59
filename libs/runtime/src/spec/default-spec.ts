import { DEFAULT_CAPABILITIES } from '../model/default-capabilities.js';
import { OCI_VERSION, type OciSpec } from '../model/oci-spec.js';
import { defaultSeccompProfile } from '../seccomp/default-profile.js';
import { DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS } from '../security/default-paths.js';

export interface DefaultSpecOptions {
  args?: string[];
  terminal?: boolean;
  /**
   * The CPU the seccomp profile is for: Node's name (`x64`, `arm64`) or the kernel's
   * (`x86_64`, `aarch64`). Defaults to the running Node's.
   */
  arch?: string;
}

/**
 * The config.json `berth-runtime spec` writes, the counterpart of `runc spec`: `sh` in
 * ./rootfs as root, read-only root, every namespace but user and time, the usual
 * pseudo-filesystems, and the secure defaults: Docker's 14 capabilities (bounding,
 * effective, permitted; inheritable and ambient empty), no_new_privs, the default seccomp
 * profile for the architecture, and the masked and read-only paths. Node-side (the seccomp
 * profile and its syscall tables stay out of the browser-safe model); the capability list it
 * grants is the model's DEFAULT_CAPABILITIES.
 */
export function defaultSpec(options: DefaultSpecOptions = {}): OciSpec {
  return {
    ociVersion: OCI_VERSION,
    process: {
      terminal: options.terminal ?? true,
      user: { uid: 0, gid: 0 },
      args: options.args ?? ['sh'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
      cwd: '/',
      capabilities: {
        bounding: [...DEFAULT_CAPABILITIES],
        effective: [...DEFAULT_CAPABILITIES],
        permitted: [...DEFAULT_CAPABILITIES],
        inheritable: [],
        ambient: [],
      },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'berth',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
    ],
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' }],
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
      seccomp: defaultSeccompProfile(DEFAULT_CAPABILITIES, options.arch ?? process.arch),
    },
  };
}
