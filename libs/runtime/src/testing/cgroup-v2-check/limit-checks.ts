import { detectHostLayout } from '../../cgroups/host-layout.js';
import type { ExitStatus } from '../../state/container-state.js';
import { waitFor } from '../wait-for.js';
import { sleep, type CheckContext } from './check-context.js';

const MiB = 1024 * 1024;

/** The limit checks of resources.spec.ts, on a v2 kernel. Each returns what it saw. */

export async function layoutCheck(): Promise<{ v1: number; v2?: { mountPoint: string; ownPath: string } }> {
  const layout = await detectHostLayout();
  return { v1: layout.v1.length, v2: layout.v2 && { mountPoint: layout.v2.mountPoint, ownPath: layout.v2.ownPath } };
}

export interface OomObservation {
  exit: ExitStatus;
  memoryMax: string;
  oomKillEvents: string;
  status: string;
  neighbour: { status: string; oomKills?: number };
}

export async function oomCheck({ fx, spec, cgroupFile }: CheckContext): Promise<OomObservation> {
  const neighbour = await fx.start('oom-neighbour', ['sleep', '60'], spec());
  // tail keeps its whole input when it holds no newline: 100 MiB of anonymous memory.
  const id = await fx.start('oom', ['sh', '-c', 'head -c 100m /dev/zero | tail > /dev/null'], spec({ memory: { limit: 32 * MiB } }));
  const memoryMax = await cgroupFile(id, 'memory.max');
  const exit = await fx.runtime.wait(id, 30_000);
  return {
    exit,
    memoryMax,
    oomKillEvents: /^oom_kill \d+$/m.exec(await cgroupFile(id, 'memory.events'))?.[0] ?? '',
    status: (await fx.runtime.state(id)).status,
    neighbour: { status: (await fx.runtime.state(neighbour)).status, oomKills: (await fx.runtime.stats(neighbour)).memory.oomKills },
  };
}

export interface PidsObservation {
  pidsMax: string;
  stats: { current: number; limit?: number };
  stderr: string;
  neighbourEcho: string;
}

export async function pidsCheck({ fx, spec, cgroupFile }: CheckContext): Promise<PidsObservation> {
  const neighbour = await fx.start('pids-neighbour', ['sleep', '60'], spec());
  // A failed fork ends a non-interactive shell: the bomb runs in a subshell, and PID 1 then
  // execs (no fork needed) to stay alive while we look; long sleeps, as emulation is slow.
  const bomb = '(for i in $(seq 100); do sleep 30 & done); echo spawned; exec sleep 30';
  const id = await fx.start('pids', ['sh', '-c', bomb], spec({ pids: { limit: 20 } }));
  await waitFor(async () => (await fx.output(id)).includes('spawned'), 30_000);
  return {
    pidsMax: await cgroupFile(id, 'pids.max'),
    stats: (await fx.runtime.stats(id)).pids,
    stderr: (await fx.output(id, 'stderr')).split('\n')[0] ?? '',
    neighbourEcho: (await fx.runtime.exec(neighbour, { args: ['echo', 'neighbour-ok'], stdio: 'pipe' })).stdout,
  };
}

export interface CpuObservation {
  cpuMax: string;
  /** Seconds of CPU the busy loop got over `wallSeconds` of (guest) time. */
  usedSeconds: number;
  wallSeconds: number;
  throttledPeriods: number;
  nrThrottled: string;
}

export async function cpuQuotaCheck({ fx, spec, cgroupFile }: CheckContext): Promise<CpuObservation> {
  const id = await fx.start('cpu', ['sh', '-c', 'while :; do :; done'], spec({ cpu: { quota: 20_000, period: 100_000 } }));
  const before = await fx.runtime.stats(id);
  const started = Date.now();
  await sleep(2000);
  const after = await fx.runtime.stats(id);
  return {
    cpuMax: await cgroupFile(id, 'cpu.max'),
    usedSeconds: (after.cpu.usageTotalNs - before.cpu.usageTotalNs) / 1e9,
    wallSeconds: (Date.now() - started) / 1000,
    throttledPeriods: after.cpu.throttling.throttledPeriods,
    nrThrottled: /^nr_throttled \d+$/m.exec(await cgroupFile(id, 'cpu.stat'))?.[0] ?? '',
  };
}

export interface CpusetObservation {
  allowed: string;
  cpusetCpus: string;
  effective: string;
  onlineCpus: string;
}

export async function cpusetCheck({ fx, spec, cgroupFile }: CheckContext): Promise<CpusetObservation> {
  // CPU 1, not 0: the default placement also includes CPU 0, so only 1 alone proves the pinning.
  const id = await fx.start('cpuset', ['sleep', '60'], spec({ cpu: { cpus: '1', mems: '0' } }));
  const status = await fx.runtime.exec(id, { args: ['grep', 'Cpus_allowed_list', '/proc/self/status'], stdio: 'pipe' });
  return {
    allowed: status.stdout.trim(),
    cpusetCpus: await cgroupFile(id, 'cpuset.cpus'),
    effective: await cgroupFile(id, 'cpuset.cpus.effective'),
    onlineCpus: (await fx.runtime.exec(id, { args: ['cat', '/sys/devices/system/cpu/online'], stdio: 'pipe' })).stdout.trim(),
  };
}
