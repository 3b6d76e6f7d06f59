import { readlinkSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/**
 * createContainer and startContainer hooks (runtime-spec config.md#posix-platform-hooks) on real
 * containers: where they run, what they read on stdin, and what their failure does.
 */
describe('hooks in the container namespaces (real kernel)', () => {
  let fx: RuntimeFixture;
  let dir: string;
  let record: string;
  let script: string;
  useRuntimeFixture((fixture) => (fx = fixture));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-container-hooks-'));
    record = join(dir, 'record');
    script = join(dir, 'create.sh');
    // A host path: createContainer runs before pivot_root, so the host's files are still in reach.
    await writeFile(
      script,
      `#!/bin/sh\nstate=$(cat)\nprintf '%s\\n%s\\n%s\\n' "$(readlink /proc/self/ns/mnt)" "$(pwd)" "$state" > ${record}\necho "\${HOOK_SAYS:-}" >&2\nexit "\${HOOK_EXIT:-0}"\n`,
    );
    await chmod(script, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('createContainer runs in the container mount namespace, cwd its rootfs, with the creating state on stdin', async () => {
    await rm(record, { force: true });
    const id = fx.id('hook-cc');
    await fx.bundle.writeSpec(['sleep', '30'], (spec) => (spec.hooks = { createContainer: [{ path: script, args: ['create.sh'] }] }));
    const created = await fx.runtime.create(id, { bundle: fx.bundle.dir });
    const [mntns, cwd, state] = (await readFile(record, 'utf8')).trimEnd().split('\n');
    expect(mntns).toBe(readlinkSync(`/proc/${created.init!.pid}/ns/mnt`));
    expect(mntns).not.toBe(readlinkSync('/proc/self/ns/mnt'));
    expect(cwd).toBe(fx.bundle.rootfs);
    expect(JSON.parse(state!)).toMatchObject({ id, status: 'creating', pid: created.init!.pid, bundle: fx.bundle.dir, ociVersion: expect.any(String) });
  });

  it('a failing createContainer hook fails create with its output, and nothing is left', async () => {
    await fx.bundle.writeSpec(['sleep', '30'], (spec) => (spec.hooks = { createContainer: [{ path: script, env: ['HOOK_EXIT=3', 'HOOK_SAYS=no-good'] }] }));
    await expect(fx.runtime.create(fx.id('hook-cc-fails'), { bundle: fx.bundle.dir })).rejects.toMatchObject({
      code: 'HOOK_FAILED',
      message: expect.stringMatching(/hooks\.createContainer\[0\] .*create\.sh: exit status 3: no-good/),
    });
    expect(await fx.runtime.list()).toEqual([]);
  });

  it('a createContainer hook over its timeout is killed and fails create', async () => {
    await fx.bundle.writeSpec(['sleep', '30'], (spec) => (spec.hooks = { createContainer: [{ path: '/bin/sleep', args: ['sleep', '10'], timeout: 1 }] }));
    const started = Date.now();
    await expect(fx.runtime.create(fx.id('hook-cc-slow'), { bundle: fx.bundle.dir })).rejects.toMatchObject({
      code: 'HOOK_FAILED',
      message: expect.stringMatching(/hooks\.createContainer\[0\] \/bin\/sleep: did not finish within its timeout of 1 s/),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await fx.runtime.list()).toEqual([]);
  });

  it('startContainer runs inside the container (a path of its rootfs) before the command, with the created state', async () => {
    // Only the container's root has /start-hook.sh: found there proves it ran after pivot_root.
    await writeFile(join(fx.bundle.rootfs, 'start-hook.sh'), '#!/bin/sh\ncat > /tmp/start-record\necho >> /tmp/start-record\n');
    await chmod(join(fx.bundle.rootfs, 'start-hook.sh'), 0o755);
    try {
      const { output, exit, id } = await fx.runToExit('hook-sc', ['cat', '/tmp/start-record'], (spec) => {
        spec.hooks = { startContainer: [{ path: '/start-hook.sh' }] };
      });
      expect(exit.exitCode).toBe(0);
      expect(JSON.parse(output)).toMatchObject({ id, status: 'created', bundle: fx.bundle.dir });
      expect(JSON.parse(output).pid).toBeGreaterThan(1);
    } finally {
      await rm(join(fx.bundle.rootfs, 'start-hook.sh'), { force: true });
      await rm(join(fx.bundle.rootfs, 'tmp', 'start-record'), { force: true });
    }
  });

  it('both run in a new user namespace too (the shim, not the unmapped child, opens the outcome file)', async () => {
    const { output, exit } = await fx.runToExit('hook-userns', ['sh', '-c', 'echo command'], (spec) => {
      spec.linux!.namespaces!.push({ type: 'user' });
      spec.linux!.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
      spec.linux!.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
      spec.hooks = {
        createContainer: [{ path: '/bin/true' }],
        startContainer: [{ path: '/bin/sh', args: ['sh', '-c', 'echo "start hook as $(id -u)"'] }],
      };
    });
    expect(exit.exitCode).toBe(0);
    // The hook's output is not the container's: only the command's reaches the log.
    expect(output).toBe('command\n');
  });

  it('a failing startContainer hook fails start, and the command never runs', async () => {
    const id = fx.id('hook-sc-fails');
    await fx.bundle.writeSpec(['touch', '/tmp/command-ran'], (spec) => {
      spec.hooks = { startContainer: [{ path: '/bin/sh', args: ['sh', '-c', 'echo refused >&2; exit 4'] }] };
    });
    await fx.runtime.create(id, { bundle: fx.bundle.dir });
    await expect(fx.runtime.start(id)).rejects.toMatchObject({
      code: 'HOOK_FAILED',
      message: expect.stringMatching(/hooks\.startContainer\[0\] \/bin\/sh: exit status 4: refused/),
    });
    const exit = await fx.runtime.wait(id, 10_000);
    expect(exit.exitCode).not.toBe(0);
    await expect(readFile(join(fx.bundle.rootfs, 'tmp', 'command-ran'))).rejects.toThrow();
  });
});
