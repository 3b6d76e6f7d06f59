import { join } from 'node:path';
import type { HostLayout } from '../cgroups/host-layout.js';
import { attachSocket, type AttachSession, type AttachStream } from '../attach/attach-client.js';
import { makeContext, loadContainer, type RemapConfig, type RuntimeContext } from '../lifecycle/context.js';
import { create, type CreateOptions } from '../lifecycle/create.js';
import { deleteContainer, type DeleteOptions } from '../lifecycle/delete.js';
import { exec, execSession, type ExecOptions, type ExecResult, type ExecSession, type ExecSessionOptions } from '../lifecycle/exec.js';
import { kill, type KillOptions } from '../lifecycle/kill.js';
import { resizeTerminal } from '../lifecycle/resize.js';
import { list } from '../lifecycle/list.js';
import { ps } from '../lifecycle/ps.js';
import { run, runAttached, type RunIo } from '../lifecycle/run.js';
import { pause } from '../lifecycle/pause.js';
import { resume } from '../lifecycle/resume.js';
import { start } from '../lifecycle/start.js';
import { stats, statsStream, type ContainerStats } from '../lifecycle/stats.js';
import { sweepOrphans, type SweepOptions, type SweepResult } from '../lifecycle/sweep.js';
import { update } from '../lifecycle/update.js';
import { state } from '../lifecycle/state.js';
import { wait } from '../lifecycle/wait.js';
import { readLogs, type LogRecord, type ReadLogsOptions } from '../logs/read-logs.js';
import type { OciResources, OciState } from '../model/oci-spec.js';
import { locateShim } from '../native/shim-binary.js';
import { makeLauncher, type LauncherKind } from '../native/shim-launcher.js';
import type { ContainerState, ExitStatus } from '../state/container-state.js';
import { StateRoot } from '../state/state-root.js';

export interface RuntimeOptions {
  /** State root; default BERTH_ROOT or /run/berth. */
  root?: string;
  /**
   * `delete` answers once the container's processes, shim and cgroups are gone and its
   * directory is moved aside; the files (a writable layer can hold many) are removed after,
   * off the caller's path, and whatever a crash leaves is removed by the next such Runtime on
   * the root. close() waits for them. Default: delete removes them before it answers.
   */
  removeInBackground?: boolean;
  /** The native core; default native/build/berth-shim (or BERTH_SHIM). */
  shimPath?: string;
  /**
   * Parent cgroup of containers without a cgroupsPath, below this process's own cgroup;
   * default `berth`. Runtimes on different state roots need different parents, since the
   * startup sweep treats every cgroup there that its root does not know as an orphan.
   */
  cgroupParent?: string;
  /**
   * How `create` runs the native core: 'server' (default) forks it from one small
   * `berth-shim serve` process started on first use, which a long-lived process (the API)
   * wants; 'spawn' starts `berth-shim create` per container, cheaper for a process that
   * creates one container and exits (the CLI). The server never keeps this process alive;
   * close() stops it.
   */
  launcher?: LauncherKind;
  /**
   * For `userns: 'remap'`: the subuid/subgid files holding the `berth` range (default
   * /etc/subuid and /etc/subgid, or BERTH_SUBUID_FILE / BERTH_SUBGID_FILE) and the cache of
   * id-shifted root filesystems (default `<root>/.remap-rootfs`, or BERTH_REMAP_CACHE).
   */
  remap?: Partial<RemapConfig>;
  /**
   * The cgroup hierarchies to use; default: detected from /proc/self/mountinfo once. Given,
   * it lets a hybrid host run the pure-v2 code path on its unified hierarchy (the tests of
   * the v2 device program do).
   */
  cgroupLayout?: HostLayout;
}

export function defaultRoot(): string {
  return process.env['BERTH_ROOT'] || '/run/berth';
}

/**
 * The runtime as a library (the API uses this; the CLI is a thin layer over it). Holds no
 * state of its own beyond the root path: a new Runtime on the same root — in another
 * process, after a crash — sees the same containers, logs and exit statuses.
 */
export class Runtime {
  private readonly context: RuntimeContext;

