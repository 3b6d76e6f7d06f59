import { readFileSync, readdirSync } from 'node:fs';
import { errnoOf } from './files.js';

/** More than any probe or exec forks; bounds the walk if /proc changes under it. */
const MAX_PROCESSES = 4096;

/**
 * Every living descendant of a host process, parents before children, read from
 * /proc/<pid>/task/<tid>/children. An exec helper's command lives in a container's pid
 * namespace but is still the helper's child on the host, so this finds it and what it forked.
 */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0 && found.length < MAX_PROCESSES) {
    for (const child of childrenOf(queue.shift()!)) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ESRCH') return []; // exited meanwhile
    throw error;
  }
}

/**
 * SIGKILLs a process and everything below it. Descendants are listed before any dies, so a
 * child orphaned by its parent's death (re-parented to the container's init, out of reach of
 * the walk) is already on the list.
 */
export function killTree(pid: number): void {
  for (const target of [...descendants(pid), pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch (error) {
      if (errnoOf(error) !== 'ESRCH') throw error; // ESRCH: already gone
    }
  }
}
