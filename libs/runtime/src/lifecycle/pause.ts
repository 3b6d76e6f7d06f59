import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import type { ContainerState } from '../state/container-state.js';
import { loadContainer, requireAction, type RuntimeContext } from './context.js';

/**
 * `pause`: freezes every process of a running container (the freezer cgroup), returning once
 * the kernel reports them stopped. The status is kept in state.json for readers that do not
 * look at the kernel, but the freezer stays the truth (see refreshStatus).
 */
export async function pause(context: RuntimeContext, id: string): Promise<ContainerState> {
  const state = await loadContainer(context, id);
  requireAction(state, 'pause');
  await openCgroupManager(state.cgroup).freeze();
  const paused: ContainerState = { ...state, status: 'paused' };
  await context.root.write(paused);
  return paused;
}