  constructor(options: RuntimeOptions = {}) {
    const shim = locateShim(options.shimPath);
    this.context = makeContext(
      new StateRoot(options.root ?? defaultRoot()),
      shim,
      options.cgroupParent,
      makeLauncher(options.launcher ?? 'server', shim),
      options.remap,
      options.cgroupLayout,
    );
    if (options.removeInBackground) {
      this.context.removeInBackground = true;
      this.context.root.trash.emptyLeftovers();
    }
  }

  /** Stops the helper process behind `create`, if one runs (a later create starts it again), and lets removals finish. */
  async close(): Promise<void> {
    await this.context.launcher.close();
    await this.context.root.trash.settled();
  }

  get root(): string {
    return this.context.root.path;
  }

  /** The container's state directory (logs, exit.json, attach socket). */
  stateDir(id: string): string {
    return this.context.root.dir(id);
  }

  create(id: string, options: CreateOptions): Promise<ContainerState> {
    return create(this.context, id, options);
  }

  start(id: string): Promise<ContainerState> {
    return start(this.context, id);
  }

  /** create + start; the container runs on after this returns. */
  run(id: string, options: CreateOptions): Promise<ContainerState> {
    return run(this.context, id, options);
  }

  /** create, attach, start, wait, delete: a foreground run that returns the exit status. */
  runAttached(id: string, options: CreateOptions, io: RunIo): Promise<ExitStatus> {
    return runAttached(this.context, id, options, io);
  }

  state(id: string): Promise<OciState> {
    return state(this.context, id);
  }

  /** Everything the runtime knows about a container, refreshed from the kernel. */
  inspect(id: string): Promise<ContainerState> {
    return loadContainer(this.context, id);
  }

  /** A terminal container's window size (rows × cols). */
  resizeTerminal(id: string, rows: number, cols: number): Promise<void> {
    return resizeTerminal(this.context, id, rows, cols);
  }

  kill(id: string, signal: string | number = 'SIGTERM', options: KillOptions = {}): Promise<void> {
    return kill(this.context, id, signal, options);
  }

  delete(id: string, options: DeleteOptions = {}): Promise<void> {
    return deleteContainer(this.context, id, options);
  }

  /** Freezes every process of a running container; its status becomes `paused`. */
  pause(id: string): Promise<ContainerState> {
    return pause(this.context, id);
  }

  resume(id: string): Promise<ContainerState> {
    return resume(this.context, id);
  }

  /** Changes limits of a live container (only the fields given); returns the resources in force. */
  update(id: string, resources: OciResources): Promise<OciResources> {
    return update(this.context, id, resources);
  }

  /** One reading of the container's cgroup counters. */
  stats(id: string): Promise<ContainerStats> {
    return stats(this.context, id);
  }

  /** A reading every intervalMs, with CPU percent over the interval, until the container stops. */
  statsStream(id: string, intervalMs = 1000): AsyncGenerator<ContainerStats> {
    return statsStream(this.context, id, intervalMs);
  }

  /** Removes cgroups below the runtime's parent that belong to no container of this root (run at startup). */
  sweepOrphans(options: SweepOptions = {}): Promise<SweepResult> {
    return sweepOrphans(this.context, options);
  }

  list(): Promise<ContainerState[]> {
    return list(this.context);
  }

  ps(id: string): Promise<number[]> {
    return ps(this.context, id);
  }

  exec(id: string, options: ExecOptions): Promise<ExecResult> {
    return exec(this.context, id, options);
  }

  /** An exec the caller drives: input, output as it comes, terminal resizes, exit status. */
  execSession(id: string, options: ExecSessionOptions): Promise<ExecSession> {
    return execSession(this.context, id, options);
  }

  wait(id: string, timeoutMs?: number, signal?: AbortSignal): Promise<ExitStatus> {
    return wait(this.context, id, timeoutMs, signal);
  }

  async *logs(id: string, options: ReadLogsOptions = {}): AsyncGenerator<LogRecord> {
    const state = await this.context.root.read(id);
    const dir = this.context.root.dir(id);
    yield* readLogs(state.logDir ?? dir, options, dir);
  }

  /** Live stdio of a created or running container (no replay: use logs for history). */
  attach(id: string, onOutput: (stream: AttachStream, data: Buffer) => void): Promise<AttachSession> {
    return attachSocket(join(this.context.root.dir(id), 'attach.sock'), onOutput);
  }
}
