import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';

/**
 * File operations every cgroup implementation needs, with the kernel's answers made explicit.
 * Directory operations are synchronous on purpose: each is a few microseconds on cgroupfs,
 * while a trip through libuv's thread pool costs tens, and a container makes and removes a
 * dozen of them (one per v1 hierarchy) on its start path.
 */

/**
 * mkdir -p that returns the directories it made, outermost first, so that removal deletes
 * exactly those and leaves parents that existed before (a host's own cgroups) alone.
 */
export async function makeCgroupDir(dir: string, stopAt: string): Promise<string[]> {
  // A concurrent delete may remove an empty shared parent between our look and our mkdir.
  for (let attempt = 1; ; attempt++) {
    try {
      return await makeCgroupDirOnce(dir, stopAt);
    } catch (error) {
      if (attempt >= 3 || (error as RuntimeError).code !== 'ENOENT') throw error;
    }
  }
}

async function makeCgroupDirOnce(dir: string, stopAt: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; current !== stopAt && current !== dirname(current); current = dirname(current)) {
    try {
      statSync(`${current}/cgroup.procs`);
      break;
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw cgroupError(error, `looking at ${current}/cgroup.procs`);
      missing.unshift(current);
    }
  }
  const created: string[] = [];
  for (const path of missing) {
    try {
      mkdirSync(path);
      created.push(path);
    } catch (error) {
      // Another container made the shared parent meanwhile: it is theirs, not ours.
      if (errnoOf(error) !== 'EEXIST') {
        await removeCgroupDirs(created);
        throw cgroupError(error, `creating cgroup ${path}`);
      }
    }
  }
  return created;
}

/**
 * What a container removes on delete. With a custom cgroupsPath: exactly what it made. With
 * the runtime's default `berth/<id>` both levels belong to the runtime: the leaf always goes
 * (even one left by a crashed create) and the shared `berth/` parent goes when empty, even if
 * another container made it — otherwise it would outlive its last container whenever
 * containers overlap.
 */
export function removalList(created: string[], leaf: string, ownsParent: boolean): string[] {
  if (!ownsParent) return created;
  return [...new Set([dirname(leaf), ...created, leaf])];
}

/**
 * Removes directories made by makeCgroupDir, innermost first. The container's own cgroup must
 * go (EBUSY there means processes are still inside: an error); a shared parent that another
 * container still uses (EBUSY/ENOTEMPTY) stays.
 */
export async function removeCgroupDirs(created: readonly string[]): Promise<void> {
  const innermost = created[created.length - 1];
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOENT') continue;
      if (dir !== innermost && (code === 'EBUSY' || code === 'ENOTEMPTY')) return;
      throw cgroupError(error, `removing cgroup ${dir}`);
    }
  }
}

/**
 * The pids in one cgroup. Read synchronously, as the directories are made: cgroup.procs is
 * made by the kernel on read, and a v1 container has a dozen of them, read on every kill and
 * delete — through the thread pool that was four round trips each.
 */
export async function readPids(dir: string): Promise<number[]> {
  let text: string;
  try {
    text = readFileSync(`${dir}/cgroup.procs`, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw cgroupError(error, `reading ${dir}/cgroup.procs`);
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}

export function cgroupError(error: unknown, what: string): RuntimeError {
  return new RuntimeError(errnoOf(error) ?? 'EIO', `${what}: ${(error as Error).message}`, { cause: error });
}

/**
 * Writes one value into a cgroup interface file. O_TRUNC without O_CREAT: a missing file
 * means this kernel (or this cgroup) lacks the controller, and must not turn into a plain
 * file that silently limits nothing — which also keeps fake trees in tests honest.
 */
export function writeCgroupFile(path: string, value: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_TRUNC);
  try {
    writeSync(fd, value);
  } finally {
    closeSync(fd);
  }
}

/** An interface file's text, or undefined when this kernel has no such file. */
export function readCgroupFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw cgroupError(error, `reading ${path}`);
  }
}

/** Subdirectories of a cgroup (its child cgroups); none when it does not exist. */
export function childCgroups(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw cgroupError(error, `listing ${dir}`);
  }
}
