import { readdir } from 'node:fs/promises';
import { DEFAULT_CGROUP_PARENT } from '../../cgroups/cgroup-manager.js';
import { cgroupDirectory, detectHostLayout } from '../../cgroups/host-layout.js';
import type { CheckContext } from './check-context.js';

export interface CleanupObservation {
  containersLeft: number;
  /** Cgroups still below the runtime's parent once every container is deleted. */
  cgroupsLeft: string[];
}

/** Runs last: deletes every container the checks made and looks for what is left in the tree. */
export async function cleanupCheck({ fx }: CheckContext): Promise<CleanupObservation> {
  await fx.removeContainers();
  const layout = await detectHostLayout();
  const parent = cgroupDirectory(layout.v2!, DEFAULT_CGROUP_PARENT);
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  return { containersLeft: (await fx.runtime.list()).length, cgroupsLeft: entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name) };
}
