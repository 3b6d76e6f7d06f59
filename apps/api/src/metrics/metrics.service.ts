import { Injectable, Logger } from '@nestjs/common';
import { CONTAINER_STATUSES } from '@berth/runtime/model';
import { RuntimeAdapter, type ContainerStats } from '../engine/runtime-adapter.js';
import { EventsFeedService } from '../events/events-feed.service.js';
import { RUNTIME_VERSION } from '../system/versions.js';
import { BERTH_VERSION } from '../version.js';
import { MetricsRepository } from './metrics.repository.js';
import { PrometheusText, type Sample } from './prometheus-text.js';
import { RequestLatency } from './request-latency.js';

/** Cgroup reads at a time: a scrape of a busy host stays quick without opening every file at once. */
const STATS_CONCURRENCY = 8;

/**
 * Everything /metrics shows, gathered per scrape: container counters read from their
 * cgroups now (no cache to go stale), counts from the catalogue, request latency from memory.
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
    const text = new PrometheusText();
    text.family('berth_build_info', 'gauge', 'The running Berth server and runtime releases; always 1.', [
      { labels: { version: BERTH_VERSION, runtime_version: RUNTIME_VERSION }, value: 1 },
    ]);
    text.family(
      'berth_containers',
      'gauge',
      "Containers in the catalogue by state, of the scraping token's team.",
      CONTAINER_STATUSES.map((state) => ({ labels: { state }, value: counts[state] ?? 0 })),
    );
    const per = (value: (stats: ContainerStats) => number | undefined): Sample[] =>
      readings.flatMap(({ container, stats }) => {
        const reading = value(stats);
        return reading === undefined ? [] : [{ labels: { id: container.id, name: container.name }, value: reading }];
      });
    text.family(
      'berth_container_cpu_usage_seconds_total',
      'counter',
      'CPU time the container has used, user and system.',
      per((stats) => stats.cpu.usageTotalNs / 1e9),
    );
    text.family(
      'berth_container_memory_usage_bytes',
      'gauge',
      'Memory the container uses now, page cache included.',
      per((stats) => stats.memory.usage),
    );
    text.family(
      'berth_container_memory_limit_bytes',
      'gauge',
      'The container memory limit; absent when unlimited.',
      per((stats) => stats.memory.limit),
    );
    text.family(
      'berth_container_pids',
      'gauge',
      'Processes and threads in the container.',
      per((stats) => stats.pids.current),
    );
    text.family(
      'berth_container_pids_limit',
      'gauge',
      'The container pids limit; absent when unlimited.',
      per((stats) => stats.pids.limit),
    );
    text.family('berth_event_streams', 'gauge', 'Clients following /api/v1/events now.', [{ value: this.feed.openStreams }]);
    this.latency.render(text);
    return text.toString();
  }

  /** A container that stopped between the query and the read has no cgroup left: it is skipped. */
  private async readStats(containers: { id: string; name: string }[]): Promise<{ container: { id: string; name: string }; stats: ContainerStats }[]> {
    const readings: { container: { id: string; name: string }; stats: ContainerStats }[] = [];
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
