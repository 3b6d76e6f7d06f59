import { HttpStatus, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RuntimeError, type OciState } from '@berth/runtime/model';
import { ContainerBundles } from '../engine/container-bundle.js';
import { RuntimeAdapter, type ExitStatus } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { ProblemException } from '../http/problem.js';
import { ImagesService } from '../images/images.service.js';
import { ContainerNetworking } from '../networks/container-networking.service.js';
import { ContainerLauncher } from './container-launcher.service.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';
import { HealthMonitor } from './health-monitor.service.js';
import { RestartScheduler } from './restart-scheduler.service.js';
import { shouldRestart } from './restart-policy.js';

/** How long an exit that could not be recorded (database down) waits before the next try. */
const RECORD_RETRY_MS = 1000;

/**
 * Starts, stops and removes API containers on the runtime, and keeps the catalogue in line
 * with them through the runtime's exit watch: it records exits, hands restarts to the
 * restart scheduler and honours auto-remove. What ran on while the API was down is the
 * reconciler's (container-reconciler.service.ts).
 */
@Injectable()
export class ContainerSupervisor implements OnApplicationShutdown {
  private readonly logger = new Logger('Supervisor');
  private readonly watchers = new Map<string, AbortController>();
  private readonly stoppedWaiters = new Map<string, ((row: ContainerRow) => void)[]>();
  private readonly removedWaiters = new Map<string, Set<() => void>>();
  /** Stops (exits and removals) told to waiters so far: lets a waiter trust a row read before it listened (waitStopped). */
  private stopsTold = 0;
  private closing = false;

  constructor(
    private readonly runtime: RuntimeAdapter,
    private readonly bundles: ContainerBundles,
    private readonly restarts: RestartScheduler,
    private readonly repository: ContainersRepository,
    private readonly launcher: ContainerLauncher,
    private readonly images: ImagesService,
    private readonly events: EventsService,
    private readonly networking: ContainerNetworking,
    private readonly health: HealthMonitor,
  ) {}

  onApplicationShutdown(): void {
    this.closing = true;
    for (const controller of this.watchers.values()) controller.abort();
    this.watchers.clear();
  }

