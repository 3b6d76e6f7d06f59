import { existsSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { binaryVersion, findBinary } from '../peers/find-binary.js';
import { gitRevision } from './git-revision.js';
import { kvmModules } from './kvm-modules.js';

/**
 * What a number depends on besides the code: the machine, its kernel and cgroup layout,
 * whether KVM is there, and the versions of the tools the suites drive. Suites add their own
 * entries (a peer's version) on top.
 */
export function hostEnvironment(): Record<string, string> {
  const cores = cpus();
  const environment: Record<string, string> = {
    'cpu model': cores[0]?.model.trim() ?? 'unknown',
    'cpu cores': String(cores.length),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel: release(),
    'cgroup version': cgroupVersion(),
    '/dev/kvm': existsSync('/dev/kvm') ? `present${kvmModules() ? ` (${kvmModules()})` : ''}` : 'absent',
    node: process.version,
    'git revision': gitRevision() ?? 'unknown',
  };
  for (const tool of ['qemu-system-x86_64', 'crun', 'runc', 'podman', 'docker', 'umoci', 'skopeo']) {
    const binary = findBinary(tool);
    if (binary) environment[tool] = binaryVersion(binary);
  }
  return environment;
}

/** v2 when /sys/fs/cgroup is cgroup2 itself; hybrid when v1 controllers sit beside a v2 `unified` mount. */
function cgroupVersion(): string {
  if (existsSync('/sys/fs/cgroup/cgroup.controllers')) return 'v2';
  if (existsSync('/sys/fs/cgroup/unified/cgroup.controllers')) return 'hybrid (v1 controllers, v2 at /sys/fs/cgroup/unified)';
  return existsSync('/sys/fs/cgroup') ? 'v1' : 'none';
}
