/**
 * Benchmark runs as the API serves them (/api/v1/benchmarks): runs stored by `npm run bench`
 * or started through the API, their results and statistics, and the job of a run in progress.
 */

/** A suite the bench CLI can run (`bench --list`). */
export interface BenchmarkSuiteInfo {
  name: string;
  description: string;
}

/** min/median/mean/p95/p99/max/stddev over a result's samples. */
export interface BenchmarkStatistics {
  samples: number;
  min: number;
  median: number;
  mean: number;
  p95: number;
  p99: number;
  max: number;
  /** Sample standard deviation (n − 1). */
  stddev: number;
}

/** One subject's measurement of one metric. A subject that could not run here has `missing` (why) and no samples. */
export interface BenchmarkResultView {
  subject: string;
  metric: string;
  /** `ms`, or `MiB` for memory figures; lower is better for both. */
  unit: string;
  /** How the subject was driven. */
  method: string;
  missing?: string;
  error?: string;
  samples: number[];
  statistics?: BenchmarkStatistics;
  /** Median over the suite baseline's median of the same metric. */
  ratioToBaseline?: number;
}

export interface BenchmarkRunSummary {
  id: string;
  suite: string;
  description: string;
  /** The subject ratios are computed against. */
  baseline: string;
  gitRevision: string | null;
  /** RFC 3339. */
  startedAt: string;
  finishedAt: string | null;
  /** Results measured, and results missing or failed. */
  measured: number;
  notMeasured: number;
}

export interface BenchmarkRunDetail extends BenchmarkRunSummary {
  /** CPU model, cores, memory, kernel, cgroup version, KVM, tool versions, git revision … */
  environment: Record<string, string>;
  results: BenchmarkResultView[];
}

export interface BenchmarkRunPage {
  /** Newest first. */
  items: BenchmarkRunSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface BenchmarkRunListQuery {
  suite?: string;
  limit?: number;
  offset?: number;
}

export interface StartBenchmarkRequest {
  suite: string;
  /** A few iterations only (seconds rather than minutes). */
  smoke?: boolean;
}

export const BENCHMARK_JOB_STATES = ['running', 'succeeded', 'failed'] as const;
export type BenchmarkJobState = (typeof BENCHMARK_JOB_STATES)[number];

/** A run started through the API: the bench CLI as a child process of the server. One at a time. */
export interface BenchmarkJob {
  id: string;
  suite: string;
  smoke: boolean;
  state: BenchmarkJobState;
  startedAt: string;
  finishedAt?: string;
  /** The stored run, once the CLI saved it (a run whose subjects failed is stored too). */
  runId?: string;
  exitCode?: number;
  /** The CLI's progress lines so far (the last 200). */
  log: string[];
}

/** SSE event names on /benchmarks/jobs/:id/progress: a progress line, and the job when it ends (the last message). */
export const BENCHMARK_PROGRESS_EVENTS = { line: 'line', done: 'done' } as const;

export interface BenchmarkProgressLine {
  line: string;
}
