import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import { RuntimeError } from '../model/runtime-error.js';
import type { ContainerState } from '../state/container-state.js';
import { initFromFiles, shimFromFiles } from '../state/refresh-status.js';
import { isAlive, sleep, waitGone } from '../util/proc.js';
import type { RuntimeContext } from './context.js';

const execFileAsync = promisify(execFile);
const SHIM_EXIT_TIMEOUT_MS = 5_000;
const CGROUP_EMPTY_TIMEOUT_MS = 5_000;

/**
 * Removes every trace of a container: its processes (init, anything exec'd, any stray in
 * its cgroup), its shim, its cgroups and its state directory. Shared by `delete` and by a
 * create that fails half-way, so both leave the same nothing behind. Mounts in the container's
 * own mount namespace die with its processes; a container without one (the spec lists none) left
 * them in ours, recorded in `host_mount`, and the native core detaches them.
 */
export async function teardown(context: RuntimeContext, state: ContainerState): Promise<void> {
  const dir = context.root.dir(state.id);
  const cgroup = openCgroupManager(state.cgroup);
  const init = state.init ?? (await initFromFiles(dir));
  const shim = state.shim ?? (await shimFromFiles(dir));

  if (init && (await isAlive(init))) signal(init.pid, 'SIGKILL');
  // Frozen processes cannot act on SIGKILL; thaw after signalling so none runs user code again.
  if (state.status === 'paused' || (await cgroup.isFrozen().catch(() => false))) await cgroup.thaw().catch(() => undefined);
  await killCgroup(state, () => cgroup.pids());
  // The shim drains output, writes exit.json and exits once init is gone.
  if (shim && !(await waitGone(shim, SHIM_EXIT_TIMEOUT_MS))) {
    throw new RuntimeError('ETIMEDOUT', `shim ${shim.pid} of container ${state.id} did not exit within ${SHIM_EXIT_TIMEOUT_MS} ms`);
  }
  await releaseHostMounts(context, dir);
  await cgroup.remove();
  await context.root.release(state.id, { background: context.removeInBackground });
}

async function releaseHostMounts(context: RuntimeContext, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'host_mount'))) return;
  try {
    await execFileAsync(context.shim, ['release-mounts', dir]);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new RuntimeError('EBUSY', `detaching the mounts of ${dir}: ${stderr.split('\n').pop() || (error as Error).message}`, { cause: error });
  }
}

/** SIGKILL everything in the cgroup until it is empty; a process may fork while we look. */
async function killCgroup(state: ContainerState, pids: () => Promise<number[]>): Promise<void> {
  const deadline = Date.now() + CGROUP_EMPTY_TIMEOUT_MS;
  for (;;) {
    const remaining = await pids();
    if (remaining.length === 0) return;
    if (Date.now() >= deadline) {
      throw new RuntimeError('EBUSY', `processes ${remaining.join(', ')} of container ${state.id} survived SIGKILL`);
    }
    for (const pid of remaining) signal(pid, 'SIGKILL');
    await sleep(10);
  }
}

/** process.kill, where "already gone" is an answer, not a failure. */
export function signal(pid: number, name: NodeJS.Signals | number): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw new RuntimeError((error as NodeJS.ErrnoException).code ?? 'EIO', `signalling pid ${pid}: ${(error as Error).message}`, { cause: error });
  }
}
