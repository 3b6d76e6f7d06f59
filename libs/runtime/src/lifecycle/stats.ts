import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import { cpuPercent } from '../cgroups/cpu-percent.js';
import type { CgroupStats } from '../cgroups/stats.js';
import { sleep } from '../util/proc.js';
import { loadContainer, requireAction, type RuntimeContext } from './context.js';

export type ContainerStats = CgroupStats & {
  id: string;
  /** RFC 3339, when the counters were read. */
  read: string;
  /** Percent of one CPU since the previous reading of a stream (200 = two CPUs busy). */
  cpuPercent?: number;
};

/** `stats`: one reading of a container's counters. */
export async function stats(context: RuntimeContext, id: string): Promise<ContainerStats> {
  const state = await loadContainer(context, id);
  requireAction(state, 'stats');
  const counters = await openCgroupManager(state.cgroup).stats();
  return { id, read: new Date().toISOString(), ...counters };
}

/**
 * A reading every `intervalMs` until the container stops (or the consumer stops iterating),
 * each with the CPU percent over the interval before it. The first reading is taken at once
 * and only serves as the baseline, so every yielded percent covers a whole interval.
 */
export async function* statsStream(context: RuntimeContext, id: string, intervalMs: number): AsyncGenerator<ContainerStats> {
  let previous: { usageNs: number; atNs: bigint } | undefined;
  for (;;) {
    const state = await loadContainer(context, id);
    if (state.status === 'stopped') return;
    requireAction(state, 'stats');
    const atNs = process.hrtime.bigint();
    const counters = await openCgroupManager(state.cgroup).stats();
    const current = { usageNs: counters.cpu.usageTotalNs, atNs };
    if (previous) yield { id, read: new Date().toISOString(), ...counters, cpuPercent: cpuPercent(previous, current) };
    previous = current;
    await sleep(intervalMs);
  }
}
