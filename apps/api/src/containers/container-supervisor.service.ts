import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RuntimeError } from '@berth/runtime/model';
import { ContainerBundles } from '../engine/container-bundle.js';
import { RuntimeAdapter, type ExitStatus } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { ProblemException } from '../http/problem.js';
import { ImagesService } from '../images/images.service.js';
import { ContainerNetworking } from '../networks/container-networking.service.js';
import { NetworkReconciler } from '../networks/network-reconciler.service.js';
import { ContainerLauncher } from './container-launcher.service.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';
import { HEALTHY_RUN_MS, restartDelayMs, shouldRestart } from './restart-policy.js';

/** How long an exit that could not be recorded (database down) waits before the next try. */
const RECORD_RETRY_MS = 1000;

/**
 * Keeps the catalogue in line with the runtime: at start-up (containers ran on while the API
 * was down) and then for every container it started, through the runtime's exit watch. It
 * records exits, applies restart policies with back-off and honours auto-remove.
 */
@Injectable()
export class ContainerSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Supervisor');
  private readonly watchers = new Map<string, AbortController>();
  private readonly restarts = new Map<string, NodeJS.Timeout>();
  /** Restarts in a row without a healthy run, per container: the back-off exponent. */
  private readonly attempts = new Map<string, number>();
  private readonly stoppedWaiters = new Map<string, ((row: ContainerRow) => void)[]>();
  private closing = false;

  constructor(
    private readonly runtime: RuntimeAdapter,
    private readonly bundles: ContainerBundles,
    private readonly repository: ContainersRepository,
    private readonly launcher: ContainerLauncher,
    private readonly images: ImagesService,
    private readonly events: EventsService,
    private readonly networking: ContainerNetworking,
    private readonly networkReconciler: NetworkReconciler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile();
  }

  onApplicationShutdown(): void {
    this.closing = true;
    for (const controller of this.watchers.values()) controller.abort();
    for (const timer of this.restarts.values()) clearTimeout(timer);
    this.watchers.clear();
    this.restarts.clear();
  }

  /** Every container the catalogue thinks may be alive, against what the runtime says. */
  async reconcile(): Promise<void> {
    await this.removeOrphans();
    for (const row of await this.repository.live()) {
      let status: string;
      try {
        status = (await this.runtime.state(row.id)).status;
      } catch (error) {
        if (!(error instanceof RuntimeError) || error.code !== 'ENOENT') throw error;
        // Its runtime container is gone (removed behind our back, or a wiped state root).
        await this.recordExit(row.id, { exitCode: 255, signal: null, oomKilled: false, finishedAt: new Date().toISOString(), lost: true });
        continue;
      }
      if (status === 'stopped') {
        const exit = (await this.runtime.inspect(row.id)).exit;
        await this.recordExit(row.id, exit ?? { exitCode: 255, signal: null, oomKilled: false, finishedAt: new Date().toISOString(), lost: true });
      } else if (status === 'running' || status === 'paused') {
        if (row.status !== status) await this.repository.update(row.id, { status: status as ContainerRow['status'] });
        this.watch(row.id);
      }
    }
    // After the exits above released their ports: what is still marked and not live is swept.
    await this.networkReconciler.reconcile();
  }

  /**
   * What a crash left half-made: runtime containers and bundles with no catalogue row (a
   * create that died between the runtime and the database), and cgroups no container owns.
   */
  private async removeOrphans(): Promise<void> {
    const known = await this.repository.ids();
    for (const id of await this.runtime.removeUnknown(known)) this.logger.warn(`removed runtime container ${id}: no catalogue row`);
    for (const id of this.bundles.orphans(known)) this.bundles.discard(id);
    const swept = await this.runtime.sweepOrphans({ killProcesses: true });
    if (swept.removed.length > 0) this.logger.warn(`removed ${swept.removed.length} orphan cgroup(s)`);
  }

  /** Starts a created or stopped container (a stopped one is re-created on its kept files). */
  async start(row: ContainerRow, { byUser, restart = false }: { byUser: boolean; restart?: boolean }): Promise<ContainerRow> {
    this.cancelRestart(row.id);
    const state = await this.runtime.state(row.id).catch((error: unknown) => {
      if (error instanceof RuntimeError && error.code === 'ENOENT') return undefined;
      throw error;
    });
    let created = state?.status === 'created' ? state : undefined;
    if (!created) {
      if (state) await this.runtime.delete(row.id, { force: true });
      const image = await this.imageOf(row);
      await this.launcher.create(row.id, { privileged: (row.config as { privileged?: boolean }).privileged, lowerDirs: image.lowerDirs });
      created = await this.runtime.state(row.id);
    }
    const pid = created.pid;
    if (pid === undefined) throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, 'NO_INIT', `container ${row.name} was created without an init process`);
    // In the init's network namespace, before the command runs: it starts with its network up.
    await this.networking.attach(row, pid);
    let started;
    try {
      started = await this.runtime.start(row.id);
    } catch (error) {
      await this.networking.release(row.id);
      throw error;
    }
    const updated = await this.repository.update(
      row.id,
      {
        status: 'running',
        pid: started.init?.pid ?? null,
        startedAt: new Date(),
        finishedAt: null,
        exitCode: null,
        oomKilled: false,
        ...(byUser ? { stoppedByUser: false } : {}),
        // Counted with the status change, so nobody sees the new count on the old, stopped run.
        ...(restart ? { restartCount: row.restartCount + 1 } : {}),
      },
      row,
    );
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'start', actorId: row.id, attributes: { name: row.name } });
    this.watch(row.id);
    return updated;
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves with the stopped row. Marks it stopped by the user. */
  async stop(row: ContainerRow, graceSeconds: number): Promise<ContainerRow> {
    this.cancelRestart(row.id);
    const marked = await this.repository.update(row.id, { stoppedByUser: true }, row);
    if (row.status !== 'running' && row.status !== 'paused') return marked;
    const stopped = this.waitStopped(row.id);
    await this.signal(row, 'SIGTERM');
    // A frozen process cannot act on the signal until it thaws.
    if (row.status === 'paused') await this.runtime.resume(row.id).catch(() => undefined);
    try {
      await this.runtime.wait(row.id, graceSeconds * 1000);
    } catch (error) {
      if (!(error instanceof RuntimeError) || error.code !== 'ETIMEDOUT') throw error;
      await this.signal(row, 'SIGKILL', true);
    }
    // After the exit is recorded: `die` comes before `stop`, as in Docker.
    const result = await stopped;
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'stop', actorId: row.id, attributes: { name: row.name } });
    return result;
  }

  /** Removes the runtime container, the bundle and the row (killing it first when it runs). */
  async remove(row: ContainerRow): Promise<void> {
    this.cancelRestart(row.id);
    this.watchers.get(row.id)?.abort();
    this.watchers.delete(row.id);
    try {
      await this.runtime.delete(row.id, { force: true });
    } catch (error) {
      if (!(error instanceof RuntimeError) || error.code !== 'ENOENT') throw error;
    }
    const networkIds = await this.networking.release(row.id);
    await this.repository.remove(row.id);
    // The others on its networks forget its name.
    await this.networking.refreshHosts(networkIds);
    // Gone from the kernel and the catalogue: the writable layer's files go off the request path.
    this.bundles.discard(row.id);
    this.attempts.delete(row.id);
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'destroy', actorId: row.id, attributes: { name: row.name } });
    for (const resolve of this.stoppedWaiters.get(row.id) ?? []) resolve({ ...row, status: 'stopped' });
    this.stoppedWaiters.delete(row.id);
  }

  /** The row once the container is stopped (now, if it is). */
  waitStopped(id: string, timeoutMs?: number): Promise<ContainerRow> {
    return new Promise<ContainerRow>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (row: ContainerRow) => {
        if (timer) clearTimeout(timer);
        resolve(row);
      };
      // Listen first, then look: an exit recorded in between is not missed.
      this.stoppedWaiters.set(id, [...(this.stoppedWaiters.get(id) ?? []), done]);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.stoppedWaiters.set(
            id,
            (this.stoppedWaiters.get(id) ?? []).filter((waiter) => waiter !== done),
          );
          reject(new ProblemException(HttpStatus.REQUEST_TIMEOUT, 'WAIT_TIMEOUT', `container ${id} did not stop within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      void this.rowById(id).then((row) => {
        if (!row || row.status === 'stopped') done(row ?? ({ id, status: 'stopped', exitCode: null, oomKilled: false } as unknown as ContainerRow));
      }, reject);
    });
  }

  private async rowById(id: string): Promise<ContainerRow | undefined> {
    return (await this.repository.byId(id)) ?? undefined;
  }

  private watch(id: string): void {
    if (this.watchers.has(id) || this.closing) return;
    const controller = new AbortController();
    this.watchers.set(id, controller);
    this.runtime.wait(id, undefined, controller.signal).then(
      (exit) => {
        if (this.watchers.get(id) === controller) this.watchers.delete(id);
        return this.recordExit(id, exit);
      },
      (error: unknown) => {
        if (this.watchers.get(id) === controller) this.watchers.delete(id);
        if (error instanceof RuntimeError && (error.code === 'ABORTED' || error.code === 'ENOENT')) return;
        this.logger.error(`watching container ${id}: ${(error as Error).message}`);
      },
    );
  }

  /** Writes the exit into the catalogue (retrying while the database is away), then applies the policy. */
  private async recordExit(id: string, exit: ExitStatus): Promise<void> {
    let row: ContainerRow | undefined;
    for (;;) {
      try {
        row = await this.rowById(id);
        if (!row) return; // removed meanwhile
        row = await this.repository.update(
          id,
          {
            status: 'stopped',
            exitCode: exit.exitCode,
            oomKilled: exit.oomKilled,
            finishedAt: new Date(exit.finishedAt),
            pid: null,
          },
          row,
        );
        break;
      } catch (error) {
        if (this.closing) return;
        this.logger.warn(`recording the exit of ${id} waits for the database: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS));
      }
    }
    // Before anyone waiting on the stop hears of it: a stopped container holds no port.
    await this.networking.release(id);
    const attributes = { name: row.name, exitCode: exit.exitCode, ...(exit.signal ? { signal: exit.signal } : {}) };
    if (exit.oomKilled) await this.events.record({ teamId: row.teamId, type: 'container', action: 'oom', actorId: id, attributes: { name: row.name } });
    await this.events.record({ teamId: row.teamId, type: 'container', action: 'die', actorId: id, attributes });
    for (const resolve of this.stoppedWaiters.get(id) ?? []) resolve(row);
    this.stoppedWaiters.delete(id);
    if (this.closing) return;
    if (row.autoRemove) await this.remove(row);
    else if (shouldRestart(row, exit)) this.scheduleRestart(row);
  }

  private scheduleRestart(row: ContainerRow): void {
    const ranMs = row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : 0;
    const attempt = ranMs >= HEALTHY_RUN_MS ? 0 : (this.attempts.get(row.id) ?? 0);
    this.attempts.set(row.id, attempt + 1);
    const timer = setTimeout(() => {
      this.restarts.delete(row.id);
      void this.restartNow(row.id);
    }, restartDelayMs(attempt));
    timer.unref();
    this.restarts.set(row.id, timer);
  }

  private async restartNow(id: string): Promise<void> {
    try {
      const row = await this.rowById(id);
      if (!row || row.status !== 'stopped' || !shouldRestart(row, { exitCode: row.exitCode ?? 0 })) return;
      await this.start(row, { byUser: false, restart: true });
    } catch (error) {
      this.logger.error(`restarting container ${id}: ${(error as Error).message}`);
    }
  }

  private cancelRestart(id: string): void {
    const timer = this.restarts.get(id);
    if (timer) clearTimeout(timer);
    this.restarts.delete(id);
  }

  private async signal(row: ContainerRow, signal: string, all = false): Promise<void> {
    try {
      await this.runtime.kill(row.id, signal, { all });
    } catch (error) {
      // Already gone between the look and the kill: the watcher records the exit.
      if (!(error instanceof RuntimeError) || error.code !== 'INVALID_STATUS') throw error;
    }
  }

  private async imageOf(row: ContainerRow) {
    if (!row.imageId) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'IMAGE_GONE',
        `the image of container ${row.name} was removed; it cannot start again — create a new container`,
      );
    }
    const digest = await this.repository.imageDigest(row.imageId);
    if (!digest) throw new ProblemException(HttpStatus.CONFLICT, 'IMAGE_GONE', `the image of container ${row.name} was removed; create a new container`);
    return this.images.prepareForRun(row.teamId, digest);
  }
}
