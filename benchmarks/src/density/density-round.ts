import { availableParallelism } from 'node:os';
import { inParallel } from '../peers/in-parallel.js';
import { delay } from '../peers/wait.js';
import { memAvailableMiB, pssMiB } from './host-memory.js';

/** How one kind of instance (a container, a VM) is started and stopped for a density round. */
export interface InstanceKind {
  /** Resolves once the instance is up (its process running, its guest's init done); returns the host pids that are this instance. */
  start(index: number): Promise<number[]>;
  /** Stops every instance started so far, also after a failed start; never throws past what it could not undo. */
  stopAll(): Promise<void>;
  /** How long the host is left alone after the last start before memory is read. */
  settleMs: number;
}

export interface RoundResult {
  /** Wall time of starting all N, divided by N. */
  startMsPerInstance: number;
  /** The PSS of the instances' processes (a container's init and shim, a VM's QEMU) after the settle, divided by N. */
  pssMiBPerInstance: number;
  /**
   * The fall of MemAvailable from before the first start to after the settle, divided by N: it
   * also holds what PSS cannot see (page tables, namespaces, cgroups), but on a host where
   * others work at the same time it moves with them too, so it is a second view, not the figure.
   */
  memAvailableFallMiBPerInstance: number;
}

/** Settled host memory before a round: the previous round's teardown frees pages lazily. */
const QUIET_MS = 1_500;

/**
 * One density round: N instances started, as many at a time as the host has cores (one start
 * per core, as a script driving the engine in parallel would), left idle to settle, memory read,
 * then all stopped, on every path.
 */
export async function densityRound(kind: InstanceKind, count: number): Promise<RoundResult> {
  await delay(QUIET_MS);
  const before = memAvailableMiB();
  const pids: number[] = [];
  try {
    const started = performance.now();
    await inParallel(
      Array.from({ length: count }, (_, index) => index),
      async (index) => pids.push(...(await kind.start(index))),
      availableParallelism(),
    );
    const startMsPerInstance = (performance.now() - started) / count;
    await delay(kind.settleMs);
    const memAvailableFallMiBPerInstance = (before - memAvailableMiB()) / count;
    const pssMiBPerInstance = pids.reduce((sum, pid) => sum + pssMiB(pid), 0) / count;
    if (pssMiBPerInstance <= 0) throw new Error(`the ${count} instances' processes have no PSS: they are gone`);
    return { startMsPerInstance, pssMiBPerInstance, memAvailableFallMiBPerInstance };
  } finally {
    await kind.stopAll();
  }
}
