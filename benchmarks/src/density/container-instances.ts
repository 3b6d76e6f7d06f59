import { randomBytes } from 'node:crypto';
import { RuntimeFixture } from '@berth/runtime/testing';
import { inParallel } from '../peers/in-parallel.js';
import { removeCgroupBelowSelf } from '../peers/remove-own-cgroup.js';
import type { InstanceKind } from './density-round.js';

/** Idle Berth containers from one shared busybox bundle, through the library, with a cgroup parent of their own. */
export interface ContainerInstances extends InstanceKind {
  /** Removes the containers, the state root, the bundle and the cgroup parent; returns cgroup directories that could not go. */
  dispose(): Promise<string[]>;
}

export const IDLE_COMMAND = ['sleep', '2147483647'];

export async function containerInstances(): Promise<ContainerInstances> {
  // A parent of our own: the runtime's startup sweep treats unknown cgroups below its parent as orphans.
  const cgroupParent = `berth-bench-density-${randomBytes(3).toString('hex')}`;
  const fixture = await RuntimeFixture.create({ cgroupParent });
  await fixture.bundle.writeSpec(IDLE_COMMAND, (spec) => {
    spec.root = { path: 'rootfs', readonly: true };
  });
  // The state root is this suite's alone: whatever it lists (a start that failed half-way included) is ours to delete.
  const stopAll = async () => {
    const ids = (await fixture.runtime.list()).map((state) => state.id);
    await inParallel(ids, (id) => fixture.runtime.delete(id, { force: true }), 2);
  };
  return {
    settleMs: 2_000,
    async start(index) {
      const id = `density-${index}-${randomBytes(2).toString('hex')}`;
      const state = await fixture.runtime.run(id, { bundle: fixture.bundle.dir });
      if (state.status !== 'running') throw new Error(`container ${id} is ${state.status} after start`);
      // What this container costs in processes: its own init (sleep) and the shim that holds it.
      return [state.init?.pid, state.shim?.pid].filter((pid) => pid !== undefined);
    },
    stopAll,
    async dispose() {
      try {
        await stopAll();
      } finally {
        await fixture.dispose();
      }
      return removeCgroupBelowSelf(cgroupParent);
    },
  };
}
