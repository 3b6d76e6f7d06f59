import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectHostLayout } from '../cgroups/host-layout.js';
import { attachLoopDevice, type LoopDevice } from '../testing/loop-device.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/**
 * The cgroup v2 device policy — an eBPF program the shim attaches — on this machine's real
 * kernel (root: loop devices, bpf). The host is hybrid: its controllers are in v1, but the
 * unified (v2) hierarchy is mounted, and the kernel runs BPF_CGROUP_DEVICE programs attached
 * there besides asking the v1 devices controller. So the runtime is given a pure-v2 layout
 * (the unified hierarchy alone) and takes exactly the path it takes on a v2 host.
 */
const layout = await detectHostLayout();
const unified = layout.v2;
const runOrSkip = unified ? describe : describe.skip;
if (!unified) console.warn('devices-v2: skipped, this host has no cgroup v2 hierarchy mounted');

runOrSkip('device policy on cgroup v2 (real kernel, the unified hierarchy)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture(
    (fixture) => (fx = fixture),
    () => ({ cgroupLayout: { v1: [], v2: unified }, cgroupParent: 'berth-devices-v2' }),
  );
  let disk: LoopDevice;
  beforeAll(async () => {
    disk = await attachLoopDevice('berth-disk');
  });
  afterAll(async () => {
    await disk?.detach();
  });

  // The bundle's rootfs is shared by the tests' containers: each node gets a name of its own.
  const withNode = (script: string) => `n=/tmp/blk.$$; mknod $n b ${disk.major} ${disk.minor} && ${script}; rm -f $n`;
  const readDisk = () => withNode('{ head -c10 $n; echo " rc=$?"; cat /dev/null && echo null-ok; }');
  const denied = /^head: \/tmp\/blk\.\d+: Operation not permitted\n$/;

  it('denies a block device made with mknod inside, to the init and to exec; the standard devices work', async () => {
    const { exit, id } = await fx.runToExit('v2-devices', ['sh', '-c', readDisk()]);
    expect(await fx.output(id, 'stderr')).toMatch(denied);
    expect(await fx.output(id, 'stdout')).toBe(' rc=1\nnull-ok\n');
    expect(exit.exitCode).toBe(0);
    expect(existsSync(`${fx.runtime.stateDir(id)}/devices.bpf`)).toBe(true);

    const running = await fx.start('v2-devices-exec', ['sleep', '30']);
    expect(await fx.runtime.exec(running, { args: ['sh', '-c', readDisk()], stdio: 'pipe' })).toMatchObject({
      stdout: ' rc=1\nnull-ok\n',
      stderr: expect.stringMatching(denied),
    });
  });

  it("follows the spec's own rules: read allowed where a rule says so, write still denied", async () => {
    const { id } = await fx.runToExit(
      'v2-devices-allow',
      ['sh', '-c', withNode('{ head -c10 $n; echo; echo x 2>/dev/null >$n || echo write-denied; }')],
      (spec) => spec.linux!.resources!.devices!.push({ allow: true, type: 'b', major: disk.major, minor: disk.minor, access: 'r' }),
    );
    expect(await fx.output(id, 'stdout')).toBe('berth-disk\nwrite-denied\n');
  });

  it('removing the container removes its cgroup, program and all', async () => {
    const { id } = await fx.runToExit('v2-devices-gone', ['true']);
    const dir = `${unified!.mountPoint}/${unified!.ownPath}/berth-devices-v2/${id}`.replace(/\/+/g, '/');
    expect(existsSync(dir)).toBe(true);
    await fx.runtime.delete(id);
    expect(existsSync(dir)).toBe(false);
  });
});
