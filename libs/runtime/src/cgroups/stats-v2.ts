import { ioDevice, parseKeyValues, parseLimit, parseNumber, type CgroupStats, type IoDeviceStats, type StatsFiles } from './stats.js';

/** The v2 files a stats reading needs, all in the container's one directory. */
export const V2_STATS_FILES: readonly string[] = [
  'cpu.stat',
  'memory.current',
  'memory.peak',
  'memory.max',
  'memory.events',
  'memory.stat',
  'memory.swap.current',
  'pids.current',
  'pids.max',
  'io.stat',
];

export function parseV2Stats(read: StatsFiles): CgroupStats {
  const cpu = parseKeyValues(read('cpu.stat'));
  const events = parseKeyValues(read('memory.events'));
  const us = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  return {
    cpu: {
      usageTotalNs: us(cpu['usage_usec']) ?? 0,
      usageUserNs: us(cpu['user_usec']),
      usageKernelNs: us(cpu['system_usec']),
      // v2 keeps no per-CPU usage for a cgroup.
      throttling: { periods: cpu['nr_periods'] ?? 0, throttledPeriods: cpu['nr_throttled'] ?? 0, throttledTimeNs: us(cpu['throttled_usec']) ?? 0 },
    },
    memory: {
      usage: parseNumber(read('memory.current')) ?? 0,
      maxUsage: parseNumber(read('memory.peak')),
      limit: parseLimit(read('memory.max')),
      failcnt: events['max'],
      oomEvents: events['oom'],
      oomKills: events['oom_kill'],
      swapUsage: parseNumber(read('memory.swap.current')),
      stat: parseKeyValues(read('memory.stat')),
    },
    pids: { current: parseNumber(read('pids.current')) ?? 0, limit: parseLimit(read('pids.max')) },
    io: parseV2IoStat(read('io.stat')),
  };
}

/** `8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0` per line. */
export function parseV2IoStat(text: string | undefined): IoDeviceStats[] {
  const devices = new Map<string, IoDeviceStats>();
  for (const line of (text ?? '').split('\n')) {
    const [device, ...pairs] = line.trim().split(/\s+/);
    if (!device || !/^\d+:\d+$/.test(device)) continue;
    const entry = ioDevice(devices, device);
    for (const pair of pairs) {
      const [key, value] = pair.split('=');
      const number = Number(value);
      if (key === 'rbytes') entry.readBytes = number;
      else if (key === 'wbytes') entry.writeBytes = number;
      else if (key === 'rios') entry.readOps = number;
      else if (key === 'wios') entry.writeOps = number;
    }
  }
  return [...devices.values()];
}
