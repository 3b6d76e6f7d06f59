import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { ContainerStatsReading } from '@berth/contracts';
import type { ContainersService } from '../containers/containers.service.js';
import { queryFlag } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';
import { JSON_STREAM } from './stream-frames.js';

/** /proc/stat counts in USER_HZ ticks, 100 a second on Linux. */
const NS_PER_TICK = 10_000_000;
/** `stats --no-stream` is answered from two readings this far apart, so CPU % has a base. */
const ONE_SHOT_BASE_MS = 500;

/**
 * `GET /containers/{id}/stats`: Docker's JSON shape, each reading with the previous one as
 * `precpu_stats` — the CLI computes CPU % as the container's share of the host's CPU time
 * between the two. Streams a reading a second until the client leaves or the container stops.
 */
export function statsRoute(routes: DockerRoutes, containers: ContainersService): void {
  routes.add('get', '/containers/:id/stats', 'viewer', async ({ principal, request, response }) => {
    const id = String(request.params['id']);
    const detail = await containers.inspect(principal, id);
    const name = `/${detail.name}`;
    if (!queryFlag(request, 'stream', true)) {
      const oneShot = queryFlag(request, 'one-shot');
      const first = { reading: await containers.stats(principal, detail.id), system: systemCpuNs() };
      if (oneShot) return void response.json(dockerStats(name, first, undefined));
      await new Promise((resolve) => setTimeout(resolve, ONE_SHOT_BASE_MS));
      const second = { reading: await containers.stats(principal, detail.id), system: systemCpuNs() };
      return void response.json(dockerStats(name, second, first));
    }
    const stream = await containers.statsStream(principal, detail.id, 1000);
    response.on('close', () => void stream.return(undefined));
    response.status(200).setHeader('Content-Type', JSON_STREAM);
    let previous: Sample | undefined;
    for await (const reading of stream) {
      const sample = { reading, system: systemCpuNs() };
      response.write(`${JSON.stringify(dockerStats(name, sample, previous))}\n`);
      previous = sample;
    }
    response.end();
  });
}

interface Sample {
  reading: ContainerStatsReading;
  system: number;
}

/** The host's total CPU time so far (all CPUs, all modes), as Docker's `system_cpu_usage`. */
export function systemCpuNs(stat = readFileSync('/proc/stat', 'utf8')): number {
  const line = stat.split('\n').find((entry) => entry.startsWith('cpu '));
  const ticks = (line ?? '').split(/\s+/).slice(1, 8).map(Number);
  return ticks.reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0) * NS_PER_TICK;
}

export function dockerStats(name: string, current: Sample, previous: Sample | undefined) {
  const { reading } = current;
  return {
    name,
    id: reading.id,
    read: reading.read,
    preread: previous?.reading.read ?? '0001-01-01T00:00:00Z',
    pids_stats: { current: reading.pids.current, ...(reading.pids.limit !== undefined ? { limit: reading.pids.limit } : {}) },
    blkio_stats: {
      io_service_bytes_recursive: reading.io.flatMap((device) => [
        { major: device.major, minor: device.minor, op: 'read', value: device.readBytes },
        { major: device.major, minor: device.minor, op: 'write', value: device.writeBytes },
      ]),
    },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpuStats(current),
    precpu_stats: previous ? cpuStats(previous) : { cpu_usage: { total_usage: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } },
    memory_stats: {
      usage: reading.memory.usage,
      ...(reading.memory.maxUsage !== undefined ? { max_usage: reading.memory.maxUsage } : {}),
      limit: reading.memory.limit ?? totalmem(),
      ...(reading.memory.failcnt !== undefined ? { failcnt: reading.memory.failcnt } : {}),
      stats: reading.memory.stat,
    },
    networks: Object.fromEntries(
      Object.entries(reading.networks ?? {}).map(([name, counters]) => [
        name,
        {
          rx_bytes: counters.rxBytes,
          rx_packets: counters.rxPackets,
          rx_errors: counters.rxErrors,
          rx_dropped: counters.rxDropped,
          tx_bytes: counters.txBytes,
          tx_packets: counters.txPackets,
          tx_errors: counters.txErrors,
          tx_dropped: counters.txDropped,
        },
      ]),
    ),
  };
}

function cpuStats({ reading, system }: Sample) {
  return {
    cpu_usage: {
      total_usage: reading.cpu.usageTotalNs,
      usage_in_kernelmode: reading.cpu.usageKernelNs ?? 0,
      usage_in_usermode: reading.cpu.usageUserNs ?? 0,
      ...(reading.cpu.perCpuNs ? { percpu_usage: reading.cpu.perCpuNs } : {}),
    },
    system_cpu_usage: system,
    online_cpus: cpus().length,
    throttling_data: {
      periods: reading.cpu.throttling.periods,
      throttled_periods: reading.cpu.throttling.throttledPeriods,
      throttled_time: reading.cpu.throttling.throttledTimeNs,
    },
  };
}
