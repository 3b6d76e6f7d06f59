import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import { loadContainer, type RuntimeContext } from './context.js';

/** `ps`: host pids of the container's processes (its cgroup's members), ascending. */
export async function ps(context: RuntimeContext, id: string): Promise<number[]> {
  const state = await loadContainer(context, id);
  if (state.status === 'stopped') return [];
  return openCgroupManager(state.cgroup).pids();
}
