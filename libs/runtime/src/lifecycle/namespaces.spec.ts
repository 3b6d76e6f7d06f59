import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OciNamespaceType } from '../model/oci-spec.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

const NS_FILES: Record<Exclude<OciNamespaceType, 'time'>, string> = {
  mount: 'mnt',
  pid: 'pid',
  network: 'net',
  ipc: 'ipc',
  uts: 'uts',
  cgroup: 'cgroup',
  user: 'user',
};

/** Namespaces joined by path and inherited when unlisted (runtime-spec config-linux.md#namespaces), on the real kernel. */
describe('namespaces joined by path and inherited (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));
  const holders: ChildProcess[] = [];
  afterEach(() => {
    for (const holder of holders.splice(0)) holder.kill('SIGKILL');
  });

  /**
   * A `sleep` in namespaces `unshare` made; its pid once it is in them: unshare's own (it execs
   * sleep in place), or with --fork its child's (--kill-child takes it along when unshare is killed).
   */
  async function holder(flags: string[], file: string): Promise<number> {
    const child = spawn('unshare', [...flags, 'sleep', '60'], { stdio: 'ignore' });
    holders.push(child);
    const ours = readlinkSync(`/proc/self/ns/${file}`);
    const sleeper = () => (flags.includes('--fork') ? childOf(child.pid!) : child.pid!);
    return waitFor(
      () => {
        const pid = sleeper();
        return pid !== undefined && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep' && readlinkSync(`/proc/${pid}/ns/${file}`) !== ours && pid;
      },
      5_000,
      'the unshare holder',
    );
  }

  const inode = (path: string) => readlinkSync(path);

  it('joins a mount namespace by path: the container sees a mount made in it, and builds its root there', async () => {
    const pid = await holder(['--mount', '--propagation', 'private'], 'mnt');
    const seen = join(fx.bundle.rootfs, 'mnt', 'joined');
    await mkdir(seen, { recursive: true });
    // A tmpfs only the holder's namespace has, with a file in it.
    spawnSyncOk('nsenter', [
      `--mount=/proc/${pid}/ns/mnt`,
      'sh',
      '-c',
      `mount -t tmpfs joined-marker ${seen} && echo from-the-joined-namespace > ${seen}/marker`,
    ]);
    await expect(readFile(join(seen, 'marker'), 'utf8')).rejects.toThrow(); // not in ours

    const joined = await fx.runToExit('join-mnt', ['sh', '-c', 'cat /mnt/joined/marker; readlink /proc/self/ns/mnt'], (spec) => {
      spec.linux!.namespaces = spec.linux!.namespaces!.map((ns) => (ns.type === 'mount' ? { type: 'mount', path: `/proc/${pid}/ns/mnt` } : ns));
    });
    expect(joined.exit.exitCode).toBe(0);
    expect(joined.output).toBe(`from-the-joined-namespace\n${inode(`/proc/${pid}/ns/mnt`)}\n`);

    // Negative: the same bundle with a mount namespace of its own does not see it.
    const own = await fx.runToExit('own-mnt', ['sh', '-c', 'cat /mnt/joined/marker 2>&1; readlink /proc/self/ns/mnt']);
    expect(own.output).toMatch(/No such file or directory/);
    expect(own.output).not.toContain(inode(`/proc/${pid}/ns/mnt`));
  });

  it('joins a user namespace (and its pid namespace) by path: the container runs with its id map', async () => {
    const sleeper = await holder(['--user', '--map-root-user', '--pid', '--fork', '--kill-child', '--mount-proc'], 'user');
    const { output, exit } = await fx.runToExit('join-user', ['sh', '-c', 'readlink /proc/self/ns/user; cat /proc/self/uid_map; id -u'], (spec) => {
      spec.linux!.namespaces = [
        { type: 'user', path: `/proc/${sleeper}/ns/user` },
        { type: 'pid', path: `/proc/${sleeper}/ns/pid` },
        { type: 'mount' },
        { type: 'network' },
        { type: 'ipc' },
        { type: 'uts' },
      ];
    });
    expect(exit.exitCode).toBe(0);
    const [userNs, map, uid] = output.trim().split('\n');
    expect(userNs).toBe(inode(`/proc/${sleeper}/ns/user`));
    expect(userNs).not.toBe(inode('/proc/self/ns/user'));
    expect(map!.trim().split(/\s+/)).toEqual(['0', '0', '1']);
    expect(uid).toBe('0');
  });

  it('joins a user namespace by path with a new pid namespace, which the joined user namespace owns', async () => {
    const pid = await holder(['--user', '--map-root-user'], 'user');
    const { output, exit, id } = await fx.runToExit(
      'join-user-newpid',
      ['sh', '-c', 'echo $$; readlink /proc/self/ns/user; ls /proc | grep -c "^[0-9]"'],
      (spec) => spec.linux!.namespaces!.push({ type: 'user', path: `/proc/${pid}/ns/user` }),
    );
    expect(exit.exitCode).toBe(0);
    const [self, userNs, count] = output.trim().split('\n');
    // PID 1 of a fresh pid namespace (proc could be mounted: its owner is the joined namespace).
    expect(self).toBe('1');
    expect(Number(count)).toBeLessThanOrEqual(3);
    expect(userNs).toBe(inode(`/proc/${pid}/ns/user`));
    expect((await fx.runtime.inspect(id)).status).toBe('stopped');
    // The recorded init is the container's PID 1 as the host sees it, not the process that forked it.
    const running = await fx.start('join-user-newpid-run', ['sleep', '30'], (spec) =>
      spec.linux!.namespaces!.push({ type: 'user', path: `/proc/${pid}/ns/user` }),
    );
    const init = (await fx.runtime.inspect(running)).init!.pid;
    expect(readFileSync(`/proc/${init}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/m);
    expect(inode(`/proc/${init}/ns/user`)).toBe(inode(`/proc/${pid}/ns/user`));
    await fx.runtime.delete(running, { force: true });
  });

  it('refuses joining a mount namespace by path from a new user namespace, before anything exists', async () => {
    const pid = await holder(['--mount'], 'mnt');
    const id = fx.id('join-mnt-newuser');
    await fx.bundle.writeSpec(['true'], (spec) => {
      spec.linux!.namespaces = spec.linux!.namespaces!.map((ns) => (ns.type === 'mount' ? { type: 'mount', path: `/proc/${pid}/ns/mnt` } : ns));
      spec.linux!.namespaces.push({ type: 'user' });
      spec.linux!.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
      spec.linux!.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    });
    await expect(fx.runtime.create(id, { bundle: fx.bundle.dir })).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: expect.stringMatching(/new user namespace/),
    });
    expect(await fx.runtime.list()).toEqual([]);
  });

  it('inherits every namespace type the spec does not list, chrooted in our mount namespace, and delete takes its mounts away', async () => {
    const types = Object.keys(NS_FILES) as (keyof typeof NS_FILES)[];
    const script = types.map((type) => `readlink /proc/self/ns/${NS_FILES[type]}`).join('; ');
    const id = await fx.start('inherit', ['sh', '-c', `${script}; ls /; sleep 30`], (spec) => {
      spec.linux!.namespaces = [];
      spec.linux!.maskedPaths = [];
      spec.linux!.readonlyPaths = [];
      delete spec.hostname;
    });
    const lines = await waitFor(
      async () => {
        const text = await fx.output(id);
        return text.split('\n').length > types.length + 2 ? text.trim().split('\n') : undefined;
      },
      10_000,
      'the namespace listing',
    );
    for (const [index, type] of types.entries()) expect([type, lines[index]]).toEqual([type, inode(`/proc/self/ns/${NS_FILES[type]}`)]);
    // Its root is the bundle's rootfs, not ours.
    expect(lines.slice(types.length)).toContain('bin');
    expect(lines.slice(types.length)).not.toContain('work');
    // Its mounts are in our namespace while it lives, and an exec lands in its root too.
    expect(mountsUnder(fx.bundle.rootfs)).toContain(join(fx.bundle.rootfs, 'proc'));
    const exec = await fx.runtime.exec(id, { args: ['sh', '-c', 'test -x /bin/busybox && test ! -e /work && echo in-root'], stdio: 'pipe' });
    expect(exec.stdout).toBe('in-root\n');
    await fx.runtime.delete(id, { force: true });
    expect(mountsUnder(fx.bundle.rootfs)).toEqual([]);
  });

  it('with every type listed, none of them is ours', async () => {
    const types = (Object.keys(NS_FILES) as (keyof typeof NS_FILES)[]).filter((type) => type !== 'user');
    const script = types.map((type) => `readlink /proc/self/ns/${NS_FILES[type]}`).join('; ');
    const { output } = await fx.runToExit('own-all', ['sh', '-c', script]);
    for (const [index, type] of types.entries()) expect([type, output.trim().split('\n')[index]]).not.toEqual([type, inode(`/proc/self/ns/${NS_FILES[type]}`)]);
    expect(mountsUnder(fx.bundle.rootfs)).toEqual([]);
  });

  it('a failing create without a mount namespace leaves no mount behind', async () => {
    const id = fx.id('inherit-fails');
    await fx.bundle.writeSpec(['/no/such/command'], (spec) => {
      spec.linux!.namespaces = [];
      spec.linux!.maskedPaths = [];
      spec.linux!.readonlyPaths = [];
      delete spec.hostname;
    });
    await expect(fx.runtime.create(id, { bundle: fx.bundle.dir })).rejects.toMatchObject({ message: expect.stringMatching(/\/no\/such\/command/) });
    expect(mountsUnder(fx.bundle.rootfs)).toEqual([]);
  });

  afterEach(async () => {
    await rm(join(fx.bundle.rootfs, 'mnt'), { recursive: true, force: true });
  });
});

/** Polls (every 20 ms, bounded) until `value` gives something other than undefined or false. */
async function waitFor<T>(value: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await value();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`${what}: not there within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function spawnSyncOk(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
}

/** Mount points at or below dir in our mount namespace. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}

/** The first child of pid (from /proc/<pid>/task/<pid>/children), if any. */
function childOf(pid: number): number | undefined {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? Number(text.split(' ')[0]) : undefined;
}
