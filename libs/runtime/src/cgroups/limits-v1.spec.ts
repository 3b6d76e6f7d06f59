import { describe, expect, it } from 'vitest';
import { deviceRuleText, v1DeviceWrites } from './devices-v1.js';
import { v1CreateWrites, v1Limits } from './limits-v1.js';

const pairs = (writes: { file: string; value: string }[]) => writes.map((w) => `${w.file}=${w.value}`);

describe('v1 limits (pure)', () => {
  it('writes the realtime period before its runtime, and the idle flag', () => {
    expect(pairs(v1Limits({ cpu: { realtimeRuntime: 9500, realtimePeriod: 10_000, idle: 1 } }))).toEqual([
      'cpu.rt_period_us=10000',
      'cpu.rt_runtime_us=9500',
      'cpu.idle=1',
    ]);
  });

  it('maps memory, cpu, cpuset, pids and blkio to v1 files in a safe order', () => {
    const writes = v1Limits({
      memory: { limit: 64 << 20, swap: 128 << 20, reservation: 32 << 20, swappiness: 10, disableOOMKiller: false },
      cpu: { shares: 512, quota: 150_000, period: 100_000, cpus: '0-1', mems: '0' },
      pids: { limit: 20 },
      blockIO: {
        weight: 300,
        weightDevice: [{ major: 8, minor: 0, weight: 500 }],
        throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 1048576 }],
        throttleWriteIOPSDevice: [{ major: 8, minor: 16, rate: 100 }],
      },
    });
    expect(pairs(writes)).toEqual([
      'memory.limit_in_bytes=67108864',
      'memory.memsw.limit_in_bytes=134217728',
      'memory.soft_limit_in_bytes=33554432',
      'memory.swappiness=10',
      'memory.oom_control=0',
      'cpu.shares=512',
      'cpu.cfs_period_us=100000',
      'cpu.cfs_quota_us=150000',
      'cpuset.mems=0',
      'cpuset.cpus=0-1',
      'pids.max=20',
      'blkio.weight=300',
      'blkio.weight_device=8:0 500',
      'blkio.throttle.read_bps_device=8:0 1048576',
      'blkio.throttle.write_iops_device=8:16 100',
    ]);
    expect(writes.find((w) => w.file === 'cpuset.cpus')).toMatchObject({ controller: 'cpuset', field: 'cpu.cpus' });
  });

  it('writes "no limit" the way v1 spells it', () => {
    expect(pairs(v1Limits({ memory: { limit: -1 }, cpu: { quota: -1 }, pids: { limit: 0 } }))).toEqual([
      'memory.limit_in_bytes=-1',
      'cpu.cfs_quota_us=-1',
      'pids.max=max',
    ]);
  });

  it('refuses unified (v2) settings on v1', () => {
    expect(() => v1Limits({ unified: { 'memory.high': '1G' } })).toThrow(
      expect.objectContaining({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/^linux\.resources\.unified: /) }),
    );
  });
});

describe('v1 device policy (pure)', () => {
  it('denies all, allows the standard devices, then the spec rules in order', () => {
    const writes = v1DeviceWrites([
      { allow: true, type: 'c', major: 10, minor: 200, access: 'rw' },
      { allow: false, type: 'c', major: 1, minor: 9 },
    ]);
    expect(pairs(writes)).toEqual([
      'devices.deny=a *:* rwm',
      'devices.allow=c 1:3 rwm',
      'devices.allow=c 1:5 rwm',
      'devices.allow=c 1:7 rwm',
      'devices.allow=c 1:8 rwm',
      'devices.allow=c 1:9 rwm',
      'devices.allow=c 5:0 rwm',
      'devices.allow=c 5:1 rwm',
      'devices.allow=c 5:2 rwm',
      'devices.allow=c 136:* rwm',
      'devices.allow=c *:* m',
      'devices.allow=b *:* m',
      'devices.allow=c 10:200 rw',
      'devices.deny=c 1:9 rwm',
    ]);
  });

  it("a spec's deny-all resets to the default policy instead of taking /dev/null away", () => {
    const writes = pairs(v1DeviceWrites([{ allow: false, access: 'rwm' }]));
    expect(writes.filter((w) => w === 'devices.deny=a *:* rwm')).toHaveLength(2);
    expect(writes.at(-1)).toBe('devices.allow=b *:* m');
    expect(pairs(v1CreateWrites({}))).toEqual(pairs(v1DeviceWrites([])));
  });

  it('spells rules as the kernel reads them', () => {
    expect(deviceRuleText({ allow: true, type: 'u', major: 4, access: 'r' })).toBe('c 4:* r');
    expect(deviceRuleText({ allow: true, type: 'b', major: -1, minor: 0 })).toBe('b *:0 rwm');
    expect(deviceRuleText({ allow: true, type: 'p' })).toBe('');
  });
});
