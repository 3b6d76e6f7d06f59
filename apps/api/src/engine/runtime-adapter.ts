import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  Runtime,
  type AttachSession,
  type AttachStream,
  type ContainerState,
  type ContainerStats,
  type CreateOptions,
  type ExecSession,
  type ExecSessionOptions,
  type ExitStatus,
  type KillOptions,
  type LogRecord,
  type ReadLogsOptions,
  type SweepResult,
} from '@berth/runtime';
import type { OciResources, OciState } from '@berth/runtime/model';
import { EngineService } from './engine.service.js';

// The one door from the API to the Node side of @berth/runtime (lint keeps it so): the
// container verbs below by API id, and these host-level helpers and types, re-exported so
// no other API file depends on the runtime package's layout. `@berth/runtime/model` (the
// browser-safe model) stays importable anywhere.
export { RUNTIME_HOST_TOOLS, Trash, defaultSpec, findExecutable, validateSpec, normalizeCapability } from '@berth/runtime';
export {
  attachToBridge,
  detach,
  ensureBridge,
  formatIpv4,
  installNetworkRules,
  interfaceCounters,
  nextFreeAddress,
  parseIpv4,
  parseSubnet,
  publishPort,
  removeBridge,
  removeFirewallRules,
  renderHostsFile,
  sweepNetwork,
} from '@berth/runtime';
export type { AttachSession, ContainerStats, ExecSession, ExitStatus, HostsEntry, LogRecord, PathKind, ReadLogsOptions } from '@berth/runtime';

/**
 * The id the runtime knows a container by: the first 32 hex digits (128 bits) of its API id.
 * The runtime's per-container attach socket must fit a unix socket path (108 bytes) below
 * any state root, which 64 digits would not under a user's data directory.
 */
export function runtimeId(id: string): string {
  return id.slice(0, 32);
}

/**
 * The container runtime of this API process, spoken to in the API's terms: every verb takes
 * the API container id and maps it to the runtime's, so callers never see that there are
 * two. Errors stay the runtime's `RuntimeError`s; `http/problem-of.ts` gives each its status.
 * One Runtime per process: it keeps a small fork server for fast creates, stopped on shutdown.
 */
@Injectable()
export class RuntimeAdapter implements OnApplicationShutdown {
  private readonly runtime: Runtime;

  constructor(engine: EngineService) {
    // A removal answers once the container is gone from the kernel; its files go in the background.
    this.runtime = new Runtime({ root: engine.paths.containers, cgroupParent: engine.paths.cgroupParent, removeInBackground: true });
  }

  /**
   * The runtime itself, for the image builder of @berth/images, which runs each RUN step as
   * a throw-away container of its own (not an API container, so no id mapping applies).
   */
  get forImageBuilds(): Runtime {
    return this.runtime;
  }

  create(id: string, options: CreateOptions): Promise<ContainerState> {
    return this.runtime.create(runtimeId(id), options);
  }

  start(id: string): Promise<ContainerState> {
    return this.runtime.start(runtimeId(id));
  }

  state(id: string): Promise<OciState> {
    return this.runtime.state(runtimeId(id));
  }

  inspect(id: string): Promise<ContainerState> {
    return this.runtime.inspect(runtimeId(id));
  }

  kill(id: string, signal: string, options: KillOptions = {}): Promise<void> {
    return this.runtime.kill(runtimeId(id), signal, options);
  }

  delete(id: string, options: { force?: boolean } = {}): Promise<void> {
    return this.runtime.delete(runtimeId(id), options);
  }

  pause(id: string): Promise<ContainerState> {
    return this.runtime.pause(runtimeId(id));
  }

  resume(id: string): Promise<ContainerState> {
    return this.runtime.resume(runtimeId(id));
  }

  update(id: string, resources: OciResources): Promise<OciResources> {
    return this.runtime.update(runtimeId(id), resources);
  }

  /** The reading under the API's id: callers know the container by that one. */
  async stats(id: string): Promise<ContainerStats> {
    return { ...(await this.runtime.stats(runtimeId(id))), id };
  }

  async *statsStream(id: string, intervalMs: number): AsyncGenerator<ContainerStats> {
    const stream = this.runtime.statsStream(runtimeId(id), intervalMs);
    try {
      for await (const stats of stream) yield { ...stats, id };
    } finally {
      await stream.return(undefined);
    }
  }

  ps(id: string): Promise<number[]> {
    return this.runtime.ps(runtimeId(id));
  }

  execSession(id: string, options: ExecSessionOptions): Promise<ExecSession> {
    return this.runtime.execSession(runtimeId(id), options);
  }

  /** A terminal container's window size, set on the pty its init holds. */
  resizeTerminal(id: string, rows: number, cols: number): Promise<void> {
    return this.runtime.resizeTerminal(runtimeId(id), rows, cols);
  }

  attach(id: string, onOutput: (stream: AttachStream, data: Buffer) => void): Promise<AttachSession> {
    return this.runtime.attach(runtimeId(id), onOutput);
  }

  wait(id: string, timeoutMs?: number, signal?: AbortSignal): Promise<ExitStatus> {
    return this.runtime.wait(runtimeId(id), timeoutMs, signal);
  }

  logs(id: string, options: ReadLogsOptions): AsyncGenerator<LogRecord> {
    return this.runtime.logs(runtimeId(id), options);
  }

  /** Every container the runtime holds, by runtime id (the catalogue's and any orphan). */
  list(): Promise<ContainerState[]> {
    return this.runtime.list();
  }

  async runtimeIds(): Promise<string[]> {
    return (await this.list()).map((state) => state.id);
  }

  /**
   * Deletes the runtime containers no API id owns (a create that died between the runtime
   * and the database); answers the runtime ids removed.
   */
  async removeUnknown(knownIds: readonly string[]): Promise<string[]> {
    const known = new Set(knownIds.map(runtimeId));
    const unknown = (await this.runtimeIds()).filter((id) => !known.has(id));
    for (const id of unknown) await this.runtime.delete(id, { force: true });
    return unknown;
  }

  sweepOrphans(options: { killProcesses?: boolean } = {}): Promise<SweepResult> {
    return this.runtime.sweepOrphans(options);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
    // Containers outlive the API, and keep their cgroup parent; with none left it goes too.
    if ((await this.runtime.list()).length === 0) await this.runtime.sweepOrphans();
  }
}
