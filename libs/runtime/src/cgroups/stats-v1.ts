import { ioDevice, parseKeyValues, parseLimit, parseNumber, type CgroupStats, type IoDeviceStats, type StatsFiles } from './stats.js';

/** The v1 files a stats reading needs, by controller (the manager reads them from each hierarchy). */
export const V1_STATS_FILES: Readonly<Record<string, readonly string[]>> = {
  memory: [
    'memory.usage_in_bytes',
    'memory.max_usage_in_bytes',
    'memory.limit_in_bytes',
    'memory.failcnt',
    'memory.oom_control',
    'memory.stat',
    'memory.memsw.usage_in_bytes',
  ],
  cpuacct: ['cpuacct.usage', 'cpuacct.usage_percpu', 'cpuacct.usage_user', 'cpuacct.usage_sys', 'cpuacct.stat'],
  cpu: ['cpu.stat'],
  pids: ['pids.current', 'pids.max'],
  blkio: ['blkio.throttle.io_service_bytes_recursive', 'blkio.throttle.io_serviced_recursive'],
};

/** USER_HZ: cpuacct.stat counts in these ticks (100 on every Linux ABI Berth runs on). */
const TICK_NS = 10_000_000;

export function parseV1Stats(read: StatsFiles): CgroupStats {
  const oom = parseKeyValues(read('memory.oom_control'));
  const stat = parseKeyValues(read('memory.stat'));
  const throttling = parseKeyValues(read('cpu.stat'));
  const ticks = parseKeyValues(read('cpuacct.stat'));
  const memswUsage = parseNumber(read('memory.memsw.usage_in_bytes'));
  const usage = parseNumber(read('memory.usage_in_bytes')) ?? 0;
  return {
    cpu: {
      usageTotalNs: parseNumber(read('cpuacct.usage')) ?? 0,
      // Newer kernels give user/system in ns; older ones only in ticks.
      usageUserNs: parseNumber(read('cpuacct.usage_user')) ?? (ticks['user'] === undefined ? undefined : ticks['user'] * TICK_NS),
      usageKernelNs: parseNumber(read('cpuacct.usage_sys')) ?? (ticks['system'] === undefined ? undefined : ticks['system'] * TICK_NS),
      perCpuNs: read('cpuacct.usage_percpu')?.trim().split(/\s+/).filter(Boolean).map(Number),
      throttling: {
        periods: throttling['nr_periods'] ?? 0,
        throttledPeriods: throttling['nr_throttled'] ?? 0,
        throttledTimeNs: throttling['throttled_time'] ?? 0,
      },
    },
    memory: {
      usage,
      maxUsage: parseNumber(read('memory.max_usage_in_bytes')),
      limit: parseLimit(read('memory.limit_in_bytes')),
      failcnt: parseNumber(read('memory.failcnt')),
      oomKills: oom['oom_kill'],
      // memsw counts memory plus swap; swap alone is the difference.
      swapUsage: memswUsage === undefined ? undefined : Math.max(0, memswUsage - usage),
      stat,
    },
    pids: { current: parseNumber(read('pids.current')) ?? 0, limit: parseLimit(read('pids.max')) },
    io: parseV1Blkio(read('blkio.throttle.io_service_bytes_recursive'), read('blkio.throttle.io_serviced_recursive')),
  };
}

/** `8:0 Read 4096` lines (plus Write, Sync, Async, Discard, Total, and a final `Total N`). */
export function parseV1Blkio(bytes: string | undefined, ops: string | undefined): IoDeviceStats[] {
  const devices = new Map<string, IoDeviceStats>();
  const fill = (text: string | undefined, read: 'readBytes' | 'readOps', write: 'writeBytes' | 'writeOps') => {
    for (const line of (text ?? '').split('\n')) {
      const [device, op, value] = line.trim().split(/\s+/);
      if (!device || !/^\d+:\d+$/.test(device) || value === undefined) continue;
      if (op === 'Read') ioDevice(devices, device)[read] += Number(value);
      else if (op === 'Write') ioDevice(devices, device)[write] += Number(value);
    }
  };
  fill(bytes, 'readBytes', 'writeBytes');
  fill(ops, 'readOps', 'writeOps');
  return [...devices.values()];
}
