import { existsSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes `name` below this process's own cgroup in every mounted hierarchy where it exists and
 * is empty: the parent a Runtime made for its containers (`cgroupParent`), which deleting the
 * containers leaves behind. This process may sit at a different path in each hierarchy (a memory
 * cgroup of its own, the root elsewhere), so each is resolved from /proc/self/cgroup. Returns the
 * directories still there afterwards (in use: not ours to force).
 */
export function removeCgroupBelowSelf(name: string): string[] {
  const own = ownCgroups();
  const left: string[] = [];
  for (const { mount, key } of cgroupMounts()) {
    const base = own.get(key);
    if (base === undefined) continue;
    const dir = join(mount, base, name);
    if (!existsSync(dir)) continue;
    try {
      rmdirSync(dir);
    } catch {
      left.push(dir);
    }
  }
  return left;
}

/** Every cgroup mount with the key /proc/self/cgroup files it under: its controllers (v1, "memory", "cpu,cpuacct"), "name=systemd", or "" for v2. */
function cgroupMounts(): { mount: string; key: string }[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => / - cgroup2? /.test(line))
    .map((line) => {
      const [before, after] = line.split(' - ');
      const mount = before!.split(' ')[4]!;
      const [type, , superOptions] = after!.split(' ');
      if (type === 'cgroup2') return { mount, key: '' };
      const known = [
        'cpu',
        'cpuacct',
        'cpuset',
        'memory',
        'devices',
        'freezer',
        'net_cls',
        'net_prio',
        'blkio',
        'perf_event',
        'hugetlb',
        'pids',
        'rdma',
        'misc',
      ];
      const options = (superOptions ?? '').split(',');
      const named = options.find((option) => option.startsWith('name='));
      return { mount, key: named ?? options.filter((option) => known.includes(option)).join(',') };
    });
}

function ownCgroups(): Map<string, string> {
  const entries = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
      return [controllers ?? '', path ?? '/'] as const;
    });
  return new Map(entries);
}
