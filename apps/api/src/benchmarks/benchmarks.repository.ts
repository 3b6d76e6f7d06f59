import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import type { BenchmarkResultView, BenchmarkRunDetailView, BenchmarkRunSummaryView, BenchmarkStatisticsView } from './benchmark-views.js';

/**
 * The `environment` column as the bench CLI stores it (benchmarks/src/persistence/run-repository.ts):
 * the machine's facts, plus the suite's description and baseline as they were at run time.
 */
interface StoredEnvironment {
  values?: Record<string, string>;
  description?: string;
  baseline?: string;
}

/** The `statistics` column: the summary and what else a result says besides its samples. */
interface StoredStatistics {
  method?: string;
  summary?: BenchmarkStatisticsView;
  ratioToBaseline?: number;
  error?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whose runs a caller sees: one team's, or every run (the host's admins). */
export type RunAudience = { teamId: string } | 'all';

function visibleTo(audience: RunAudience): { teamId?: string } {
  return audience === 'all' ? {} : { teamId: audience.teamId };
}

/** Stored benchmark runs (written by the bench CLI, read here). */
@Injectable()
export class BenchmarksRepository {
  constructor(private readonly database: DatabaseService) {}

  async page(audience: RunAudience, filter: { suite?: string; limit: number; offset: number }): Promise<{ items: BenchmarkRunSummaryView[]; total: number }> {
    const where = { ...visibleTo(audience), ...(filter.suite ? { suite: filter.suite } : {}) };
    const [rows, total] = await Promise.all([
      this.database.client.benchmarkRun.findMany({
        where,
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        skip: filter.offset,
        take: filter.limit,
        include: { results: { select: { missing: true, statistics: true } } },
      }),
      this.database.client.benchmarkRun.count({ where }),
    ]);
    return { items: rows.map((row) => summaryOf(row, row.results)), total };
  }

  /** The run with its results in the order they were measured, or null (an id that is not a UUID, or another team's run, names no run). */
  async find(audience: RunAudience, id: string): Promise<BenchmarkRunDetailView | null> {
    if (!UUID.test(id)) return null;
    const row = await this.database.client.benchmarkRun.findFirst({ where: { id, ...visibleTo(audience) }, include: { results: { orderBy: { id: 'asc' } } } });
    if (!row) return null;
    const environment = row.environment as StoredEnvironment;
    return {
      ...summaryOf(row, row.results),
      environment: environment.values ?? {},
      results: row.results.map((result): BenchmarkResultView => {
        const statistics = (result.statistics ?? {}) as StoredStatistics;
        return {
          subject: result.subject,
          metric: result.metric,
          unit: result.unit,
          method: statistics.method ?? '',
          ...(result.missing ? { missing: result.missing } : {}),
          ...(statistics.error ? { error: statistics.error } : {}),
          samples: result.samples,
          ...(statistics.summary ? { statistics: statistics.summary } : {}),
          ...(statistics.ratioToBaseline === undefined ? {} : { ratioToBaseline: statistics.ratioToBaseline }),
        };
      }),
    };
  }

  /** Gives a run the bench CLI stored to the team whose job started it. */
  async claim(id: string, teamId: string): Promise<void> {
    await this.database.client.benchmarkRun.updateMany({ where: { id, teamId: null }, data: { teamId } });
  }
}

interface RunRow {
  id: string;
  suite: string;
  gitRevision: string | null;
  environment: unknown;
  startedAt: Date;
  finishedAt: Date | null;
}

function summaryOf(row: RunRow, results: readonly { missing: string | null; statistics: unknown }[]): BenchmarkRunSummaryView {
  const environment = (row.environment ?? {}) as StoredEnvironment;
  const measured = results.filter((result) => !result.missing && (result.statistics as StoredStatistics | null)?.summary).length;
  return {
    id: row.id,
    suite: row.suite,
    description: environment.description ?? '',
    baseline: environment.baseline ?? '',
    gitRevision: row.gitRevision,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    measured,
    notMeasured: results.length - measured,
  };
}
