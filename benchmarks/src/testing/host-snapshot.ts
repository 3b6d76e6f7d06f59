import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a suite may leave behind on the host, for specs to compare before and after a run. Only
 * the benchmarks' own objects: others (the lead's API, other test runs) create and remove
 * bridges, veths and cgroups on the same host meanwhile.
 */
export interface HostSnapshot {
  /** `berth-bench-*` cgroup directories in any hierarchy (a few levels deep: our own cgroup may be nested). */
  cgroups: string[];
  /** Processes booting one of the benchmarks' guest images. */
  guestVms: string[];
}

export function hostSnapshot(): HostSnapshot {
  return { cgroups: benchCgroups(), guestVms: guestVms() };
}

/**
 * Network interfaces an API server on `root` marked as its own (alias `berth:<tag of root>:…`,
 * apps/api network-owners.ts): what its bridges and veths leave if the server's stop missed them.
 */
export function linksOwnedBy(root: string): string[] {
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 8);
  return execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(`alias berth:${tag}:`))
    .map((line) => line.split(':')[1]!.trim().split('@')[0]!);
}

function benchCgroups(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      return; // removed while we looked
    }
    for (const name of entries) {
      if (name.startsWith('berth-bench-')) found.push(join(dir, name));
      else if (depth > 0) walk(join(dir, name), depth - 1);
    }
  };
  walk('/sys/fs/cgroup', 4);
  return found.sort();
}

function guestVms(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('berth-bench-guest-')) found.push(`${pid} ${cmdline.replaceAll('\0', ' ').slice(0, 120)}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}
