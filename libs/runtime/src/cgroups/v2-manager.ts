import { dirname } from 'node:path';
import type { OciResources } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { applyWrites } from './apply-writes.js';
import type { CgroupManager, CgroupRecord, ControllerOwner, FreezerFile } from './cgroup-manager.js';
import type { CgroupWrite } from './cgroup-write.js';
import { makeCgroupDir, readCgroupFile, readPids, removalList, removeCgroupDirs, writeCgroupFile } from './cgroup-fs.js';
import { isFrozenV2, setFrozenV2 } from './freezer.js';
import { cgroupDirectory, type Hierarchy } from './host-layout.js';
import { v2Limits } from './limits-v2.js';
import type { CgroupStats } from './stats.js';
import { parseV2Stats, V2_STATS_FILES } from './stats-v2.js';

/** Controllers a container's limits and counters use, enabled down to its parent where available. */
const WANTED_CONTROLLERS = ['cpu', 'cpuset', 'io', 'memory', 'pids'];

/** cgroup v2: one directory in the unified tree. */
export interface V2Record {
  mountPoint: string;
  path: string;
  /**
   * Whether this tree carries the controllers (a pure v2 host). On a hybrid host they are
   * all in v1, so memory.events, cpu.max etc. here would say and do nothing.
   */
  ownsMemory: boolean;
  /** Directories to remove on delete, outermost first (see removalList). */
  created: string[];
  ownsParent: boolean;
}

export class V2CgroupManager implements CgroupManager, ControllerOwner {
  constructor(private state: V2Record) {}

  static forPath(hierarchy: Hierarchy, path: string, ownsMemory: boolean, ownsParent: boolean): V2CgroupManager {
    return new V2CgroupManager({ mountPoint: hierarchy.mountPoint, path: cgroupDirectory(hierarchy, path), ownsMemory, created: [], ownsParent });
  }

  async create(): Promise<void> {
    const created = await makeCgroupDir(this.state.path, this.state.mountPoint);
    this.state.created = removalList(created, this.state.path, this.state.ownsParent);
    if (this.state.ownsMemory) enableControllers(this.state.mountPoint, this.state.path);
  }

  ownsControllers(): boolean {
    return this.state.ownsMemory;
  }

  async apply(resources: OciResources): Promise<void> {
    // The same writes on create and update. The device policy is not a file here: create compiles it into an eBPF program the shim attaches.
    applyWrites(v2Limits(resources), () => this.state.path, missingV2File);
  }

  async freeze(): Promise<void> {
    try {
      await setFrozenV2(this.state.path, true);
    } catch (error) {
      await setFrozenV2(this.state.path, false).catch(() => undefined);
      throw error;
    }
  }

  async thaw(): Promise<void> {
    await setFrozenV2(this.state.path, false);
  }

  async isFrozen(): Promise<boolean> {
    return isFrozenV2(this.state.path);
  }

  freezerFile(): FreezerFile {
    return { version: 'v2', path: `${this.state.path}/cgroup.events` };
  }

  async stats(): Promise<CgroupStats> {
    const texts = new Map(V2_STATS_FILES.map((file) => [file, readCgroupFile(`${this.state.path}/${file}`)]));
    return parseV2Stats((file) => texts.get(file));
  }

  procsFiles(): string[] {
    return [`${this.state.path}/cgroup.procs`];
  }

  oomControlFile(): string | undefined {
    return this.state.ownsMemory ? `${this.state.path}/memory.events` : undefined;
  }

  deviceProgramCgroup(): string | undefined {
    return this.state.ownsMemory ? this.state.path : undefined;
  }

  pids(): Promise<number[]> {
    return readPids(this.state.path);
  }

  async remove(): Promise<void> {
    await removeCgroupDirs(this.state.created);
    this.state = { ...this.state, created: [] };
  }

  removalGroups(): string[][] {
    return this.state.created.length > 0 ? [[...this.state.created]] : [];
  }

  record(): CgroupRecord {
    return { v2: structuredClone(this.state) };
  }
}

/**
 * In v2 a controller's files appear in a cgroup only once its parent lists the controller in
 * cgroup.subtree_control, level by level from the root. Best effort: the kernel refuses
 * (EBUSY) in a cgroup that holds processes itself (the "no internal processes" rule), which
 * is the case when the runtime's own cgroup is the parent; apply then reports the missing
 * file with the way out, instead of create failing for containers that set no limits.
 */
export function enableControllers(mountPoint: string, leaf: string): void {
  const levels: string[] = [];
  for (let dir = dirname(leaf); dir.startsWith(mountPoint); dir = dirname(dir)) {
    levels.unshift(dir);
    if (dir === mountPoint) break;
  }
  for (const dir of levels) {
    const available = (readCgroupFile(`${dir}/cgroup.controllers`) ?? '').split(/\s+/);
    const enabled = new Set((readCgroupFile(`${dir}/cgroup.subtree_control`) ?? '').split(/\s+/));
    const missing = WANTED_CONTROLLERS.filter((name) => available.includes(name) && !enabled.has(name));
    if (missing.length === 0) continue;
    try {
      writeCgroupFile(`${dir}/cgroup.subtree_control`, missing.map((name) => `+${name}`).join(' '));
    } catch (error) {
      if (errnoOf(error) !== 'EBUSY' && errnoOf(error) !== 'ENOENT') {
        throw new RuntimeError(errnoOf(error) ?? 'EIO', `enabling ${missing.join(', ')} in ${dir}/cgroup.subtree_control: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }
}

function missingV2File(write: CgroupWrite, dir: string): string {
  return (
    `${write.file} does not exist in ${dir}: the ${write.controller} controller is not enabled there. cgroup v2 enables a controller ` +
    `only below cgroups without processes of their own; run the runtime in a leaf cgroup of its own, or give an absolute linux.cgroupsPath ` +
    `below a cgroup delegated to it`
  );
}
