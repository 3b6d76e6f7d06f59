import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';

/**
 * Which cgroup hierarchies this host has mounted, read from /proc/self/mountinfo, and where
 * this process sits in each (/proc/self/cgroup). Detected at run time because the same
 * build runs on v1 (this machine, hybrid), pure v2 (most hosts) and inside containers whose
 * cgroup mounts are rooted below the host's root.
 */
export interface Hierarchy {
  version: 1 | 2;
  /** Where it is mounted, e.g. /sys/fs/cgroup/memory. */
  mountPoint: string;
  /** The cgroup shown at the mount point (not `/` inside another container's cgroup ns). */
  mountRoot: string;
  /** v1: controllers and `name=` options, e.g. ['cpu', 'cpuacct']; v2: []. */
  controllers: string[];
  /** This process's cgroup in that hierarchy, as /proc/self/cgroup names it. */
  ownPath: string;
}

export interface HostLayout {
  v1: Hierarchy[];
  v2?: Hierarchy;
}

interface MountinfoEntry {
  mountPoint: string;
  root: string;
  fsType: string;
  superOptions: string[];
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMountinfo(text: string): MountinfoEntry[] {
  const entries: MountinfoEntry[] = [];
  for (const line of text.split('\n')) {
    const separator = line.indexOf(' - ');
    if (separator < 0) continue;
    const fields = line.slice(0, separator).split(' ');
    const tail = line.slice(separator + 3).split(' ');
    entries.push({
      root: unescape(fields[3] ?? ''),
      mountPoint: unescape(fields[4] ?? ''),
      fsType: tail[0] ?? '',
      superOptions: (tail[2] ?? '').split(','),
    });
  }
  return entries;
}

/** /proc/self/cgroup: `id:controllers:path`; v2 is `0::path`. Keyed by the controllers field. */
export function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (match) paths.set(match[1]!, match[2]!);
  }
  return paths;
}

export function buildHostLayout(mountinfo: string, procCgroup: string): HostLayout {
  const own = parseProcCgroup(procCgroup);
  const layout: HostLayout = { v1: [] };
  const seen = new Set<string>();
  for (const entry of parseMountinfo(mountinfo)) {
    if (entry.fsType === 'cgroup2') {
      // A hierarchy may be mounted twice (bind mounts); the first mount is as good as any.
      if (layout.v2) continue;
      layout.v2 = { version: 2, mountPoint: entry.mountPoint, mountRoot: entry.root, controllers: [], ownPath: own.get('') ?? '/' };
    } else if (entry.fsType === 'cgroup') {
      const controllers = entry.superOptions.filter((option) => option !== 'rw' && option !== 'ro' && !isMountFlag(option));
      const key = controllers.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      layout.v1.push({ version: 1, mountPoint: entry.mountPoint, mountRoot: entry.root, controllers, ownPath: own.get(key) ?? '/' });
    }
  }
  return layout;
}

/** Super options of a v1 cgroup mount that are not controllers. */
function isMountFlag(option: string): boolean {
  return option === 'xattr' || option === 'noprefix' || option === 'clone_children' || option.startsWith('release_agent=') || option === 'cpuset_v2_mode';
}

export async function detectHostLayout(): Promise<HostLayout> {
  const [mountinfo, procCgroup] = await Promise.all([readFile('/proc/self/mountinfo', 'utf8'), readFile('/proc/self/cgroup', 'utf8')]);
  return buildHostLayout(mountinfo, procCgroup);
}

/**
 * The directory of cgroup `path` in a hierarchy. Relative paths are below this process's own
 * cgroup (as runc does), so a runtime confined to a delegated subtree stays inside it.
 */
export function cgroupDirectory(hierarchy: Hierarchy, path: string): string {
  const cgroup = path.startsWith('/') ? posix.normalize(path) : posix.join(hierarchy.ownPath, path);
  // Below a mount rooted at /x/y, cgroup /x/y/z lives at <mountPoint>/z.
  const root = hierarchy.mountRoot === '/' ? '' : hierarchy.mountRoot;
  const inside = root && (cgroup === root || cgroup.startsWith(`${root}/`)) ? cgroup.slice(root.length) : cgroup;
  return posix.join(hierarchy.mountPoint, inside);
}
