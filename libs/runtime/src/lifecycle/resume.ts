import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import type { ContainerState } from '../state/container-state.js';
import { loadContainer, requireAction, type RuntimeContext } from './context.js';

/** `resume`: thaws a paused container and returns once its processes run again. */
export async function resume(context: RuntimeContext, id: string): Promise<ContainerState> {
  const state = await loadContainer(context, id);
  requireAction(state, 'resume');
  await openCgroupManager(state.cgroup).thaw();
  const running: ContainerState = { ...state, status: 'running' };
  await context.root.write(running);
  return running;
}
