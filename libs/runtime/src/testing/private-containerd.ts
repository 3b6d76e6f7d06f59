import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findStaticBusybox } from './busybox-bundle.js';
import { waitFor } from './wait-for.js';

/** The image every private containerd imports: busybox-static and a few applets, made here. */
export const PRIVATE_CONTAINERD_IMAGE = 'berth.test/busybox:latest';
/** Every ctr call is bounded; a hung one fails instead of hanging its caller. */
const CTR_TIMEOUT_MS = 30_000;

export interface CtrAnswer {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A containerd of its own (Debian's 1.6 here) for tests and benchmarks: own root, state and
 * socket under one temp dir, no CRI plugin and nothing that needs a network, its own ctr
 * namespace (containerd's runc shim keeps runtime state in /run/containerd/runc/<namespace>),
 * and PRIVATE_CONTAINERD_IMAGE imported from an archive made from busybox-static.
 */
export interface PrivateContainerd {
  dir: string;
  socket: string;
  namespace: string;
  ctr(args: string[]): CtrAnswer;
  /** ctr on a pty of its own (`-t` needs one), through util-linux's script(1). */
  ctrOnTty(args: string[]): CtrAnswer;
  /** Kills what is left (tasks, containers), stops the daemon, removes its files and mounts. */
  stop(): Promise<void>;
}

export async function startPrivateContainerd(name: string): Promise<PrivateContainerd> {
  // Short: the shim's socket paths must fit the 108 bytes of a unix socket address.
  const dir = mkdtempSync('/tmp/berth-ctd-');
  const socket = join(dir, 'c.sock');
  const namespace = `${name}-${process.pid}`;
  writeFileSync(join(dir, 'config.toml'), containerdConfig(dir, socket));
  const daemon: ChildProcess = spawn('containerd', ['--config', join(dir, 'config.toml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  daemon.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8192)));
  const base = ['-a', socket, '-n', namespace];
  const ctr = (args: string[]): CtrAnswer => {
    const result = spawnSync('ctr', [...base, ...args], { encoding: 'utf8', timeout: CTR_TIMEOUT_MS });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const ctrOnTty = (args: string[]): CtrAnswer => {
    const command = ['ctr', ...base, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: CTR_TIMEOUT_MS });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const stop = async () => {
    for (const id of ctr(['tasks', 'ls', '-q']).stdout.split('\n').filter(Boolean)) {
      ctr(['tasks', 'kill', '-a', '-s', 'SIGKILL', id]);
      await waitFor(async () => ctr(['tasks', 'delete', id]).code === 0, 5_000).catch(() => undefined);
    }
    for (const id of ctr(['containers', 'ls', '-q']).stdout.split('\n').filter(Boolean)) ctr(['containers', 'rm', id]);
    daemon.kill('SIGTERM');
    await waitFor(async () => daemon.exitCode !== null || daemon.signalCode !== null, 10_000).catch(() => daemon.kill('SIGKILL'));
    await stopShims(socket);
    for (const point of mountsUnder(dir).reverse()) spawnSync('umount', ['-l', point]);
    // Retried: a shim that has just exited may still be releasing files under it.
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    rmSync(`/run/containerd/runc/${namespace}`, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  try {
    await waitFor(async () => ctr(['version']).code === 0, 15_000).catch(() => {
      throw new Error(`containerd did not start:\n${log}`);
    });
    const imported = ctr(['images', 'import', writeBusyboxArchive(join(dir, 'image'))]);
    if (imported.code !== 0) throw new Error(`ctr images import: ${imported.stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, socket, namespace, ctr, ctrOnTty, stop };
}

/**
 * containerd's shims outlive the daemon (that is their purpose); each exits on its own once
 * its last task is deleted, but not at once. Whatever is left of this daemon's (started with
 * `-address <socket>`) is killed and awaited, so nothing writes into the directory as it goes.
 */
async function stopShims(socket: string): Promise<void> {
  const shims = () => processesWithArgument(socket);
  for (const pid of shims()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  await waitFor(async () => shims().length === 0, 5_000);
}

/** Processes one of whose arguments is exactly `argument`. */
function processesWithArgument(argument: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited while the list was read
    }
    if (args.includes(argument)) pids.push(Number(entry));
  }
  return pids;
}

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
    `disabled_plugins = [${disabled.map((plugin) => `"${plugin}"`).join(', ')}]`,
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
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: [PRIVATE_CONTAINERD_IMAGE], Layers: ['layer.tar'] }]));
  const archive = join(dir, 'busybox.tar');
  tar(['-C', dir, '-cf', archive, 'manifest.json', 'config.json', 'layer.tar']);
  return archive;
}

function tar(args: string[]): void {
  const result = spawnSync('tar', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar ${args.join(' ')}: ${result.stderr}`);
}

/** Mount points at or below `dir`, outermost first. */
export function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}
