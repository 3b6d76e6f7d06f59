import { describe, expect, it } from 'vitest';
import { cpuPercent } from './cpu-percent.js';
import { parseV1Blkio, parseV1Stats } from './stats-v1.js';
import { parseV2IoStat, parseV2Stats } from './stats-v2.js';

const files = (map: Record<string, string>) => (name: string) => map[name];

describe('v1 stats parser', () => {
  it('reads memory, cpu, pids and blkio as this kernel writes them', () => {
    const stats = parseV1Stats(
      files({
        'memory.usage_in_bytes': '52428800\n',
        'memory.max_usage_in_bytes': '60000000\n',
        'memory.limit_in_bytes': '9223372036854771712\n',
        'memory.failcnt': '3\n',
        'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n',
        'memory.stat': 'cache 4096\nrss 1024\nshmem 0\n',
        'memory.memsw.usage_in_bytes': '52432896\n',
        'cpuacct.usage': '2000000000\n',
        'cpuacct.usage_percpu': '1500000000 500000000 \n',
        'cpuacct.stat': 'user 150\nsystem 50\n',
        'cpu.stat': 'nr_periods 20\nnr_throttled 15\nthrottled_time 1600000000\n',
        'pids.current': '4\n',
        'pids.max': 'max\n',
        'blkio.throttle.io_service_bytes_recursive': '254:0 Read 8192\n254:0 Write 4096\n254:0 Sync 0\n254:0 Total 12288\nTotal 12288\n',
        'blkio.throttle.io_serviced_recursive': '254:0 Read 2\n254:0 Write 1\n254:0 Total 3\nTotal 3\n',
      }),
    );
    expect(stats).toEqual({
      cpu: {
        usageTotalNs: 2e9,
        usageUserNs: 1.5e9,
        usageKernelNs: 0.5e9,
        perCpuNs: [1.5e9, 0.5e9],
        throttling: { periods: 20, throttledPeriods: 15, throttledTimeNs: 1.6e9 },
      },
      memory: { usage: 52428800, maxUsage: 60000000, limit: undefined, failcnt: 3, oomKills: 2, swapUsage: 4096, stat: { cache: 4096, rss: 1024, shmem: 0 } },
      pids: { current: 4, limit: undefined },
      io: [{ major: 254, minor: 0, readBytes: 8192, writeBytes: 4096, readOps: 2, writeOps: 1 }],
    });
  });

  it('leaves out what the kernel does not keep', () => {
    const stats = parseV1Stats(files({ 'memory.usage_in_bytes': '1', 'memory.limit_in_bytes': '33554432' }));
    expect(stats.memory).toMatchObject({ usage: 1, limit: 33554432, oomKills: undefined, swapUsage: undefined });
    expect(stats.cpu.perCpuNs).toBeUndefined();
    expect(parseV1Blkio(undefined, undefined)).toEqual([]);
  });
});

describe('v2 stats parser', () => {
  it('reads the unified files', () => {
    const stats = parseV2Stats(
      files({
        'cpu.stat': 'usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 10\nnr_throttled 4\nthrottled_usec 300000\n',
        'memory.current': '1048576\n',
        'memory.peak': '2097152\n',
        'memory.max': 'max\n',
        'memory.events': 'low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\noom_group_kill 0\n',
        'memory.stat': 'anon 4096\nfile 0\n',
        'memory.swap.current': '0\n',
        'pids.current': '3\n',
        'pids.max': '20\n',
        'io.stat': '8:16 rbytes=1024 wbytes=2048 rios=1 wios=2 dbytes=0 dios=0\n',
      }),
    );
    expect(stats).toEqual({
      cpu: { usageTotalNs: 2.5e9, usageUserNs: 2e9, usageKernelNs: 0.5e9, throttling: { periods: 10, throttledPeriods: 4, throttledTimeNs: 3e8 } },
      memory: { usage: 1048576, maxUsage: 2097152, limit: undefined, failcnt: 7, oomEvents: 1, oomKills: 1, swapUsage: 0, stat: { anon: 4096, file: 0 } },
      pids: { current: 3, limit: 20 },
      io: [{ major: 8, minor: 16, readBytes: 1024, writeBytes: 2048, readOps: 1, writeOps: 2 }],
    });
    expect(parseV2IoStat('')).toEqual([]);
  });
});

describe('cpuPercent', () => {
  it('is the share of one CPU over the wall-clock interval', () => {
    expect(cpuPercent({ usageNs: 0, atNs: 0n }, { usageNs: 5e8, atNs: 1_000_000_000n })).toBe(50);
    expect(cpuPercent({ usageNs: 0, atNs: 0n }, { usageNs: 2e9, atNs: 1_000_000_000n })).toBe(200);
    expect(cpuPercent({ usageNs: 5, atNs: 1n }, { usageNs: 5, atNs: 1n })).toBeUndefined();
    expect(cpuPercent({ usageNs: 9, atNs: 0n }, { usageNs: 5, atNs: 10n })).toBeUndefined();
  });
});
