import type { OciResources } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import type { HostLayout } from './host-layout.js';
import type { CgroupStats } from './stats.js';
import { V1CgroupManager, type V1Record } from './v1-manager.js';
import { V2CgroupManager, type V2Record } from './v2-manager.js';

/**
 * One container's cgroup, behind an interface so lifecycle code does not care whether the
 * host is v1, v2 or hybrid. Each version maps resources, reads counters and freezes in its
 * own way; on a hybrid host the v1 hierarchies hold every controller and the unified tree
 * only places the process.
 */
export interface CgroupManager {
  /** Makes the cgroup directories (and only records those it made). */
  create(): Promise<void>;
  /**
   * Writes limits. `create` also installs the device policy; an update leaves it alone
   * (rewriting it would briefly deny devices to running processes).
   */
  apply(resources: OciResources, phase: 'create' | 'update'): Promise<void>;
  /** Stops every process in the cgroup and returns once the kernel says they are stopped. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  isFrozen(): Promise<boolean>;
  /** The file `isFrozen` reads and how to read it, for the native `state` (state-sidecar.ts); undefined when nothing can freeze. */
  freezerFile(): FreezerFile | undefined;
  stats(): Promise<CgroupStats>;
  /** `cgroup.procs` files the container's pid must be written to, one per hierarchy. */
  procsFiles(): string[];
  /** The file the shim reads at exit to tell an OOM kill from a plain SIGKILL. */
  oomControlFile(): string | undefined;
  /**
   * Where the device policy is an eBPF program (cgroup v2 has no devices controller): the
   * cgroup directory the shim attaches it to. Undefined where the v1 devices controller
   * takes the policy as part of `apply`.
   */
  deviceProgramCgroup(): string | undefined;
  /** Host pids of every process in the container's cgroup. */
  pids(): Promise<number[]>;
  /** Removes what create made; fails with EBUSY while processes remain. */
  remove(): Promise<void>;
  /** What `remove` removes: lists of directories, outermost first, each removed innermost first until one is busy. */
  removalGroups(): string[][];
  /** What to keep in state.json so another process can find (and remove) the cgroup. */
  record(): CgroupRecord;
}

/** v1: `freezer.state` reads FROZEN; v2: `cgroup.events` has the line `frozen 1`. */
export interface FreezerFile {
  version: 'v1' | 'v2';
  path: string;
}

/** The part of a manager that owns the controllers (v1 on a hybrid host). */
export interface ControllerOwner {
  ownsControllers(): boolean;
}

export interface CgroupRecord {
  v1?: V1Record;
  v2?: V2Record;
}

/** Hybrid hosts get both: v1 hierarchies for the controllers, the v2 tree for systemd's view. */
class CompositeCgroupManager implements CgroupManager {
  constructor(private readonly parts: (CgroupManager & ControllerOwner)[]) {}

  /** Where limits, counters and the freezer live: v1 when the host has any v1 hierarchy. */
  private get controllers(): CgroupManager {
    const owner = this.parts.find((part) => part.ownsControllers());
    if (!owner) throw new RuntimeError('NOT_SUPPORTED', 'this host has no cgroup controllers Berth can use');
    return owner;
  }

  apply(resources: OciResources, phase: 'create' | 'update'): Promise<void> {
    return this.controllers.apply(resources, phase);
  }

  freeze(): Promise<void> {
    return this.controllers.freeze();
  }

  thaw(): Promise<void> {
    return this.controllers.thaw();
  }

  isFrozen(): Promise<boolean> {
    return this.controllers.isFrozen();
  }

  freezerFile(): FreezerFile | undefined {
    return this.parts.find((part) => part.ownsControllers())?.freezerFile();
  }

  stats(): Promise<CgroupStats> {
    return this.controllers.stats();
  }

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

  deviceProgramCgroup(): string | undefined {
    return this.controllers.deviceProgramCgroup();
  }

  async pids(): Promise<number[]> {
    const all = await Promise.all(this.parts.map((part) => part.pids()));
    return [...new Set(all.flat())].sort((a, b) => a - b);
  }

  async remove(): Promise<void> {
    for (const part of this.parts) await part.remove();
  }

  removalGroups(): string[][] {
    return this.parts.flatMap((part) => part.removalGroups());
  }

  record(): CgroupRecord {
    return Object.assign({}, ...this.parts.map((part) => part.record())) as CgroupRecord;
  }
}

/** The cgroup of a container whose spec names none: below our own cgroup, in the runtime's parent. */
export function defaultCgroupPath(id: string, parent = DEFAULT_CGROUP_PARENT): string {
  return `${parent}/${id}`;
}

/** The runtime's own parent cgroup, below this process's cgroup in every hierarchy. */
export const DEFAULT_CGROUP_PARENT = 'berth';

/**
 * A manager for a new container. `path` is the spec's cgroupsPath (relative = below our own
 * cgroup) or, when the spec has none, defaultCgroupPath — whose parent the runtime owns.
 */
export function cgroupManagerFor(layout: HostLayout, path: string, isDefaultPath = false): CgroupManager {
  const parts: (CgroupManager & ControllerOwner)[] = [];
  if (layout.v1.length > 0) parts.push(V1CgroupManager.forPath(layout.v1, path, isDefaultPath));
  if (layout.v2) parts.push(V2CgroupManager.forPath(layout.v2, path, layout.v1.length === 0, isDefaultPath));
  return new CompositeCgroupManager(parts);
}

/** The manager of an existing container, from its state.json (any process may reattach). */
export function openCgroupManager(record: CgroupRecord): CgroupManager {
  const parts: (CgroupManager & ControllerOwner)[] = [];
  if (record.v1) parts.push(new V1CgroupManager(record.v1));
  if (record.v2) parts.push(new V2CgroupManager(record.v2));
  return new CompositeCgroupManager(parts);
}
