import type { HostLayout } from './host-layout.js';
import { V1CgroupManager, type V1Record } from './v1-manager.js';
import { V2CgroupManager, type V2Record } from './v2-manager.js';

/**
 * One container's cgroup, behind an interface so lifecycle code does not care whether the
 * host is v1, v2 or hybrid. This issue only creates, places (through the plan's
 * `cgroup_procs`), lists and removes; limits, stats and freezing (issue 4) are meant to
 * arrive as further methods here — `apply(resources)`, `stats()`, `freeze()`/`thaw()` —
 * implemented per version.
 */
export interface CgroupManager {
  /** Makes the cgroup directories (and only records those it made). */
  create(): Promise<void>;
  /** `cgroup.procs` files the container's pid must be written to, one per hierarchy. */
  procsFiles(): string[];
  /** The file the shim reads at exit to tell an OOM kill from a plain SIGKILL. */
  oomControlFile(): string | undefined;
  /** Host pids of every process in the container's cgroup. */
  pids(): Promise<number[]>;
  /** Removes what create made; fails with EBUSY while processes remain. */
  remove(): Promise<void>;
  /** What to keep in state.json so another process can find (and remove) the cgroup. */
  record(): CgroupRecord;
}

export interface CgroupRecord {
  v1?: V1Record;
  v2?: V2Record;
}

/** Hybrid hosts get both: v1 hierarchies for the controllers, the v2 tree for systemd's view. */
class CompositeCgroupManager implements CgroupManager {
  constructor(private readonly parts: CgroupManager[]) {}

  async create(): Promise<void> {
    const done: CgroupManager[] = [];
    try {
      for (const part of this.parts) {
        await part.create();
        done.push(part);
      }
    } catch (error) {
      // Leave nothing behind; the creation error is the one to report.
      for (const part of done.reverse()) await part.remove().catch(() => undefined);
      throw error;
    }
  }

  procsFiles(): string[] {
    return this.parts.flatMap((part) => part.procsFiles());
  }

  oomControlFile(): string | undefined {
    return this.parts.map((part) => part.oomControlFile()).find((file) => file !== undefined);
  }

  async pids(): Promise<number[]> {
    const all = await Promise.all(this.parts.map((part) => part.pids()));
    return [...new Set(all.flat())].sort((a, b) => a - b);
  }

  async remove(): Promise<void> {
    for (const part of this.parts) await part.remove();
  }

  record(): CgroupRecord {
    return Object.assign({}, ...this.parts.map((part) => part.record())) as CgroupRecord;
  }
}

/** The cgroup of a container whose spec names none: below our own cgroup, in the runtime's parent. */
export function defaultCgroupPath(id: string): string {
  return `berth/${id}`;
}

/**
 * A manager for a new container. `path` is the spec's cgroupsPath (relative = below our own
 * cgroup) or, when the spec has none, defaultCgroupPath — whose parent the runtime owns.
 */
export function cgroupManagerFor(layout: HostLayout, path: string, isDefaultPath = false): CgroupManager {
  const parts: CgroupManager[] = [];
  if (layout.v1.length > 0) parts.push(V1CgroupManager.forPath(layout.v1, path, isDefaultPath));
  if (layout.v2) parts.push(V2CgroupManager.forPath(layout.v2, path, layout.v1.length === 0, isDefaultPath));
  return new CompositeCgroupManager(parts);
}

/** The manager of an existing container, from its state.json (any process may reattach). */
export function openCgroupManager(record: CgroupRecord): CgroupManager {
  const parts: CgroupManager[] = [];
  if (record.v1) parts.push(new V1CgroupManager(record.v1));
  if (record.v2) parts.push(new V2CgroupManager(record.v2));
  return new CompositeCgroupManager(parts);
}
