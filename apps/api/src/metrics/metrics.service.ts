import { Injectable, Logger } from '@nestjs/common';
import { CONTAINER_STATUSES } from '@berth/runtime/model';
import { Counter, Gauge, Registry } from 'prom-client';
import { RuntimeAdapter, type ContainerStats } from '../engine/runtime-adapter.js';
import { EventsFeedService } from '../events/events-feed.service.js';
import { RUNTIME_VERSION } from '../system/versions.js';
import { BERTH_VERSION } from '../version.js';
import { MetricsRepository } from './metrics.repository.js';
import { processMetrics } from './process-metrics.js';
import { RequestLatency } from './request-latency.js';

/** Cgroup reads at a time: a scrape of a busy host stays quick without opening every file at once. */
const STATS_CONCURRENCY = 8;

/** The exposition format the scrape answers in (text 0.0.4). */
export const PROMETHEUS_CONTENT_TYPE: string = Registry.PROMETHEUS_CONTENT_TYPE;

interface Reading {
  container: { id: string; name: string };
  stats: ContainerStats;
}

/**
 * Everything /metrics shows, gathered per scrape: container counters read from their
 * cgroups now (no cache to go stale), counts from the catalogue — both of the scraping
 * token's team, so they live in a registry made for this one scrape — then the request
 * latency and the process's default metrics, which name no team's resources.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly repository: MetricsRepository,
    private readonly runtime: RuntimeAdapter,
    private readonly latency: RequestLatency,
    private readonly feed: EventsFeedService,
  ) {}

  async render(teamId: string): Promise<string> {
    const [counts, live] = await Promise.all([this.repository.countsByStatus(teamId), this.repository.live(teamId)]);
    const readings = await this.readStats(live);
    const team = new Registry();
    const registers = [team];
    new Gauge({
      name: 'berth_build_info',
      help: 'The running Berth server and runtime releases; always 1.',
      labelNames: ['version', 'runtime_version'],
      registers,
    }).set({ version: BERTH_VERSION, runtime_version: RUNTIME_VERSION }, 1);
    const containers = new Gauge({
      name: 'berth_containers',
      help: "Containers in the catalogue by state, of the scraping token's team.",
      labelNames: ['state'],
      registers,
    });
    for (const state of CONTAINER_STATUSES) containers.set({ state }, counts[state] ?? 0);
    const cpu = new Counter({
      name: 'berth_container_cpu_usage_seconds_total',
      help: 'CPU time the container has used, user and system.',
      labelNames: ['id', 'name'],
      registers,
    });
    perContainer(
      readings,
      (stats) => stats.cpu.usageTotalNs / 1e9,
      (labels, value) => cpu.inc(labels, value),
    );
    const gauges: [string, string, (stats: ContainerStats) => number | undefined][] = [
      ['berth_container_memory_usage_bytes', 'Memory the container uses now, page cache included.', (stats) => stats.memory.usage],
      ['berth_container_memory_limit_bytes', 'The container memory limit; absent when unlimited.', (stats) => stats.memory.limit],
      ['berth_container_pids', 'Processes and threads in the container.', (stats) => stats.pids.current],
      ['berth_container_pids_limit', 'The container pids limit; absent when unlimited.', (stats) => stats.pids.limit],
    ];
    for (const [name, help, value] of gauges) {
      const gauge = new Gauge({ name, help, labelNames: ['id', 'name'], registers });
      perContainer(readings, value, (labels, reading) => gauge.set(labels, reading));
    }
    new Gauge({ name: 'berth_event_streams', help: 'Clients following /api/v1/events now.', registers }).set(this.feed.openStreams);
    return Registry.merge([team, this.latency.registry, processMetrics()]).metrics();
  }

  /** A container that stopped between the query and the read has no cgroup left: it is skipped. */
  private async readStats(containers: { id: string; name: string }[]): Promise<Reading[]> {
    const readings: Reading[] = [];
    for (let start = 0; start < containers.length; start += STATS_CONCURRENCY) {
      const batch = containers.slice(start, start + STATS_CONCURRENCY);
      const results = await Promise.allSettled(batch.map((container) => this.runtime.stats(container.id)));
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') readings.push({ container: batch[index]!, stats: result.value });
        else this.logger.debug(`no stats for container ${batch[index]!.id}: ${(result.reason as Error).message}`);
      });
    }
    return readings;
  }
}

/** One sample per container that has the reading; a missing one (no limit) is left out. */
function perContainer(
  readings: readonly Reading[],
  value: (stats: ContainerStats) => number | undefined,
  record: (labels: { id: string; name: string }, value: number) => void,
): void {
  for (const { container, stats } of readings) {
    const reading = value(stats);
    if (reading !== undefined) record({ id: container.id, name: container.name }, reading);
  }
}
