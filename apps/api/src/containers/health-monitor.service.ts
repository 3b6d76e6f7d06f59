import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { healthcheckRuns, type ContainerHealth, type CreateContainerRequest, type HealthcheckConfig, type HealthLogEntry } from '@berth/contracts';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';
import { runProbe } from './health-probe.js';
import { inStartPeriod, nextHealth, startingHealth } from './health-state.js';

/** One running container under watch: its check, its state, and the one timer or probe in flight. */
interface Watch {
  id: string;
  teamId: string;
  name: string;
  config: HealthcheckConfig;
  startedAt: number;
  health: ContainerHealth;
  timer?: NodeJS.Timeout;
  probe?: AbortController;
}

/**
 * Runs each running container's healthcheck on its interval, keeps its state (starting,
 * healthy, unhealthy, the failing streak, the last results) in the catalogue and announces
 * each change as Docker's `health_status: …` event. One timer or one probe per container at
 * a time, never both; the supervisor ends the watch when the container stops or is removed,
 * the reconciler resumes it after an API restart, and shutdown clears every timer and kills
 * every probe in flight.
 */
@Injectable()
export class HealthMonitor implements OnApplicationShutdown {
  private readonly logger = new Logger('HealthMonitor');
  private readonly watches = new Map<string, Watch>();
  private closing = false;

  constructor(
    private readonly runtime: RuntimeAdapter,
    private readonly repository: ContainersRepository,
    private readonly events: EventsService,
  ) {}

  onApplicationShutdown(): void {
    this.closing = true;
    for (const id of [...this.watches.keys()]) this.end(id);
  }

  /** The health a container starts with (null when it has no check): written with its `running` status. */
  startingHealth(row: ContainerRow): ContainerHealth | null {
    return healthcheckOf(row) ? startingHealth(row.health) : null;
  }

  /** Follows a running container's check from the state its row holds (a restart of the API keeps the streak). */
  watch(row: ContainerRow): void {
    const config = healthcheckOf(row);
    if (!config || this.closing || this.watches.has(row.id)) return;
    const watch: Watch = {
      id: row.id,
      teamId: row.teamId,
      name: row.name,
      config,
      startedAt: row.startedAt?.getTime() ?? Date.now(),
      health: row.health ?? startingHealth(null),
    };
    this.watches.set(row.id, watch);
    this.schedule(watch);
  }

  /** Stops watching: the timer cleared, a probe in flight killed. Its last state stays in the catalogue. */
  end(id: string): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    this.watches.delete(id);
    clearTimeout(watch.timer);
    watch.probe?.abort();
  }

  /** How many containers are watched now (for tests and metrics). */
  get size(): number {
    return this.watches.size;
  }

  private schedule(watch: Watch): void {
    if (this.closing || this.watches.get(watch.id) !== watch) return;
    const starting = inStartPeriod(watch.health, watch.config, watch.startedAt);
    // Never slower than the interval: clients before API 1.44 (the docker CLI here, Compose 1.29)
    // cannot set a start interval, and a 1 s check should not wait the 5 s default while starting.
    const delay = starting ? Math.min(watch.config.startIntervalMs, watch.config.intervalMs) : watch.config.intervalMs;
    watch.timer = setTimeout(() => void this.probe(watch), delay);
  }

  private async probe(watch: Watch): Promise<void> {
    watch.timer = undefined;
    try {
      // A frozen container cannot answer; its probe would only time out (Docker skips it too).
      if ((await this.runtime.state(watch.id)).status !== 'running') return;
      const starting = inStartPeriod(watch.health, watch.config, watch.startedAt);
      watch.probe = new AbortController();
      const entry = await runProbe(this.runtime, watch.id, watch.config, watch.probe.signal);
      watch.probe = undefined;
      // Ended while the probe ran (stopped, removed): its result belongs to no running container.
      if (this.watches.get(watch.id) === watch) await this.record(watch, entry, starting);
    } catch (error) {
      this.logger.warn(`healthcheck of container ${watch.id}: ${(error as Error).message}`);
    } finally {
      this.schedule(watch);
    }
  }

  private async record(watch: Watch, entry: HealthLogEntry, starting: boolean): Promise<void> {
    const before = watch.health.status;
    watch.health = nextHealth(watch.health, entry, watch.config, starting);
    await this.repository.update(watch.id, { health: watch.health }, { image: null });
    if (watch.health.status === before) return;
    this.events.record({
      teamId: watch.teamId,
      type: 'container',
      // Docker's action text, so `docker events` and Compose read it as they read dockerd's.
      action: `health_status: ${watch.health.status}`,
      actorId: watch.id,
      attributes: { name: watch.name, healthStatus: watch.health.status },
    });
  }
}

/** The check the row's container runs, if any (stored in its config at create, merged with the image's). */
export function healthcheckOf(row: Pick<ContainerRow, 'config'>): HealthcheckConfig | undefined {
  const check = (row.config as CreateContainerRequest | undefined)?.healthcheck;
  return healthcheckRuns(check as HealthcheckConfig | undefined) ? (check as HealthcheckConfig) : undefined;
}