  /** Starts a created or stopped container (a stopped one is re-created on its kept files). */
  async start(row: ContainerRow, { byUser, restart = false }: { byUser: boolean; restart?: boolean }): Promise<ContainerRow> {
    this.restarts.cancel(row.id);
    const created = await this.created(row);
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
    // Written with the status: nobody sees a running container keep the last run's health.
    const health = this.health.startingHealth(row);
    const updated = await this.repository.update(
      row.id,
      {
        ...(health ? { health } : {}),
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
    this.events.record({ teamId: row.teamId, type: 'container', action: 'start', actorId: row.id, attributes: { name: row.name } });
    this.watch(row.id, updated);
    this.health.watch(updated);
    return updated;
  }

  /**
   * The runtime container of a created or stopped row in `created` state: its init waits to
   * run the command, with the root file system mounted. A stopped one is re-created on its
   * kept files; start (and a copy into a stopped container) use it as it is.
   */
  async created(row: ContainerRow): Promise<OciState> {
    const state = await this.runtime.state(row.id).catch((error: unknown) => {
      if (error instanceof RuntimeError && error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (state?.status === 'created') return state;
    if (state) await this.runtime.delete(row.id, { force: true });
    const image = await this.imageOf(row);
    await this.launcher.create(row.id, { privileged: (row.config as { privileged?: boolean }).privileged, lowerDirs: image.lowerDirs });
    return this.runtime.state(row.id);
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves with the stopped row. Marks it stopped by the user. */
  async stop(row: ContainerRow, graceSeconds: number): Promise<ContainerRow> {
    this.restarts.cancel(row.id);
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
    this.events.record({ teamId: row.teamId, type: 'container', action: 'stop', actorId: row.id, attributes: { name: row.name } });
    return result;
  }

  /** Removes the runtime container, the bundle and the row (killing it first when it runs). */
  async remove(row: ContainerRow): Promise<void> {
    this.restarts.cancel(row.id);
    this.health.end(row.id);
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
    this.restarts.forget(row.id);
    this.events.record({ teamId: row.teamId, type: 'container', action: 'destroy', actorId: row.id, attributes: { name: row.name } });
    this.stopsTold++;
    for (const resolve of this.stoppedWaiters.get(row.id) ?? []) resolve({ ...row, status: 'stopped' });
    this.stoppedWaiters.delete(row.id);
    for (const resolve of this.removedWaiters.get(row.id) ?? []) resolve();
    this.removedWaiters.delete(row.id);
  }

  /** Pass to waitStopped, taken before reading the row passed with it. */
  get stopSequence(): number {
    return this.stopsTold;
  }

  /**
   * The row once the container is stopped (now, if it is). A caller that read the row after
   * taking `stopSequence` passes both: when no stop was told since, that row is still what
   * the catalogue says about the exit, and a second read is saved.
   */
  waitStopped(id: string, timeoutMs?: number, seen?: { row: ContainerRow; sequence: number }): Promise<ContainerRow> {
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
      if (seen?.row.id === id && seen.sequence === this.stopsTold) {
        if (seen.row.status === 'stopped') done(seen.row);
        return;
      }
      void this.rowById(id).then((row) => {
        if (!row || row.status === 'stopped') done(row ?? ({ id, status: 'stopped', exitCode: null, oomKilled: false } as unknown as ContainerRow));
      }, reject);
    });
  }

  /**
   * Resolves once the container is gone from the catalogue (now, if it is): what
   * `docker run --rm` waits for after the exit, since an auto-remove follows it. Also
   * resolves, forgetting the waiter, when `signal` aborts (the client went away).
   */
  waitRemoved(id: string, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return resolve();
      const waiters = this.removedWaiters.get(id) ?? new Set<() => void>();
      this.removedWaiters.set(id, waiters);
      const done = () => {
        waiters.delete(done);
        if (waiters.size === 0 && this.removedWaiters.get(id) === waiters) this.removedWaiters.delete(id);
        signal.removeEventListener('abort', done);
        resolve();
      };
      // Listen first, then look: a removal in between is not missed.
      waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
      void this.rowById(id).then((row) => {
        if (!row) done();
      }, reject);
    });
  }

  private async rowById(id: string): Promise<ContainerRow | undefined> {
    return (await this.repository.byId(id)) ?? undefined;
  }

  /** Follows the runtime's exit of a running container, to record it (`known`: its row, which saves a read at the exit). */
  watch(id: string, known?: Pick<ContainerRow, 'image'>): void {
    if (this.watchers.has(id) || this.closing) return;
    const controller = new AbortController();
    this.watchers.set(id, controller);
    this.runtime.wait(id, undefined, controller.signal).then(
      (exit) => {
        if (this.watchers.get(id) === controller) this.watchers.delete(id);
        return this.recordExit(id, exit, known);
      },
      (error: unknown) => {
        if (this.watchers.get(id) === controller) this.watchers.delete(id);
        if (error instanceof RuntimeError && (error.code === 'ABORTED' || error.code === 'ENOENT')) return;
        this.logger.error(`watching container ${id}: ${(error as Error).message}`);
      },
    );
  }

  /** Writes the exit into the catalogue (retrying while the database is away), then applies the policy. */
  async recordExit(id: string, exit: ExitStatus, known?: Pick<ContainerRow, 'image'>): Promise<void> {
    this.health.end(id);
    let row: ContainerRow | undefined;
    for (;;) {
      try {
        row = await this.markStopped(id, exit, known);
        if (!row) return; // removed meanwhile
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
    if (exit.oomKilled) this.events.record({ teamId: row.teamId, type: 'container', action: 'oom', actorId: id, attributes: { name: row.name } });
    this.events.record({ teamId: row.teamId, type: 'container', action: 'die', actorId: id, attributes });
    this.stopsTold++;
    for (const resolve of this.stoppedWaiters.get(id) ?? []) resolve(row);
    this.stoppedWaiters.delete(id);
    if (this.closing) return;
    if (row.autoRemove) await this.remove(row);
    else if (shouldRestart(row, exit)) this.restarts.schedule(row, (id) => this.restartNow(id));
  }

  /** The row with the exit written; undefined when it is gone. One UPDATE … RETURNING when the row's image is known (it never changes). */
  private async markStopped(id: string, exit: ExitStatus, known?: Pick<ContainerRow, 'image'>): Promise<ContainerRow | undefined> {
    const image = known ?? (await this.rowById(id));
    if (!image) return undefined;
    return this.repository.updateIfExists(
      id,
      { status: 'stopped', exitCode: exit.exitCode, oomKilled: exit.oomKilled, finishedAt: new Date(exit.finishedAt), pid: null },
      image,
    );
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
