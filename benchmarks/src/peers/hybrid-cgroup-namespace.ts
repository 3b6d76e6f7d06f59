import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's crun 1.8.1 refuses a hybrid cgroup layout (v1 controllers plus a v2 hierarchy
 * at /sys/fs/cgroup/unified). It runs when that one mount is absent, so crun is started
 * with nsenter in a persistent mount namespace where /sys/fs/cgroup/unified is unmounted
 * — the host itself is left alone. nsenter's own cost is measured as a baseline subject.
 */
export interface MountNamespace {
  /** The bind-mounted namespace file to pass to `nsenter --mount=`. */
  path: string;
  remove(): void;
}

export function hostHasHybridCgroups(): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.includes(' /sys/fs/cgroup/unified ') && line.includes(' - cgroup2 '));
}

export function createNamespaceWithoutUnified(): MountNamespace {
  // A namespace file can only be bind-mounted on a private mount, so give it a private
  // directory of its own.
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-mntns-'));
  execFileSync('mount', ['--bind', dir, dir]);
  execFileSync('mount', ['--make-private', dir]);
  const path = join(dir, 'mnt');
  writeFileSync(path, '');
  try {
    execFileSync('unshare', [`--mount=${path}`, '--propagation', 'private', 'umount', '-l', '/sys/fs/cgroup/unified']);
  } catch (error) {
    removeNamespace(dir, path);
    throw error;
  }
  return { path, remove: () => removeNamespace(dir, path) };
}

function removeNamespace(dir: string, path: string): void {
  if (existsSync(path)) execFileSync('umount', [path], { stdio: 'ignore' });
  execFileSync('umount', [dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
