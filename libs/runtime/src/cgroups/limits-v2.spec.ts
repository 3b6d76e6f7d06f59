import { describe, expect, it } from 'vitest';
import { blkioToIoWeight, sharesToWeight, v2Limits } from './limits-v2.js';

const pairs = (writes: { file: string; value: string }[]) => writes.map((w) => `${w.file}=${w.value}`);

describe('v2 limits (pure)', () => {
  it('converts the v1-flavoured spec values onto v2 files', () => {
    const writes = v2Limits({
      memory: { limit: 64 << 20, swap: 96 << 20, reservation: 16 << 20 },
      cpu: { shares: 1024, quota: 50_000, period: 100_000, cpus: '0', mems: '0' },
      pids: { limit: 20 },
      blockIO: {
        weight: 500,
        weightDevice: [{ major: 8, minor: 0, weight: 1000 }],
        throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 1000 }],
        throttleWriteIOPSDevice: [{ major: 8, minor: 0, rate: 0 }],
      },
      unified: { 'memory.high': '50M' },
    });
    expect(pairs(writes)).toEqual([
      'memory.max=67108864',
      'memory.swap.max=33554432',
      'memory.low=16777216',
      'cpu.weight=39',
      'cpu.max=50000 100000',
      'cpuset.mems=0',
      'cpuset.cpus=0',
      'pids.max=20',
      'io.weight=default 4950',
      'io.weight=8:0 10000',
      'io.max=8:0 rbps=1000',
      'io.max=8:0 wiops=max',
      'memory.high=50M',
    ]);
    expect(writes[0]).toMatchObject({ controller: 'memory', field: 'memory.limit' });
  });

  it('uses the standard shares → weight conversion at its ends and default', () => {
    expect(sharesToWeight(2)).toBe(1);
    expect(sharesToWeight(1024)).toBe(39);
    expect(sharesToWeight(262_144)).toBe(10_000);
    expect(blkioToIoWeight(10)).toBe(1);
    expect(blkioToIoWeight(1000)).toBe(10_000);
  });

  it('ignores kernelTCP with a warning, as runc does, and writes cpu.idle', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      expect(pairs(v2Limits({ memory: { limit: 1 << 20, kernelTCP: 1024 }, cpu: { idle: 1 } }))).toEqual(['memory.max=1048576', 'cpu.idle=1']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/kernelTCP is ignored on cgroup v2/));
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('spells no limit as max and refuses what v2 cannot express', () => {
    expect(pairs(v2Limits({ memory: { limit: -1, swap: -1 }, cpu: { quota: -1 }, pids: { limit: -1 } }))).toEqual([
      'memory.max=max',
      'memory.swap.max=max',
      'cpu.max=max',
      'pids.max=max',
    ]);
    expect(() => v2Limits({ memory: { swappiness: 0 } })).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
    expect(() => v2Limits({ cpu: { realtimeRuntime: 1000 } })).toThrow(
      expect.objectContaining({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/^linux\.resources\.cpu\.realtimeRuntime: cgroup v2 has no realtime/) }),
    );
    expect(() => v2Limits({ cpu: { period: 50_000 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_RESOURCES', message: expect.stringMatching(/cpu\.period/) }),
    );
  });
});
