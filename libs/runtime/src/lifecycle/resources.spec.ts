import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupDirectory, detectHostLayout } from '../cgroups/host-layout.js';
import { attachLoopDevice } from '../testing/loop-device.js';
import type { OciSpec } from '../model/oci-spec.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

const MiB = 1024 * 1024;

/** linux.resources on this machine's real (v1) kernel: each limit holds, neighbours are untouched. */
describe('resource limits (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  const limits = (resources: NonNullable<NonNullable<OciSpec['linux']>['resources']>) => (spec: OciSpec) => {
    spec.linux!.resources = { ...spec.linux!.resources, ...resources };
  };

  it('an allocation over the memory limit is OOM-killed (137, oomKilled); a neighbour keeps running', async () => {
    const neighbour = await fx.start('oom-neighbour', ['sleep', '30']);
    // tail keeps its whole input when it holds no newline: 100 MiB of anonymous memory.
    const { exit, id } = await fx.runToExit('oom', ['sh', '-c', 'head -c 100m /dev/zero | tail > /dev/null'], limits({ memory: { limit: 32 * MiB } }));
    expect(exit).toMatchObject({ exitCode: 137, oomKilled: true });
    expect((await fx.runtime.state(id)).status).toBe('stopped');
    expect((await fx.runtime.state(neighbour)).status).toBe('running');
    expect((await fx.runtime.stats(neighbour)).memory.oomKills ?? 0).toBe(0);
  });

  it('oomScoreAdj reaches the init and exec processes through the user namespace; lowering it without CAP_SYS_RESOURCE is refused', async () => {
    const id = await fx.start('oom-adj', ['sleep', '30'], (spec) => (spec.process!.oomScoreAdj = 500));
    expect(await fx.runtime.exec(id, { args: ['cat', '/proc/1/oom_score_adj', '/proc/self/oom_score_adj'], stdio: 'pipe' })).toMatchObject({
      exitCode: 0,
      stdout: '500\n500\n',
    });
    // Lowering below the runtime's own value is a host privilege, whatever the container's user namespace says.
    const own = Number((await readFile('/proc/self/oom_score_adj', 'utf8')).trim());
    // CapEff is 41 bits of hex, exact as a number; CAP_SYS_RESOURCE is bit 24.
    const capEff = parseInt((await readFile('/proc/self/status', 'utf8')).match(/^CapEff:\s*([0-9a-f]+)/m)![1]!, 16);
    const hasSysResource = Math.floor(capEff / 2 ** 24) % 2 === 1;
    const lower = fx.start('oom-lower', ['true'], (spec) => (spec.process!.oomScoreAdj = own - 1));
    if (hasSysResource) await expect(lower).resolves.toBeTruthy();
    else await expect(lower).rejects.toMatchObject({ code: 'EACCES', message: expect.stringContaining('needs CAP_SYS_RESOURCE') });
  });

  it('a fork bomb stays within the pids limit; host and neighbour can still fork', async () => {
    const neighbour = await fx.start('pids-neighbour', ['sleep', '30']);
    // A failed fork ends a non-interactive shell: the bomb runs in a subshell, and PID 1 then
    // execs (no fork needed) to stay alive while we look.
    const bomb = '(for i in $(seq 100); do sleep 3 & done); echo spawned; exec sleep 3';
    const id = await fx.start('pids', ['sh', '-c', bomb], limits({ pids: { limit: 20 } }));
    await waitFor(async () => (await fx.output(id)).includes('spawned'));
    const stats = await fx.runtime.stats(id);
    expect(stats.pids).toEqual({ current: expect.any(Number), limit: 20 });
    expect(stats.pids.current).toBeLessThanOrEqual(20);
    expect(stats.pids.current).toBeGreaterThanOrEqual(15);
    expect(await fx.output(id, 'stderr')).toMatch(/can't fork|Resource temporarily unavailable/);
    expect(execFileSync('sh', ['-c', 'echo host-ok'], { encoding: 'utf8' })).toBe('host-ok\n');
    expect((await fx.runtime.exec(neighbour, { args: ['echo', 'neighbour-ok'], stdio: 'pipe' })).stdout).toBe('neighbour-ok\n');
  });

  it('a CPU quota of 0.2 holds a busy loop to about a fifth of a core', async () => {
    const id = await fx.start('cpu', ['sh', '-c', 'while :; do :; done'], limits({ cpu: { quota: 20_000, period: 100_000 } }));
    const before = await fx.runtime.stats(id);
    await sleep(2000);
    const after = await fx.runtime.stats(id);
    const usedSeconds = (after.cpu.usageTotalNs - before.cpu.usageTotalNs) / 1e9;
    expect(usedSeconds).toBeGreaterThan(0.2);
    expect(usedSeconds).toBeLessThanOrEqual(0.5);
    expect(after.cpu.throttling.throttledPeriods).toBeGreaterThan(0);
  });

  it('cpuset pins the container to CPU 0', async () => {
    const { output } = await fx.runToExit('cpuset', ['grep', 'Cpus_allowed_list', '/proc/self/status'], limits({ cpu: { cpus: '0', mems: '0' } }));
    expect(output).toMatch(/^Cpus_allowed_list:\s+0$/m);
  });

  it('the device cgroup denies a block device made with mknod inside, and allows what a spec rule allows', async () => {
    // A block device this host can read (its own disk may be refused to it already), so a
    // refusal here is the container's policy.
    const disk = await attachLoopDevice('berth-disk');
    try {
      const script = `mknod /tmp/blk b ${disk.major} ${disk.minor} && head -c10 /tmp/blk; echo " rc=$?"; cat /dev/null && echo null-ok; rm /tmp/blk`;
      const { exit, id } = await fx.runToExit('devices', ['sh', '-c', script]);
      expect(await fx.output(id, 'stderr')).toBe('head: /tmp/blk: Operation not permitted\n');
      expect(await fx.output(id, 'stdout')).toBe(' rc=1\nnull-ok\n');
      expect(exit.exitCode).toBe(0);
      const allowed = await fx.runToExit('devices-allowed', ['sh', '-c', script], (spec) =>
        spec.linux!.resources!.devices!.push({ allow: true, type: 'b', major: disk.major, minor: disk.minor, access: 'r' }),
      );
      expect(allowed.output).toBe('berth-disk rc=0\nnull-ok\n');
    } finally {
      await disk.detach();
    }
  });

  it('writes every limit of the spec into the container cgroup', async () => {
    const id = await fx.start(
      'files',
      ['sleep', '30'],
      limits({
        memory: { limit: 64 * MiB, reservation: 32 * MiB, swap: 96 * MiB },
        cpu: { shares: 512, quota: 50_000, period: 100_000 },
        pids: { limit: 50 },
      }),
    );
    const cgroup = (await fx.runtime.inspect(id)).cgroup.v1!.dirs;
    const file = async (controller: string, name: string) =>
      (await readFile(join(cgroup.find((d) => d.controllers.includes(controller))!.path, name), 'utf8')).trim();
    expect(await file('memory', 'memory.limit_in_bytes')).toBe(String(64 * MiB));
    expect(await file('memory', 'memory.soft_limit_in_bytes')).toBe(String(32 * MiB));
    expect(await file('memory', 'memory.memsw.limit_in_bytes')).toBe(String(96 * MiB));
    expect(await file('cpu', 'cpu.shares')).toBe('512');
    expect(await file('cpu', 'cpu.cfs_quota_us')).toBe('50000');
    expect(await file('pids', 'pids.max')).toBe('50');
    expect(await file('devices', 'devices.list')).toContain('c 136:* rwm');
  });

  it('cpu realtime period and runtime and the idle flag reach the v1 cpu controller; a runtime the parent cannot grant is refused by name', async () => {
    const id = await fx.start('cpu-rt', ['sleep', '30'], limits({ cpu: { realtimePeriod: 500_000, realtimeRuntime: 0, idle: 1 } }));
    const cgroup = (await fx.runtime.inspect(id)).cgroup.v1!.dirs.find((d) => d.controllers.includes('cpu'))!.path;
    const file = async (name: string) => (await readFile(join(cgroup, name), 'utf8')).trim();
    expect(await file('cpu.rt_period_us')).toBe('500000');
    expect(await file('cpu.rt_runtime_us')).toBe('0');
    expect(await file('cpu.idle')).toBe('1');
    // A realtime budget must come out of the parent's, which Berth's parent cgroup does not have.
    await expect(fx.start('cpu-rt-over', ['true'], limits({ cpu: { realtimeRuntime: 400_000 } }))).rejects.toMatchObject({
      message: expect.stringMatching(/cpu\.realtimeRuntime/),
    });
  });

  it('memory options: swappiness, disableOOMKiller and kernelTCP are written; the deprecated kernel limit runs with a warning, as in runc', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const id = await fx.start(
        'memory-options',
        ['sleep', '30'],
        limits({ memory: { limit: 64 * MiB, swappiness: 10, disableOOMKiller: true, kernelTCP: 16 * MiB, kernel: 32 * MiB } }),
      );
      const cgroup = (await fx.runtime.inspect(id)).cgroup.v1!.dirs.find((d) => d.controllers.includes('memory'))!.path;
      const file = async (name: string) => (await readFile(join(cgroup, name), 'utf8')).trim();
      expect(await file('memory.swappiness')).toBe('10');
      expect(await file('memory.oom_control')).toMatch(/^oom_kill_disable 1$/m);
      expect(await file('memory.kmem.tcp.limit_in_bytes')).toBe(String(16 * MiB));
      // Not applied: the kernel no longer enforces it.
      expect(await file('memory.kmem.limit_in_bytes')).not.toBe(String(32 * MiB));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/memory\.kernel is deprecated and ignored/));
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a limit the kernel refuses fails create and leaves nothing behind', async () => {
    const layout = await detectHostLayout();
    const snapshot = async () => {
      const dirs = await Promise.all(layout.v1.map((h) => readdir(cgroupDirectory(h, 'berth')).catch(() => [])));
      return { cgroups: dirs.map((names) => names.filter((name) => name.startsWith('badcpu'))), root: await readdir(fx.root) };
    };
    const before = await snapshot();
    await fx.bundle.writeSpec(['true'], limits({ cpu: { cpus: '63' } }));
    await expect(fx.runtime.create(fx.id('badcpu'), { bundle: fx.bundle.dir })).rejects.toMatchObject({
      // Older kernels say EINVAL, newer ERANGE.
      code: expect.stringMatching(/^E(INVAL|RANGE)$/),
      message: expect.stringMatching(/^linux\.resources\.cpu\.cpus: writing "63" to .*cpuset\.cpus failed \(E(INVAL|RANGE)\); the CPUs/),
    });
    expect(await snapshot()).toEqual(before);
  });

  it('100 containers with limits created and removed leave no cgroup behind', { timeout: 60_000 }, async () => {
    const layout = await detectHostLayout();
    // Only our containers' names: other runtimes on this host may come and go meanwhile.
    const ours = async () => {
      const lists = await Promise.all(
        [...layout.v1, layout.v2!].map(async (h) => {
          const base = cgroupDirectory(h, '.');
          // Other test files' containers come and go below the same cgroup: a directory removed
          // while the walk is inside it ends the walk with ENOENT, and a fresh walk is needed.
          for (let attempt = 1; ; attempt++) {
            try {
              return (await readdir(base, { recursive: true, withFileTypes: true }))
                .filter((e) => e.isDirectory() && /(^|\/)lim-\d+$/.test(e.name))
                .map((e) => join(e.parentPath, e.name));
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 5) throw error;
            }
          }
        }),
      );
      return lists.flat();
    };
    await fx.bundle.writeSpec(
      ['true'],
      limits({ memory: { limit: 64 * MiB }, cpu: { shares: 256, quota: 50_000, period: 100_000, cpus: '0-1' }, pids: { limit: 30 } }),
    );
    expect(await ours()).toEqual([]);
    let seen = 0;
    for (let i = 0; i < 100; i++) {
      const id = `lim-${i}`;
      await fx.runtime.create(id, { bundle: fx.bundle.dir });
      if (i === 50) seen = (await ours()).length;
      await fx.runtime.delete(id, { force: true });
    }
    // While it existed, the container had a cgroup in every hierarchy; now none is left.
    expect(seen).toBe(layout.v1.length + 1);
    expect(await ours()).toEqual([]);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
