import { rmdirSync } from 'node:fs';
import { childCgroups, readCgroupFile, readPids, writeCgroupFile } from '../cgroups/cgroup-fs.js';
import { cgroupDirectory } from '../cgroups/host-layout.js';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { sleep } from '../util/proc.js';
import type { RuntimeContext } from './context.js';
import { signal } from './teardown.js';

export interface SweepOptions {
  /** SIGKILL processes still inside an orphan cgroup; without it such cgroups are only reported. */
  killProcesses?: boolean;
}

export interface SweepResult {
  /** Cgroup directories removed. */
  removed: string[];
  /** Orphan cgroups left because processes are inside (see killProcesses). */
  busy: string[];
}

const EMPTY_TIMEOUT_MS = 5_000;

/**
 * The startup sweep (DESIGN.md: the disk is the truth): every cgroup below the runtime's
 * parent, in every hierarchy, whose name is no container in this state root is left over
 * from a crash or an interrupted delete, and is removed. The parent belongs to one state
 * root; runtimes with different roots on one host need different cgroup parents.
 */
export async function sweepOrphans(context: RuntimeContext, options: SweepOptions = {}): Promise<SweepResult> {
  const layout = await context.hostLayout();
  const ids = new Set(await context.root.ids());
  const result: SweepResult = { removed: [], busy: [] };
  for (const hierarchy of [...layout.v1, ...(layout.v2 ? [layout.v2] : [])]) {
    const parent = cgroupDirectory(hierarchy, context.cgroupParent);
    for (const name of childCgroups(parent)) {
      if (ids.has(name)) continue;
      const dir = `${parent}/${name}`;
      if (!(await emptied(dir, options.killProcesses ?? false))) {
        result.busy.push(dir);
        continue;
      }
      removeTree(dir);
      result.removed.push(dir);
    }
    // The parent goes with its last container, as on delete; another container keeps it.
    if (ids.size === 0) removeIfUnused(parent);
  }
  return result;
}

/** Whether the cgroup (and every cgroup below it) is free of processes, killing them if allowed. */
async function emptied(dir: string, kill: boolean): Promise<boolean> {
  const deadline = Date.now() + EMPTY_TIMEOUT_MS;
  for (let thawed = false; ;) {
    const pids = await pidsBelow(dir);
    if (pids.length === 0) return true;
    if (!kill) return false;
    for (const pid of pids) signal(pid, 'SIGKILL');
    if (!thawed) {
      // A paused orphan would hold its SIGKILL forever.
      for (const [file, value] of [
        ['freezer.state', 'THAWED'],
        ['cgroup.freeze', '0'],
      ] as const) {
        if (readCgroupFile(`${dir}/${file}`) !== undefined) writeCgroupFile(`${dir}/${file}`, value);
      }
      thawed = true;
    }
    if (Date.now() >= deadline) throw new RuntimeError('EBUSY', `processes ${pids.join(', ')} in orphan cgroup ${dir} survived SIGKILL`);
    await sleep(10);
  }
}

async function pidsBelow(dir: string): Promise<number[]> {
  const own = await readPids(dir);
  const nested = await Promise.all(childCgroups(dir).map((child) => pidsBelow(`${dir}/${child}`)));
  return [...own, ...nested.flat()];
}

/** A container may have made cgroups of its own inside its cgroup namespace: innermost first. */
function removeTree(dir: string): void {
  for (const child of childCgroups(dir)) removeTree(`${dir}/${child}`);
  try {
    rmdirSync(dir);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT')
      throw new RuntimeError(errnoOf(error) ?? 'EIO', `removing orphan cgroup ${dir}: ${(error as Error).message}`, { cause: error });
  }
}

function removeIfUnused(dir: string): void {
  try {
    rmdirSync(dir);
  } catch (error) {
    const code = errnoOf(error);
    if (code !== 'ENOENT' && code !== 'EBUSY' && code !== 'ENOTEMPTY')
      throw new RuntimeError(code ?? 'EIO', `removing ${dir}: ${(error as Error).message}`, { cause: error });
  }
}
