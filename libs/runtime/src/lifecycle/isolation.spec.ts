import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSeccompProfile } from '../seccomp/default-profile.js';
import { resolveCapabilities } from '../security/capabilities.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/** What a container can see, on the real kernel: every namespace, the root, the exit path. */
describe('container isolation (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('runs the command as PID 1 and shows no host processes', async () => {
    const { output } = await fx.runToExit('pid', ['sh', '-c', 'echo $$; ls /proc | grep -c "^[0-9]"']);
    const [pid, count] = output.trim().split('\n');
    expect(pid).toBe('1');
    // sh, ls and grep: nothing from the host's hundreds of processes.
    expect(Number(count)).toBeLessThanOrEqual(3);
  });

  it('has its own hostname', async () => {
    const { output } = await fx.runToExit('uts', ['hostname'], (spec) => (spec.hostname = 'box-under-test'));
    expect(output).toBe('box-under-test\n');
    expect(execFileSync('hostname', { encoding: 'utf8' }).trim()).not.toBe('box-under-test');
  });

  it('keeps a SysV message queue inside the IPC namespace it was made in', async () => {
    const a = await fx.start('ipc-a', ['sleep', '30']);
    const b = await fx.start('ipc-b', ['sleep', '30']);
    const aPid = (await fx.runtime.inspect(a)).init!.pid;
    // busybox has no ipcmk: the host's runs inside container a's IPC namespace.
    const made = execFileSync('nsenter', [`--ipc=/proc/${aPid}/ns/ipc`, 'ipcmk', '-Q'], { encoding: 'utf8' });
    const msqid = /(\d+)/.exec(made)![1]!;
    const queues = async (id: string) => (await fx.runtime.exec(id, { args: ['cat', '/proc/sysvipc/msg'], stdio: 'pipe' })).stdout;
    expect(await queues(a)).toMatch(new RegExp(`\\s${msqid}\\s`));
    expect((await queues(b)).trim().split('\n')).toHaveLength(1); // header only
    expect(await readFile('/proc/sysvipc/msg', 'utf8')).not.toMatch(new RegExp(`^\\s*\\S+\\s+${msqid}\\s.*$`, 'm'));
  });

  it('has only lo in its network namespace, and lo is up (the container cannot raise it itself)', async () => {
    const { output } = await fx.runToExit('net', [
      'sh',
      '-c',
      'ls /sys/class/net; cat /sys/class/net/lo/flags; ping -c1 -W1 127.0.0.1 >/dev/null && echo ping-ok',
    ]);
    const [links, flags, ping] = output.trim().split('\n');
    expect(links).toBe('lo');
    expect(Number(flags) & 1).toBe(1); // IFF_UP
    expect(ping).toBe('ping-ok');
  });

  it('keeps mounts made inside invisible on the host', async () => {
    const marker = fx.id('berth-marker');
    // Mounting needs CAP_SYS_ADMIN, and the default profile admits mount(2) only with it.
    const id = await fx.start('mnt', ['sh', '-c', `mkdir -p /mnt/m && mount -t tmpfs ${marker} /mnt/m && echo mounted && sleep 30`], (spec) => {
      spec.process!.capabilities = resolveCapabilities({ add: ['SYS_ADMIN'] });
      spec.linux!.seccomp = defaultSeccompProfile(spec.process!.capabilities.bounding);
    });
    await waitFor(async () => (await fx.output(id)).includes('mounted'));
    const inside = await fx.runtime.exec(id, { args: ['cat', '/proc/self/mountinfo'], stdio: 'pipe' });
    expect(inside.stdout).toContain(marker);
    expect(await readFile('/proc/self/mountinfo', 'utf8')).not.toContain(marker);
    expect(await readFile('/proc/1/mountinfo', 'utf8')).not.toContain(marker);
  });

  it('sees its own cgroup as the root of every hierarchy', async () => {
    const { output } = await fx.runToExit('cgns', ['cat', '/proc/self/cgroup']);
    const lines = output.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/:\/$/);
  });

  it('writes to an overlay never reach the lower directory', async () => {
    const lower = fx.bundle.rootfs;
    await mkdir(join(fx.bundle.dir, 'merged'), { recursive: true });
    const before = await readdir(lower, { recursive: true });
    const passwd = await readFile(join(lower, 'etc/passwd'), 'utf8');
    const { exit, id, output } = await fx.runToExit(
      'ovl',
      ['sh', '-c', 'echo new > /created && echo changed >> /etc/passwd && rm /bin/true && cat /created'],
      (spec) => (spec.root = { path: 'merged' }),
      { overlay: { lowerDirs: [lower] } },
    );
    expect(output).toBe('new\n');
    expect(exit.exitCode).toBe(0);
    expect(await readdir(lower, { recursive: true })).toEqual(before);
    expect(await readFile(join(lower, 'etc/passwd'), 'utf8')).toBe(passwd);
    expect(await readFile(join(fx.runtime.stateDir(id), 'upper/created'), 'utf8')).toBe('new\n');
    // The merged view existed only in the container's mount namespace.
    expect(await readdir(join(fx.bundle.dir, 'merged'))).toEqual([]);
  });

  it('reports exit code 3 as 3 and SIGKILL as 137', async () => {
    expect((await fx.runToExit('exit3', ['sh', '-c', 'exit 3'])).exit).toMatchObject({ exitCode: 3, signal: null });
    const id = await fx.start('sigkill', ['sleep', '30']);
    await fx.runtime.kill(id, 'KILL');
    expect(await fx.runtime.wait(id, 10_000)).toMatchObject({ exitCode: 137, signal: 'SIGKILL', oomKilled: false });
    expect((await fx.runtime.state(id)).status).toBe('stopped');
  });

  it('with init, reaps orphaned zombies and forwards signals', async () => {
    const script = '(sleep 0.2 &); echo me=$$; sleep 1; grep -l "^[0-9]* ([^)]*) Z" /proc/[0-9]*/stat | wc -l; exit 5';
    const { output, exit } = await fx.runToExit('init', ['sh', '-c', script], undefined, { init: true });
    expect(output).toBe('me=2\n0\n');
    expect(exit.exitCode).toBe(5);

    const id = await fx.start('init-sig', ['sh', '-c', 'trap "exit 9" TERM; echo ready; while :; do sleep 0.1; done'], undefined, { init: true });
    await waitFor(async () => (await fx.output(id)).includes('ready'));
    await fx.runtime.kill(id, 'TERM');
    expect((await fx.runtime.wait(id, 10_000)).exitCode).toBe(9);
  });

  it('maps container root to an unprivileged host uid in a user namespace', async () => {
    const id = await fx.start('userns', ['sh', '-c', 'id -u; sleep 30'], (spec) => {
      spec.linux!.namespaces!.push({ type: 'user' });
      spec.linux!.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
      spec.linux!.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    });
    await waitFor(async () => (await fx.output(id)) === '0\n');
    const status = await readFile(`/proc/${(await fx.runtime.inspect(id)).init!.pid}/status`, 'utf8');
    expect(status).toMatch(/^Uid:\s+100000\s+100000\s+100000\s+100000$/m);
    expect(status).toMatch(/^Gid:\s+100000\s/m);
  });

  it('applies spec mounts, masked paths and a read-only root', async () => {
    const hostFile = join(fx.bundle.dir, 'host-file');
    await writeFile(hostFile, 'from host\n');
    const { output } = await fx.runToExit(
      'mounts',
      ['sh', '-c', 'cat /data/host-file; touch /x 2>/dev/null || echo ro-root; wc -c < /etc/passwd; touch /scratch/ok && echo tmpfs-rw'],
      (spec) => {
        spec.root!.readonly = true;
        spec.linux!.maskedPaths!.push('/etc/passwd');
        spec.mounts!.push({ destination: '/data', type: 'bind', source: fx.bundle.dir, options: ['rbind', 'ro'] });
        spec.mounts!.push({ destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] });
      },
    );
    expect(output).toBe('from host\nro-root\n0\ntmpfs-rw\n');
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
