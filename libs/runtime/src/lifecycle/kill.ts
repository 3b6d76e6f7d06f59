import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import { RuntimeError } from '../model/runtime-error.js';
import { parseSignal } from '../model/signals.js';
import { isAlive } from '../util/proc.js';
import { loadContainer, requireAction, type RuntimeContext } from './context.js';
import { signal } from './teardown.js';

export interface KillOptions {
  /** Signal every process in the container's cgroup, not just its init (runc's --all). */
  all?: boolean;
}

/** `kill`: sends a signal (name or number, default SIGTERM) to the container's init. */
export async function kill(context: RuntimeContext, id: string, signalText: string | number = 'SIGTERM', options: KillOptions = {}): Promise<void> {
  const number = parseSignal(String(signalText));
  const state = await loadContainer(context, id);
  try {
    requireAction(state, 'kill');
  } catch (error) {
    // runc's words too: containerd's shim reads "container not running" as "already finished".
    if (state.status === 'stopped') throw new RuntimeError((error as RuntimeError).code, `${(error as Error).message} (container not running)`);
    throw error;
  }
  if (options.all) {
    for (const pid of await openCgroupManager(state.cgroup).pids()) signal(pid, number);
    return;
  }
  // The identity check keeps a recycled pid from receiving a signal meant for our init.
  if (!state.init || !(await isAlive(state.init)) || !signal(state.init.pid, number)) {
    throw new RuntimeError('NOT_RUNNING', `container ${id}: container not running (its init has exited)`);
  }
}
