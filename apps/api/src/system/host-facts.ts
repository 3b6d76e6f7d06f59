import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, hostname, release, totalmem } from 'node:os';

export type CgroupLayout = 'v1' | 'v2' | 'hybrid' | 'none';

/**
 * How the host mounts cgroups: v2 alone exposes cgroup.controllers at the top; hybrid
 * keeps v1 controllers with a v2 hierarchy at /sys/fs/cgroup/unified (this is what
 * Debian 12 with systemd's legacy mode looks like).
 */
export function detectCgroupLayout(root = '/sys/fs/cgroup'): CgroupLayout {
  if (existsSync(`${root}/cgroup.controllers`)) return 'v2';
  const hasV1 = existsSync(`${root}/memory`) || existsSync(`${root}/cpu`) || existsSync(`${root}/pids`);
  if (hasV1) return existsSync(`${root}/unified`) ? 'hybrid' : 'v1';
  return 'none';
}

/** PRETTY_NAME from os-release, the way `docker info` shows the operating system. */
export function operatingSystem(osRelease = '/etc/os-release'): string {
  try {
    const line = readFileSync(osRelease, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('PRETTY_NAME='));
    return line ? line.slice('PRETTY_NAME='.length).replace(/^"|"$/g, '') : 'unknown';
  } catch {
    return 'unknown'; // containers and minimal hosts may have no os-release
  }
}

export function hostFacts() {
  return { hostname: hostname(), kernel: release(), os: operatingSystem(), architecture: arch(), cpus: cpus().length, memoryBytes: totalmem() };
}
