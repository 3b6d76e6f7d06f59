import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import type { CgroupWrite } from './cgroup-write.js';
import { writeCgroupFile } from './cgroup-fs.js';

/**
 * Applies writes in order, turning the kernel's terse refusals into messages that name the
 * resources field and say what to change. `dirFor` maps a write to the directory holding its
 * file (v1: the controller's hierarchy; v2: the one directory), or undefined when this host
 * has no such controller. `missingFile` explains an ENOENT, which differs between versions.
 */
export function applyWrites(
  writes: readonly CgroupWrite[],
  dirFor: (write: CgroupWrite) => string | undefined,
  missingFile: (write: CgroupWrite, dir: string) => string,
): void {
  const done = new Set<number>();
  for (const [index, write] of writes.entries()) {
    if (done.has(index)) continue;
    try {
      writeOne(write, dirFor, missingFile);
    } catch (error) {
      // v1 keeps memsw >= limit at every moment: raising the limit above the current memsw
      // needs memsw raised first. Retry in that order when the pair is in this batch.
      const memsw = writes.findIndex((other) => other.file === 'memory.memsw.limit_in_bytes');
      if (write.file !== 'memory.limit_in_bytes' || memsw <= index || (error as RuntimeError).code !== 'EINVAL') throw error;
      writeOne(writes[memsw]!, dirFor, missingFile);
      writeOne(write, dirFor, missingFile);
      done.add(memsw);
    }
  }
}

/** Older or differently built kernels name some files differently (BFQ instead of CFQ). */
const ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  'blkio.weight': ['blkio.bfq.weight'],
  'blkio.weight_device': ['blkio.bfq.weight_device'],
};

function writeOne(write: CgroupWrite, dirFor: (write: CgroupWrite) => string | undefined, missingFile: (write: CgroupWrite, dir: string) => string): void {
  const field = `linux.resources.${write.field}`;
  const dir = dirFor(write);
  if (dir === undefined) throw new RuntimeError('NOT_SUPPORTED', `${field}: this host has no ${write.controller} cgroup controller`);
  const names = [write.file, ...(ALTERNATIVES[write.file] ?? [])];
  for (const [attempt, name] of names.entries()) {
    try {
      writeCgroupFile(`${dir}/${name}`, write.value);
      return;
    } catch (error) {
      const code = errnoOf(error) ?? 'EIO';
      if (code === 'ENOENT' && attempt < names.length - 1) continue;
      if (code === 'ENOENT') throw new RuntimeError('NOT_SUPPORTED', `${field}: ${missingFile(write, dir)}`, { cause: error });
      throw new RuntimeError(code, `${field}: writing "${write.value}" to ${dir}/${name} failed (${code})${hint(write, code)}`, { cause: error });
    }
  }
}

/** What a person can do about the errors limits commonly hit. */
function hint(write: CgroupWrite, code: string): string {
  if (write.file === 'memory.limit_in_bytes' && code === 'EINVAL') return '; the memory limit may not exceed the memory+swap limit: set the swap limit too';
  if (write.file === 'memory.memsw.limit_in_bytes' && code === 'EINVAL') return '; the memory+swap limit may not be below the memory limit';
  if ((write.file === 'memory.limit_in_bytes' || write.file === 'memory.max') && code === 'EBUSY')
    return '; the container uses more memory than that and it cannot be reclaimed';
  if (write.file.startsWith('cpuset.') && (code === 'EINVAL' || code === 'ERANGE'))
    return '; the CPUs or memory nodes must exist and be allowed to the parent cgroup';
  if (write.file.startsWith('blkio.') || write.file.startsWith('io.'))
    return code === 'EINVAL' || code === 'ENODEV' ? '; is that a block device (major:minor) of this host?' : '';
  return '';
}
