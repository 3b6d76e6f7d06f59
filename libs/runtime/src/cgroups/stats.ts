/**
 * One reading of a container's cgroup counters, the same shape on v1 and v2. A field is
 * absent when this kernel does not keep that counter (v2 has no per-CPU usage, old kernels
 * no peak memory); limits are absent when unlimited. Bytes, nanoseconds, counts.
 */
export interface CgroupStats {
  cpu: {
    usageTotalNs: number;
    usageUserNs?: number;
    usageKernelNs?: number;
    perCpuNs?: number[];
    throttling: { periods: number; throttledPeriods: number; throttledTimeNs: number };
  };
  memory: {
    usage: number;
    maxUsage?: number;
    limit?: number;
    /** v1 memory.failcnt; v2 memory.events `max` (times the limit was hit). */
    failcnt?: number;
    oomEvents?: number;
    oomKills?: number;
    swapUsage?: number;
    /** memory.stat as the kernel wrote it. */
    stat: Record<string, number>;
  };
  pids: { current: number; limit?: number };
  io: IoDeviceStats[];
}

export interface IoDeviceStats {
  major: number;
  minor: number;
  readBytes: number;
  writeBytes: number;
  readOps: number;
  writeOps: number;
}

/** A file's text by name, or undefined when this kernel has no such file. */
export type StatsFiles = (file: string) => string | undefined;

/** A flat `key value` file (memory.stat, cpu.stat, memory.events) as numbers. */
export function parseKeyValues(text: string | undefined): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^-?\d+$/.test(value)) result[key] = Number(value);
  }
  return result;
}

/** One number, or undefined for a missing file. */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}

/**
 * v1 shows "no limit" as a page-rounded LONG_MAX, v2 as `max`; both become undefined.
 * Anything from 2^62 up is no real limit on any machine.
 */
export function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === 'max') return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) && value >= 0 && value < 2 ** 62 ? value : undefined;
}

export function ioDevice(list: Map<string, IoDeviceStats>, device: string): IoDeviceStats {
  let entry = list.get(device);
  if (!entry) {
    const [major, minor] = device.split(':').map(Number);
    entry = { major: major!, minor: minor!, readBytes: 0, writeBytes: 0, readOps: 0, writeOps: 0 };
    list.set(device, entry);
  }
  return entry;
}
