import { describe, expect, it, type TestContext } from 'vitest';
import type { V2CheckResults } from '../testing/cgroup-v2-check/checks.js';
import { useCgroupV2Vm } from '../testing/use-cgroup-v2-vm.js';

const MiB = 1024 * 1024;

/**
 * Whether the v2 device policy (an eBPF program the native core attaches) is tested. When true,
 * every check keeps the default spec's device rules and the device tests assert what the
 * policy does. Set it to false (or run with BERTH_V2_DEVICE_POLICY=0) only while the native
 * core cannot load the program: the other checks then run without device rules, and the device
 * tests skip, saying so.
 */
const DEVICE_POLICY_ON_V2 = process.env['BERTH_V2_DEVICE_POLICY'] !== '0';

/**
 * The cgroup v2 implementation on a real, pure cgroup v2 kernel: this machine's kernel is v1
 * hybrid, so a Debian kernel boots in a QEMU VM (q35, TCG) with cgroup_no_v1=all, shares the
 * host's root read-only, and runs the real runtime on the v1 specs' workloads
 * (resources, pause, update, stats). The VM boots once; each test asserts on what it saw.
 */
describe('cgroup v2 on a real v2 kernel (QEMU VM)', { timeout: 10_000 }, () => {
  const vm = useCgroupV2Vm({ devicePolicy: DEVICE_POLICY_ON_V2 });

  /** The check's observations; the test skips (with the printed reason) only where no VM can run. */
  function seen<Name extends keyof V2CheckResults>(context: TestContext, name: Name): Extract<V2CheckResults[Name], { ok: true }>['value'] {
    const outcome = vm();
    if (!outcome.ok) return context.skip(outcome.unavailable);
    const result = outcome.vm.results[name];
    expect(result, `${name} check failed in the VM`).toMatchObject({ ok: true });
    return (result as Extract<V2CheckResults[Name], { ok: true }>).value;
  }

  it('the guest is pure v2 and the runtime sees only the unified hierarchy', (context) => {
    expect(seen(context, 'layout')).toEqual({ v1: 0, v2: { mountPoint: '/sys/fs/cgroup', ownPath: '/' } });
  });

  it('an allocation over memory.max is OOM-killed (137, oomKilled); a neighbour keeps running', (context) => {
    expect(seen(context, 'oom')).toEqual({
      exit: expect.objectContaining({ exitCode: 137, oomKilled: true }),
      memoryMax: String(32 * MiB),
      oomKillEvents: expect.stringMatching(/^oom_kill [1-9]\d*$/),
      status: 'stopped',
      neighbour: { status: 'running', oomKills: 0 },
    });
  });

  it('a fork bomb stays within pids.max; a neighbour can still fork', (context) => {
    const pids = seen(context, 'pids');
    expect(pids).toMatchObject({ pidsMax: '20', stats: { limit: 20 }, neighbourEcho: 'neighbour-ok\n' });
    expect(pids.stats.current).toBeLessThanOrEqual(20);
    expect(pids.stats.current).toBeGreaterThanOrEqual(15);
    expect(pids.stderr).toMatch(/can't fork|Resource temporarily unavailable/);
  });

  it('a CPU quota of 0.2 is written to cpu.max and throttles a busy loop', (context) => {
    const cpu = seen(context, 'cpuQuota');
    expect(cpu).toMatchObject({ cpuMax: '20000 100000', nrThrottled: expect.stringMatching(/^nr_throttled [1-9]\d*$/) });
    expect(cpu.throttledPeriods).toBeGreaterThan(0);
    // Guest time runs at wall-clock speed even when emulated; an unthrottled loop would get
    // the whole interval, a fifth of a core about 0.4 s of 2 s. Lenient: TCG timers are coarse.
    expect(cpu.usedSeconds).toBeGreaterThan(0.05);
    expect(cpu.usedSeconds).toBeLessThan(cpu.wallSeconds * 0.4);
  });

  it('cpuset pins the container to CPU 1', (context) => {
    expect(seen(context, 'cpuset')).toEqual({ allowed: expect.stringMatching(/^Cpus_allowed_list:\s+1$/), cpusetCpus: '1', effective: '1', onlineCpus: '0-1' });
  });

  it('pause freezes through cgroup.freeze and resume thaws; the status follows', (context) => {
    const pause = seen(context, 'pause');
    expect(pause).toMatchObject({ pausedStatus: 'paused', freezeFile: '1', frozenEvent: 'frozen 1', resumedStatus: 'running', countedAfterResume: true });
    expect(pause.countWhilePaused).toBe(pause.countAtPause);
  });

  it('raising memory.max live lets the next allocation succeed', (context) => {
    expect(seen(context, 'update')).toEqual({
      beforeUpdate: { exitCode: 137, stdout: '' },
      afterUpdate: { exitCode: 0, stdout: 'done\n' },
      memoryMax: String(160 * MiB),
      pidsMax: '40',
      statsLimit: 160 * MiB,
      status: 'running',
    });
  });

  it('stats: memory rises by what a tmpfs keeps, CPU by a busy second, pids count', (context) => {
    const stats = seen(context, 'stats');
    expect(stats.idle).toMatchObject({ pids: 1, memoryLimit: 256 * MiB });
    expect(stats.fill.exitCode).toBe(0);
    expect(stats.filledGrowth).toBeGreaterThan(38 * MiB);
    expect(stats.shmem).toBeGreaterThanOrEqual(40 * MiB);
    expect(stats.maxUsageAtLeastUsage).toBe(true);
    // A busy second; an emulated vCPU on a busy host may get only part of it.
    expect(stats.busySeconds).toBeGreaterThan(0.25);
    expect(stats.busySeconds).toBeLessThan(1.6);
    expect(stats.pidsWhileExec).toBeGreaterThanOrEqual(3);
  });

  describe('device policy (an eBPF program on v2)', () => {
    /** Device tests skip, saying so, while the policy is switched off above. */
    function policyOn(context: TestContext): void {
      if (DEVICE_POLICY_ON_V2) return;
      const reason = 'DEVICE_POLICY_ON_V2 is false: the checks ran without device rules';
      console.warn(`v2-kernel: ${reason}`);
      context.skip(reason);
    }

    it('denies a block device made with mknod inside; /dev/null works', (context) => {
      policyOn(context);
      expect(seen(context, 'devicePolicy')).toEqual({
        device: expect.stringMatching(/^\d+:\d+$/),
        exitCode: 0,
        stdout: 'rc=1\nnull-ok\n',
        stderr: 'head: /tmp/blk.1: Operation not permitted\n',
      });
    });

    it("follows the spec's own rules: a rule allowing reads of that device lets the read through", (context) => {
      policyOn(context);
      expect(seen(context, 'deviceAllow')).toMatchObject({ exitCode: 0, stdout: 'rc=0\nnull-ok\n', stderr: '' });
    });
  });

  it('the native berth-runtime create leaves what the TypeScript create leaves, limits and device program included', (context) => {
    const seenNative = seen(context, 'nativeCreate');
    expect(seenNative).toEqual({
      reference: { code: 0, stderr: '' },
      native: { code: 0, stderr: '' },
      differences: [],
      // cpu.shares 512 is cpu.weight 1 + (510 * 9999) / 262142 = 20 (runc's conversion).
      limits: { 'memory.max': String(48 * MiB), 'cpu.weight': '20', 'cpu.max': '30000 100000', 'pids.max': '25' },
      afterStart: 'running',
      deleted: { code: 0, stderr: '' },
      left: false,
    });
  });

  it('deleting every container leaves no cgroup below the runtime parent', (context) => {
    expect(seen(context, 'cleanup')).toEqual({ containersLeft: 0, cgroupsLeft: [] });
    // Each check's containers were also deleted right after it (a failure there is reported as <check>Teardown).
    const outcome = vm();
    expect(outcome.ok && Object.keys(outcome.vm.results).filter((name) => name.endsWith('Teardown'))).toEqual([]);
  });
});
