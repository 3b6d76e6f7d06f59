import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecResult } from '../../lifecycle/exec.js';
import { waitFor } from '../wait-for.js';
import { sleep, type CheckContext } from './check-context.js';

const MiB = 1024 * 1024;

/** pause/resume, live update and stats (pause.spec.ts, update.spec.ts, stats.spec.ts) on a v2 kernel. */

export interface PauseObservation {
  pausedStatus: string;
  freezeFile: string;
  frozenEvent: string;
  /** The counter's value when paused, and after a further 600 ms paused. */
  countAtPause: number;
  countWhilePaused: number;
  resumedStatus: string;
  /** Whether the counter moved on after resume. */
  countedAfterResume: boolean;
}

export async function pauseCheck({ fx, spec, cgroupFile }: CheckContext): Promise<PauseObservation> {
  const script = 'i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.05; done';
  const id = await fx.start('count', ['sh', '-c', script], spec());
  const read = async () => Number((await readFile(join(fx.bundle.rootfs, 'tmp', 'count'), 'utf8').catch(() => '0')).trim() || 0);
  await waitFor(async () => (await read()) > 2, 20_000);
  const pausedStatus = (await fx.runtime.pause(id)).status;
  const countAtPause = await read();
  await sleep(600);
  const observation = {
    pausedStatus,
    freezeFile: await cgroupFile(id, 'cgroup.freeze'),
    frozenEvent: /^frozen \d$/m.exec(await cgroupFile(id, 'cgroup.events'))?.[0] ?? '',
    countAtPause,
    countWhilePaused: await read(),
  };
  const resumedStatus = (await fx.runtime.resume(id)).status;
  const countedAfterResume = await waitFor(async () => (await read()) > observation.countWhilePaused + 2, 20_000).then(
    () => true,
    () => false,
  );
  return { ...observation, resumedStatus, countedAfterResume };
}

export interface UpdateObservation {
  beforeUpdate: Pick<ExecResult, 'exitCode' | 'stdout'>;
  afterUpdate: Pick<ExecResult, 'exitCode' | 'stdout'>;
  memoryMax: string;
  pidsMax: string;
  statsLimit?: number;
  status: string;
}

export async function updateCheck({ fx, spec, cgroupFile }: CheckContext): Promise<UpdateObservation> {
  const id = await fx.start('grow', ['sleep', '60'], spec({ memory: { limit: 32 * MiB } }));
  // One process allocates 80 MiB at once (see update.spec.ts for why not a pipeline).
  const allocate = async () => {
    const { exitCode, stdout } = await fx.runtime.exec(id, {
      args: ['sh', '-c', 'dd if=/dev/zero of=/dev/null bs=80M count=1 2>/dev/null && echo done'],
      stdio: 'pipe',
    });
    return { exitCode, stdout };
  };
  const beforeUpdate = await allocate();
  await fx.runtime.update(id, { memory: { limit: 160 * MiB }, pids: { limit: 40 } });
  return {
    beforeUpdate,
    afterUpdate: await allocate(),
    memoryMax: await cgroupFile(id, 'memory.max'),
    pidsMax: await cgroupFile(id, 'pids.max'),
    statsLimit: (await fx.runtime.stats(id)).memory.limit,
    status: (await fx.runtime.state(id)).status,
  };
}

export interface StatsObservation {
  idle: { pids: number; memoryLimit?: number; usage: number };
  /** dd writing 40 MiB to a tmpfs in the container, and the growth of memory.current it caused. */
  fill: Pick<ExecResult, 'exitCode' | 'stderr'>;
  filledGrowth: number;
  shmem?: number;
  maxUsageAtLeastUsage: boolean;
  /** CPU seconds counted for a one-second busy loop. */
  busySeconds: number;
  pidsWhileExec: number;
}

export async function statsCheck({ fx, spec }: CheckContext): Promise<StatsObservation> {
  const id = await fx.start(
    'stats',
    ['sleep', '60'],
    spec({ memory: { limit: 256 * MiB } }, (s) => s.mounts!.push({ destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['size=100m'] })),
  );
  const idle = await fx.runtime.stats(id);
  // tmpfs pages are charged to the cgroup and stay after dd exits.
  const { exitCode, stderr } = await fx.runtime.exec(id, { args: ['dd', 'if=/dev/zero', 'of=/scratch/f', 'bs=1M', 'count=40'], stdio: 'pipe' });
  const filled = await fx.runtime.stats(id);
  const busy = fx.runtime.exec(id, { args: ['timeout', '1', 'sh', '-c', 'while :; do :; done'], stdio: 'pipe' });
  await sleep(300);
  const during = await fx.runtime.stats(id);
  await busy;
  const after = await fx.runtime.stats(id);
  return {
    idle: { pids: idle.pids.current, memoryLimit: idle.memory.limit, usage: idle.memory.usage },
    fill: { exitCode, stderr },
    filledGrowth: filled.memory.usage - idle.memory.usage,
    shmem: filled.memory.stat['shmem'],
    maxUsageAtLeastUsage: (filled.memory.maxUsage ?? 0) >= filled.memory.usage,
    busySeconds: (after.cpu.usageTotalNs - filled.cpu.usageTotalNs) / 1e9,
    pidsWhileExec: during.pids.current,
  };
}
