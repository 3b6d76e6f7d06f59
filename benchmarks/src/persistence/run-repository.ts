import type { BerthPrismaClient } from '@berth/db';
import type { SubjectResult, SuiteRun } from '../run/run-suite.js';
import type { Summary } from '../stats/summary.js';

/** A run as it was stored, with the id reports and baselines refer to. */
export interface StoredRun extends SuiteRun {
  id: string;
}

/**
 * The `environment` column: the machine and tool versions, plus the suite's description and
 * baseline subject as they were at run time (both may change in the code later).
 */
interface StoredEnvironment {
  values: Record<string, string>;
  description: string;
  baseline: string;
}

/** The `statistics` column: the summary and what else a result says besides its samples. */
interface StoredStatistics {
  method: string;
  summary?: Summary;
  ratioToBaseline?: number;
  error?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stores a run and its results in one transaction, so a report never sees half a run. */
export async function saveRun(prisma: BerthPrismaClient, run: SuiteRun): Promise<string> {
  const environment: StoredEnvironment = { values: run.environment, description: run.description, baseline: run.baseline };
  const stored = await prisma.benchmarkRun.create({
    data: {
      suite: run.suite,
      gitRevision: run.environment['git revision'] === 'unknown' ? null : (run.environment['git revision'] ?? null),
      environment: environment as object,
      startedAt: new Date(run.startedAt),
      finishedAt: new Date(run.finishedAt),
      results: {
        create: run.results.map((result) => ({
          subject: result.subject,
          metric: result.metric,
          unit: result.unit,
          missing: result.missing ?? null,
          samples: result.samples,
          statistics: statisticsOf(result) as object,
        })),
      },
    },
    select: { id: true },
  });
  return stored.id;
}

/** A run by id, or the newest (of one suite, when given) for "latest"; undefined when there is none. */
export async function loadRun(prisma: BerthPrismaClient, idOrLatest: string, suite?: string): Promise<StoredRun | undefined> {
  // Anything but a UUID cannot name a run, and PostgreSQL would reject it with a cast error.
  if (idOrLatest !== 'latest' && !UUID.test(idOrLatest)) return undefined;
  const include = { results: { orderBy: { id: 'asc' as const } } };
  const row =
    idOrLatest === 'latest'
      ? await prisma.benchmarkRun.findFirst({ where: suite ? { suite } : {}, orderBy: { startedAt: 'desc' }, include })
      : await prisma.benchmarkRun.findUnique({ where: { id: idOrLatest }, include });
  if (!row) return undefined;
  const environment = row.environment as unknown as StoredEnvironment;
  return {
    id: row.id,
    suite: row.suite,
    description: environment.description,
    baseline: environment.baseline,
    startedAt: row.startedAt.toISOString(),
    finishedAt: (row.finishedAt ?? row.startedAt).toISOString(),
    environment: environment.values,
    results: row.results.map((result): SubjectResult => {
      const statistics = result.statistics as unknown as StoredStatistics;
      return withoutUndefined({
        subject: result.subject,
        method: statistics.method,
        metric: result.metric,
        unit: result.unit as SubjectResult['unit'],
        missing: result.missing ?? undefined,
        error: statistics.error,
        samples: result.samples,
        summary: statistics.summary,
        ratioToBaseline: statistics.ratioToBaseline,
      });
    }),
  };
}

function statisticsOf(result: SubjectResult): StoredStatistics {
  return withoutUndefined({ method: result.method, summary: result.summary, ratioToBaseline: result.ratioToBaseline, error: result.error });
}

/** Absent and undefined are one thing to a reader; dropping the keys makes a run read back equal to what was saved. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
