import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/** linux.rootfsPropagation and process.user.umask on real containers. */
describe('root propagation and umask (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));
  let shared: string;

  beforeEach(async () => {
    // A shared mount of our own, so a mount made under it later has somewhere to propagate.
    shared = await mkdtemp(join(tmpdir(), 'berth-propagation-'));
    execFileSync('mount', ['-t', 'tmpfs', 'berth-propagation', shared]);
    execFileSync('mount', ['--make-shared', shared]);
    await mkdir(join(shared, 'late'));
  });
  afterEach(async () => {
    execFileSync('umount', ['-R', '-l', shared]);
    await rm(shared, { recursive: true, force: true });
  });

  /** Starts a container with `shared` bound at /shared, mounts a tmpfs under it on the host, and asks whether the container sees it. */
  async function seesLateMount(propagation?: string): Promise<string> {
    // The bundle's rootfs is shared by every test: a go-file of our own, removed after.
    const go = `/tmp/go-${fx.id('p')}`;
    const script = `n=0; while ! test -e ${go} && test $n -lt 200; do sleep 0.05; n=$((n+1)); done; grep -c " /shared/late " /proc/self/mountinfo; true`;
    const id = await fx.start('propagation', ['sh', '-c', script], (spec) => {
      if (propagation) spec.linux!.rootfsPropagation = propagation;
      spec.mounts!.push({ destination: '/shared', type: 'bind', source: shared, options: ['rbind'] });
    });
    execFileSync('mount', ['-t', 'tmpfs', 'berth-late', join(shared, 'late')]);
    await fx.runtime.exec(id, { args: ['touch', go], stdio: 'pipe' });
    await fx.runtime.wait(id, 15_000);
    await rm(join(fx.bundle.rootfs, go), { force: true });
    return (await fx.output(id)).trim();
  }

  it('rslave: a mount the host makes later shows up in the container', async () => {
    expect(await seesLateMount('rslave')).toBe('1');
  });

  it("Berth's default (rprivate): it does not", async () => {
    expect(await seesLateMount()).toBe('0');
  });

  it("process.user.umask is the process's umask, for the command and for exec; 0022 without one", async () => {
    const id = await fx.start('umask', ['sh', '-c', 'umask; sleep 30'], (spec) => (spec.process!.user.umask = 0o027));
    await expect.poll(() => fx.output(id), { timeout: 5_000 }).toBe('0027\n');
    expect((await fx.runtime.exec(id, { args: ['sh', '-c', 'umask'], stdio: 'pipe' })).stdout).toBe('0027\n');
    const { output } = await fx.runToExit('umask-default', ['sh', '-c', 'umask']);
    expect(output).toBe('0022\n');
  });
});
