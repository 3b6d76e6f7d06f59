import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountsUnder, PRIVATE_CONTAINERD_IMAGE, startPrivateContainerd, type PrivateContainerd } from '../testing/private-containerd.js';
import { waitFor } from '../testing/wait-for.js';

const BIN = fileURLToPath(new URL('../../bin/berth-runtime', import.meta.url));
const IMAGE = PRIVATE_CONTAINERD_IMAGE;

/**
 * Real containerd 1.6 (Debian's) driving berth-runtime through its `io.containerd.runc.v2` shim,
 * as Kubernetes would via `BinaryName`: a private daemon (own root, state and socket, no CRI),
 * a busybox image imported from an archive made from busybox-static, and `ctr … --runc-binary`.
 */
describe('containerd drives berth-runtime (real containerd, real kernel)', () => {
  let containerd: PrivateContainerd;
  const ctr = (args: string[]) => containerd.ctr(args);
  const ctrOnTty = (args: string[]) => containerd.ctrOnTty(args);
  const runArgs = (...rest: string[]) => ['run', '--runc-binary', BIN, ...rest];
  const sliceName = `berthtest${process.pid}.slice`;

  beforeAll(async () => {
    containerd = await startPrivateContainerd('berth-test');
  }, 60_000);

  afterAll(() => containerd?.stop(), 60_000);

  it('ctr run --rm: stdout and stderr reach ctr, exit code 7 comes back as 7', () => {
    const result = ctr(runArgs('--rm', IMAGE, 'run-rm', 'sh', '-c', 'echo out; echo err >&2; exit 7'));
    expect(result).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
  });

  it('ctr run -t: the container gets a working pty (through --console-socket)', () => {
    const result = ctrOnTty(runArgs('--rm', '-t', IMAGE, 'run-tty', 'sh', '-c', 'tty; [ -t 0 ] && echo stdin-is-a-tty; exit 3'));
    expect(result.stdout).toMatch(/\/dev\/pts\/\d+\r*\n/);
    expect(result.stdout).toContain('stdin-is-a-tty');
    expect(result.code).toBe(3);
  });

  it('ctr run -d, task exec with and without -t, ps, pause/resume, kill and delete', async () => {
    expect(ctr(runArgs('-d', IMAGE, 'detached', 'sleep', '300'))).toMatchObject({ code: 0 });
    const listed = () =>
      ctr(['tasks', 'ls'])
        .stdout.split('\n')
        .find((line) => line.startsWith('detached '));
    expect(listed()).toMatch(/^detached\s+\d+\s+RUNNING$/);
    const pid = Number(/^detached\s+(\d+)/.exec(listed()!)![1]);

    expect(ctr(['tasks', 'exec', '--exec-id', 'e1', 'detached', 'sh', '-c', 'echo in-exec; echo exec-err >&2; exit 5'])).toEqual({
      code: 5,
      stdout: 'in-exec\n',
      stderr: 'exec-err\n',
    });
    const tty = ctrOnTty(['tasks', 'exec', '-t', '--exec-id', 'e2', 'detached', 'sh', '-c', 'tty; exit 4']);
    expect(tty.stdout).toMatch(/\/dev\/pts\/\d+\r*\n/);
    expect(tty.code).toBe(4);
    // A command that cannot run fails the exec itself, with Berth's words.
    const missing = ctr(['tasks', 'exec', '--exec-id', 'e3', 'detached', 'no-such-command']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/berth-runtime: ENOENT: .*no-such-command/);

    expect(ctr(['tasks', 'ps', 'detached']).stdout).toMatch(new RegExp(`^${pid}\\s`, 'm'));
    expect(ctr(['tasks', 'pause', 'detached']).code).toBe(0);
    expect(listed()).toMatch(/\sPAUSED$/);
    expect(ctr(['tasks', 'resume', 'detached']).code).toBe(0);
    expect(listed()).toMatch(/\sRUNNING$/);

    // --all: containerd's shim calls `kill --all ID 9`.
    expect(ctr(['tasks', 'kill', '-a', '-s', 'SIGKILL', 'detached']).code).toBe(0);
    await waitFor(async () => /\sSTOPPED$/.test(listed() ?? ''), 10_000);
    expect(ctr(['tasks', 'delete', 'detached']).code).toBe(0);
    expect(ctr(['containers', 'rm', 'detached']).code).toBe(0);
  });

  it("a pod-shaped pair: the second container joins the first one's net, IPC and UTS namespaces by path", async () => {
    expect(ctr(runArgs('-d', IMAGE, 'pod-pause', 'sleep', '300'))).toMatchObject({ code: 0 });
    const pause = Number(/^pod-pause\s+(\d+)/m.exec(ctr(['tasks', 'ls']).stdout)![1]);
    const join = ['network:net', 'ipc:ipc', 'uts:uts'].flatMap((pair) => {
      const [type, file] = pair.split(':');
      return ['--with-ns', `${type}:/proc/${pause}/ns/${file}`];
    });
    const app = ctr(runArgs('--rm', ...join, IMAGE, 'pod-app', 'sh', '-c', 'for ns in net ipc uts pid; do busybox readlink /proc/self/ns/$ns; done'));
    expect(app.code, app.stderr).toBe(0);
    const [net, ipc, uts, pid] = app.stdout.trim().split('\n');
    expect([net, ipc, uts]).toEqual(['net', 'ipc', 'uts'].map((ns) => readlinkSync(`/proc/${pause}/ns/${ns}`)));
    // Not listed, so a pid namespace of its own.
    expect(pid).not.toBe(readlinkSync(`/proc/${pause}/ns/pid`));

    expect(ctr(['tasks', 'kill', '-s', 'SIGKILL', 'pod-pause']).code).toBe(0);
    await waitFor(async () => ctr(['tasks', 'delete', 'pod-pause']).code === 0, 10_000);
    expect(ctr(['containers', 'rm', 'pod-pause']).code).toBe(0);
  });

  it('--systemd-cgroup: a slice:prefix:name cgroupsPath runs where systemd would put it, and goes with the container', () => {
    const result = ctr(runArgs('--rm', '--runc-systemd-cgroup', '--cgroup', `${sliceName}:berth:sd1`, IMAGE, 'sd1', 'cat', '/proc/self/cgroup'));
    expect(result.code, result.stderr).toBe(0);
    // Every hierarchy (v1 controllers, or the v2 unified one) places it there.
    expect(result.stdout).toMatch(new RegExp(`^\\d+:[^:]*:/${sliceName}/berth-sd1\\.scope$`, 'm'));
    expect(readdirSync('/sys/fs/cgroup').filter((hierarchy) => existsSync(join('/sys/fs/cgroup', hierarchy, sliceName)))).toEqual([]);
  });

  it("a relative cgroupsPath lands below the runtime caller's own cgroup, and goes with the container", () => {
    const relative = `berth-rel-${process.pid}/rel1`;
    const result = ctr(runArgs('--rm', '--cgroup', relative, IMAGE, 'rel1', 'cat', '/proc/self/cgroup'));
    expect(result.code, result.stderr).toBe(0);
    const memory = /^\d+:memory:(.*)$/m.exec(result.stdout)?.[1] ?? /^0::(.*)$/m.exec(result.stdout)![1]!;
    expect(memory.endsWith(`/${relative}`)).toBe(true);
    expect(readdirSync('/sys/fs/cgroup').filter((hierarchy) => existsSync(join('/sys/fs/cgroup', hierarchy, memory)))).toEqual([]);
  });

  it("a failing create surfaces Berth's message in ctr's error", () => {
    const result = ctr(runArgs('--rm', IMAGE, 'bad-create', '/no/such/binary'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/OCI runtime create failed: .*berth-runtime: ENOENT: .*\/no\/such\/binary/);
    expect(ctr(['containers', 'ls', '-q']).stdout).not.toContain('bad-create');
  });

  it('leaves nothing behind: no Berth state, no shim, no mount, no cgroup', async () => {
    expect(ctr(['tasks', 'ls', '-q']).stdout).toBe('');
    expect(ctr(['containers', 'ls', '-q']).stdout).toBe('');
    // The shim exits once its last task is deleted; give it a moment.
    await waitFor(async () => shimsOf(containerd.socket).length === 0, 10_000);
    const runcRoot = `/run/containerd/runc/${containerd.namespace}`;
    expect(existsSync(runcRoot) ? readdirSync(runcRoot) : []).toEqual([]);
    expect(mountsUnder(join(containerd.dir, 'state'))).toEqual([]);
    // ctr's cgroupsPath is /<namespace>/<id>: nothing of ours below it in any hierarchy.
    for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
      const parent = join('/sys/fs/cgroup', hierarchy, containerd.namespace);
      const children = existsSync(parent) ? readdirSync(parent, { withFileTypes: true }).filter((entry) => entry.isDirectory()) : [];
      expect(children.map((entry) => join(parent, entry.name))).toEqual([]);
    }
  });
});

/** Pids of containerd-shim-runc-v2 processes serving the daemon at `socket`. */
function shimsOf(socket: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        return [];
      }
    })();
    if (cmdline[0]?.endsWith('containerd-shim-runc-v2') && cmdline.includes(socket)) pids.push(Number(entry));
  }
  return pids;
}
