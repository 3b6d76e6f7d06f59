import { existsSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes the cgroup `name` (a path from a hierarchy's root) from every mounted hierarchy,
 * v1 and v2, where it exists and is empty: what an engine made as its containers' parent and
 * left behind when it stopped. A cgroup still in use stays, and nothing else is touched.
 */
export function removeCgroup(name: string): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => / - cgroup2? /.test(line))
    .map((line) => line.split(' ')[4]!);
  for (const mount of mounts) {
    const dir = join(mount, name);
    if (!existsSync(dir)) continue;
    try {
      rmdirSync(dir);
    } catch {
      // still has members or children: not ours to force
    }
  }
}
