import type { CgroupManager, CgroupRecord } from './cgroup-manager.js';
import { makeCgroupDir, readPids, removalList, removeCgroupDirs } from './cgroup-fs.js';
import { cgroupDirectory, type Hierarchy } from './host-layout.js';

/** cgroup v2: one directory in the unified tree. */
export interface V2Record {
  mountPoint: string;
  path: string;
  /** On a hybrid host memory is accounted in v1, so memory.events here would say nothing. */
  ownsMemory: boolean;
  /** Directories to remove on delete, outermost first (see removalList). */
  created: string[];
  ownsParent: boolean;
}

export class V2CgroupManager implements CgroupManager {
  constructor(private state: V2Record) {}

  static forPath(hierarchy: Hierarchy, path: string, ownsMemory: boolean, ownsParent: boolean): V2CgroupManager {
    return new V2CgroupManager({ mountPoint: hierarchy.mountPoint, path: cgroupDirectory(hierarchy, path), ownsMemory, created: [], ownsParent });
  }

  async create(): Promise<void> {
    const created = await makeCgroupDir(this.state.path, this.state.mountPoint);
    this.state.created = removalList(created, this.state.path, this.state.ownsParent);
  }

  procsFiles(): string[] {
    return [`${this.state.path}/cgroup.procs`];
  }

  oomControlFile(): string | undefined {
    return this.state.ownsMemory ? `${this.state.path}/memory.events` : undefined;
  }

  pids(): Promise<number[]> {
    return readPids(this.state.path);
  }

  async remove(): Promise<void> {
    await removeCgroupDirs(this.state.created);
    this.state = { ...this.state, created: [] };
  }

  record(): CgroupRecord {
    return { v2: structuredClone(this.state) };
  }
}
