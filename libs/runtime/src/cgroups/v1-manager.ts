import { readFileSync, writeFileSync } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import { dirname } from 'node:path';
import type { OciResources } from '../model/oci-spec.js';
import { applyWrites } from './apply-writes.js';
import type { CgroupManager, CgroupRecord, ControllerOwner, FreezerFile } from './cgroup-manager.js';
import type { CgroupWrite } from './cgroup-write.js';
import { cgroupError, makeCgroupDir, readCgroupFile, readPids, removalList, removeCgroupDirs } from './cgroup-fs.js';
import { isFrozenV1, setFrozenV1 } from './freezer.js';
import { cgroupDirectory, type Hierarchy } from './host-layout.js';
import { v1CreateWrites, v1Limits } from './limits-v1.js';
import type { CgroupStats } from './stats.js';
import { parseV1Stats, V1_STATS_FILES } from './stats-v1.js';

/** cgroup v1: one directory per mounted hierarchy (cpu, memory, pids, name=systemd, ...). */
export interface V1Record {
  dirs: { controllers: string[]; mountPoint: string; path: string }[];
  /** Directories to remove on delete, per hierarchy, outermost first (see removalList). */
  created: string[][];
  ownsParent: boolean;
}

export class V1CgroupManager implements CgroupManager, ControllerOwner {
  constructor(private state: V1Record) {}

  static forPath(hierarchies: Hierarchy[], path: string, ownsParent: boolean): V1CgroupManager {
    return new V1CgroupManager({
      dirs: hierarchies.map((hierarchy) => ({
        controllers: hierarchy.controllers,
        mountPoint: hierarchy.mountPoint,
        path: cgroupDirectory(hierarchy, path),
      })),
      created: [],
      ownsParent,
    });
  }

  async create(): Promise<void> {
    try {
      for (const dir of this.state.dirs) {
        const created = await makeCgroupDir(dir.path, dir.mountPoint);
        this.state.created.push(removalList(created, dir.path, this.state.ownsParent));
        if (dir.controllers.includes('cpuset')) await inheritCpuset(pathBelow(dir.mountPoint, dir.path));
      }
    } catch (error) {
      await this.remove().catch(() => undefined); // report the creation error, not a follow-up
      throw error;
    }
  }

  ownsControllers(): boolean {
    return true;
  }

  async apply(resources: OciResources, phase: 'create' | 'update'): Promise<void> {
    const writes = phase === 'create' ? v1CreateWrites(resources) : v1Limits(resources);
    applyWrites(writes, (write) => this.dirOf(write.controller), missingV1File);
  }

  async freeze(): Promise<void> {
    const dir = this.requireDir('freezer', 'pause');
    try {
      await setFrozenV1(dir, true);
    } catch (error) {
      // Half-frozen is the worst outcome: give the container back as it was.
      await setFrozenV1(dir, false).catch(() => undefined);
      throw error;
    }
  }

  async thaw(): Promise<void> {
    await setFrozenV1(this.requireDir('freezer', 'resume'), false);
  }

  async isFrozen(): Promise<boolean> {
    const dir = this.dirOf('freezer');
    return dir !== undefined && isFrozenV1(dir);
  }

  freezerFile(): FreezerFile | undefined {
    const dir = this.dirOf('freezer');
    return dir === undefined ? undefined : { version: 'v1', path: `${dir}/freezer.state` };
  }

  async stats(): Promise<CgroupStats> {
    const texts = new Map<string, string | undefined>();
    for (const [controller, files] of Object.entries(V1_STATS_FILES)) {
      const dir = this.dirOf(controller);
      for (const file of files) texts.set(file, dir === undefined ? undefined : readCgroupFile(`${dir}/${file}`));
    }
    return parseV1Stats((file) => texts.get(file));
  }

  /** The container's directory in the hierarchy that carries `controller`, if the host has one. */
  private dirOf(controller: string): string | undefined {
    return this.state.dirs.find((dir) => dir.controllers.includes(controller))?.path;
  }

  private requireDir(controller: string, verb: string): string {
    const dir = this.dirOf(controller);
    if (dir === undefined) throw new RuntimeError('NOT_SUPPORTED', `cannot ${verb}: this host has no ${controller} cgroup hierarchy`);
    return dir;
  }

  procsFiles(): string[] {
    return this.state.dirs.map((dir) => `${dir.path}/cgroup.procs`);
  }

  /** v1 takes the device policy as devices.allow / devices.deny writes in apply. */
  deviceProgramCgroup(): undefined {
    return undefined;
  }

  oomControlFile(): string | undefined {
    const memory = this.state.dirs.find((dir) => dir.controllers.includes('memory'));
    return memory && `${memory.path}/memory.oom_control`;
  }

  async pids(): Promise<number[]> {
    // Every hierarchy should hold the same pids; reading all of them also finds a process
    // that was placed in only some (an exec that failed half-way).
    const all = await Promise.all(this.state.dirs.map((dir) => readPids(dir.path)));
    return [...new Set(all.flat())].sort((a, b) => a - b);
  }

  async remove(): Promise<void> {
    for (const created of this.state.created) await removeCgroupDirs(created);
    this.state = { ...this.state, created: [] };
  }

  removalGroups(): string[][] {
    return this.state.created.map((group) => [...group]);
  }

  record(): CgroupRecord {
    return { v1: structuredClone(this.state) };
  }
}

function missingV1File(write: CgroupWrite): string {
  if (write.file === 'memory.memsw.limit_in_bytes') {
    return 'this kernel does not account swap (memory.memsw.limit_in_bytes is missing; boot with swapaccount=1), so a swap limit cannot be enforced; leave memory.swap unset';
  }
  return `this kernel has no ${write.file} in its ${write.controller} controller`;
}

/** Every directory from just below the mount point down to `leaf`, outermost first. */
function pathBelow(mountPoint: string, leaf: string): string[] {
  const dirs: string[] = [];
  for (let current = leaf; current !== mountPoint && current.startsWith(`${mountPoint}/`); current = dirname(current)) dirs.unshift(current);
  return dirs;
}

/**
 * A new v1 cpuset cgroup starts with empty cpus and mems, and the kernel refuses to put a
 * process into it (ENOSPC) until they are set; copy the parent's, as the kernel would with
 * cgroup.clone_children. Every level is checked, not only the ones this create made: a
 * shared parent made a moment ago by a concurrent create may not be initialised yet.
 */
async function inheritCpuset(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      try {
        if (readFileSync(`${dir}/${file}`, 'utf8').trim() !== '') continue;
        writeFileSync(`${dir}/${file}`, readFileSync(`${dir}/../${file}`, 'utf8').trim());
      } catch (error) {
        throw cgroupError(error, `initialising ${dir}/${file} from its parent`);
      }
    }
  }
}
