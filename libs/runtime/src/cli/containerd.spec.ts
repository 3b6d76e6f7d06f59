import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStaticBusybox } from '../testing/busybox-bundle.js';
import { waitFor } from '../testing/wait-for.js';

const BIN = fileURLToPath(new URL('../../bin/berth-runtime', import.meta.url));
const IMAGE = 'berth.test/busybox:latest';
/** Every ctr call is bounded; a hung one fails the test instead of the suite. */
const CTR_TIMEOUT_MS = 30_000;

interface Answer {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Real containerd 1.6 (Debian's) driving berth-runtime through its `io.containerd.runc.v2` shim,
 * as Kubernetes would via `BinaryName`: a private daemon (own root, state and socket, no CRI),
 * a busybox image imported from an archive made here from busybox-static, and `ctr … --runc-binary`.
 */
describe('containerd drives berth-runtime (real containerd, real kernel)', () => {
  // Short: the shim's socket paths and the unix socket limit of 108 bytes.
  const dir = mkdtempSync('/tmp/berth-ctd-');
  const socket = join(dir, 'c.sock');
  // Its own namespace: containerd's shim keeps runc state in /run/containerd/runc/<namespace>.
  const namespace = `berth-test-${process.pid}`;
  const runcRoot = `/run/containerd/runc/${namespace}`;
  const sliceName = `berthtest${process.pid}.slice`;
  let daemon: ChildProcess | undefined;
  let daemonLog = '';

  function ctr(args: string[], input?: string): Answer {
    const result = spawnSync('ctr', ['-a', socket, '-n', namespace, ...args], { encoding: 'utf8', timeout: CTR_TIMEOUT_MS, input });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** ctr with a pty of its own (`-t` needs one): util-linux's script(1). */
  function ctrOnTty(args: string[]): Answer {
    const command = ['ctr', '-a', socket, '-n', namespace, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: CTR_TIMEOUT_MS });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const runArgs = (...rest: string[]) => ['run', '--runc-binary', BIN, ...rest];

  beforeAll(async () => {
    writeFileSync(join(dir, 'config.toml'), containerdConfig(dir, socket));
    daemon = spawn('containerd', ['--config', join(dir, 'config.toml')], { stdio: ['ignore', 'ignore', 'pipe'] });
    daemon.stderr!.on('data', (chunk: Buffer) => (daemonLog = (daemonLog + chunk.toString()).slice(-8192)));
    await waitFor(async () => ctr(['version']).code === 0, 15_000).catch(() => {
      throw new Error(`containerd did not start:\n${daemonLog}`);
    });
    const archive = writeBusyboxArchive(join(dir, 'image'));
    const imported = ctr(['images', 'import', archive]);
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    // Whatever a failed test left: tasks, containers, then the daemon and its files.
    for (const id of ctr(['tasks', 'ls', '-q']).stdout.split('\n').filter(Boolean)) {
      ctr(['tasks', 'kill', '-a', '-s', 'SIGKILL', id]);
      await waitFor(async () => ctr(['tasks', 'delete', id]).code === 0, 5_000).catch(() => undefined);
    }
    for (const id of ctr(['containers', 'ls', '-q']).stdout.split('\n').filter(Boolean)) ctr(['containers', 'rm', id]);
    daemon?.kill('SIGTERM');
    await waitFor(async () => daemon?.exitCode !== null || daemon?.signalCode !== null, 10_000).catch(() => daemon?.kill('SIGKILL'));
    for (const line of mountsUnder(dir).reverse()) spawnSync('umount', ['-l', line]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(runcRoot, { recursive: true, force: true });
  }, 60_000);

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
    await waitFor(async () => shimsOf(socket).length === 0, 10_000);
    expect(existsSync(runcRoot) ? readdirSync(runcRoot) : []).toEqual([]);
    expect(mountsUnder(join(dir, 'state'))).toEqual([]);
    // ctr's cgroupsPath is /<namespace>/<id>: nothing of ours below it in any hierarchy.
    for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
      const parent = join('/sys/fs/cgroup', hierarchy, namespace);
      const children = existsSync(parent) ? readdirSync(parent, { withFileTypes: true }).filter((entry) => entry.isDirectory()) : [];
      expect(children.map((entry) => join(parent, entry.name))).toEqual([]);
    }
  });
});

/** A private containerd: no CRI, nothing that needs a network, everything under `dir`. */
function containerdConfig(dir: string, socket: string): string {
  const disabled = [
    'io.containerd.grpc.v1.cri',
    'io.containerd.snapshotter.v1.btrfs',
    'io.containerd.snapshotter.v1.zfs',
    'io.containerd.snapshotter.v1.devmapper',
    'io.containerd.snapshotter.v1.aufs',
    'io.containerd.tracing.processor.v1.otlp',
    'io.containerd.internal.v1.tracing',
  ];
  return [
    'version = 2',
    `root = "${dir}/root"`,
    `state = "${dir}/state"`,
    `disabled_plugins = [${disabled.map((name) => `"${name}"`).join(', ')}]`,
    '[grpc]',
    `  address = "${socket}"`,
    '[ttrpc]',
    `  address = "${socket}.ttrpc"`,
    '[debug]',
    '  address = ""',
    '[metrics]',
    '  address = ""',
    '',
  ].join('\n');
}

/** A docker-archive (manifest.json, config, one layer) holding busybox-static and its applets. */
function writeBusyboxArchive(dir: string): string {
  const layer = join(dir, 'layer');
  mkdirSync(join(layer, 'bin'), { recursive: true });
  copyFileSync(findStaticBusybox(), join(layer, 'bin', 'busybox'));
  for (const applet of ['sh', 'echo', 'sleep', 'tty', 'cat', 'true']) symlinkSync('busybox', join(layer, 'bin', applet));
  tar(['-C', layer, '-cf', join(dir, 'layer.tar'), '.']);
  const diffId = createHash('sha256')
    .update(readFileSync(join(dir, 'layer.tar')))
    .digest('hex');
  const config = {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/bin'], Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${diffId}`] },
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: [IMAGE], Layers: ['layer.tar'] }]));
  const archive = join(dir, 'busybox.tar');
  tar(['-C', dir, '-cf', archive, 'manifest.json', 'config.json', 'layer.tar']);
  return archive;
}

function tar(args: string[]): void {
  const result = spawnSync('tar', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar ${args.join(' ')}: ${result.stderr}`);
}

/** Mount points at or below `dir`, outermost first. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}

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
