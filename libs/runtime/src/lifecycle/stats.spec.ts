import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

const MiB = 1024 * 1024;

/** Stats against what the workload demonstrably did, on the real kernel. */
describe('stats (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('memory rises by what a process keeps; cpu usage rises with a busy loop; pids count', async () => {
    const id = await fx.start('stats', ['sleep', '30'], (spec) => {
      spec.mounts!.push({ destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['size=100m'] });
      spec.linux!.resources!.memory = { limit: 256 * MiB };
    });
    const idle = await fx.runtime.stats(id);
    expect(idle).toMatchObject({ id, pids: { current: 1 }, memory: { limit: 256 * MiB, failcnt: 0 } });
    expect(idle.cpu.perCpuNs?.length).toBeGreaterThan(0);

    // tmpfs pages are charged to the cgroup and stay after dd exits.
    await fx.runtime.exec(id, { args: ['dd', 'if=/dev/zero', 'of=/scratch/f', 'bs=1M', 'count=40'], stdio: 'pipe' });
    const filled = await fx.runtime.stats(id);
    expect(filled.memory.usage - idle.memory.usage).toBeGreaterThan(38 * MiB);
    expect(filled.memory.maxUsage).toBeGreaterThanOrEqual(filled.memory.usage);
    expect(filled.memory.stat['shmem']).toBeGreaterThanOrEqual(40 * MiB);

    await fx.runtime.exec(id, { args: ['timeout', '1', 'sh', '-c', 'while :; do :; done'], stdio: 'pipe' });
    const busy = await fx.runtime.stats(id);
    const used = (busy.cpu.usageTotalNs - filled.cpu.usageTotalNs) / 1e9;
    expect(used).toBeGreaterThan(0.7);
    expect(used).toBeLessThan(1.5);
    expect(busy.cpu.perCpuNs!.reduce((a, b) => a + b, 0)).toBeCloseTo(busy.cpu.usageTotalNs, -7);
  });

  it('streams readings with the CPU percent of each interval until the container stops', async () => {
    const id = await fx.start(
      'stream',
      ['sh', '-c', 'timeout 1 sh -c "while :; do :; done"; sleep 0.6'],
      (spec) => (spec.linux!.resources!.cpu = { quota: 50_000, period: 100_000 }),
    );
    const readings = [];
    for await (const reading of fx.runtime.statsStream(id, 250)) readings.push(reading);
    expect(readings.length).toBeGreaterThanOrEqual(3);
    // The busy second runs under half a core; the idle end near nothing.
    const busy = readings[0]!.cpuPercent!;
    expect(busy).toBeGreaterThan(25);
    expect(busy).toBeLessThan(65);
    expect(readings.at(-1)!.cpuPercent!).toBeLessThan(10);
  });
});
