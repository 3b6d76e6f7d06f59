/**
 * The shapes /api/v1/benchmarks answers with. They mirror @berth/contracts' benchmarks.ts
 * (BenchmarkRunSummary, BenchmarkRunDetail, BenchmarkJob …), which the client and the console use.
 */
export interface BenchmarkStatisticsView {
  samples: number;
  min: number;
  median: number;
  mean: number;
  p95: number;
  p99: number;
  max: number;
  stddev: number;
}

export interface BenchmarkResultView {
  subject: string;
  metric: string;
  unit: string;
  method: string;
  missing?: string;
  error?: string;
  samples: number[];
  statistics?: BenchmarkStatisticsView;
  ratioToBaseline?: number;
}

export interface BenchmarkRunSummaryView {
  id: string;
  suite: string;
  description: string;
  baseline: string;
  gitRevision: string | null;
  startedAt: string;
  finishedAt: string | null;
  measured: number;
  notMeasured: number;
}

export interface BenchmarkRunDetailView extends BenchmarkRunSummaryView {
  environment: Record<string, string>;
  results: BenchmarkResultView[];
}

export interface BenchmarkRunPageView {
  items: BenchmarkRunSummaryView[];
  total: number;
  limit: number;
  offset: number;
}

export interface BenchmarkSuiteView {
  name: string;
  description: string;
}

export type BenchmarkJobState = 'running' | 'succeeded' | 'failed';

export interface BenchmarkJobView {
  id: string;
  suite: string;
  smoke: boolean;
  state: BenchmarkJobState;
  startedAt: string;
  finishedAt?: string;
  runId?: string;
  exitCode?: number;
  log: string[];
}

/** SSE event names of the progress stream (contracts: BENCHMARK_PROGRESS_EVENTS). */
export const PROGRESS_EVENTS = { line: 'line', done: 'done' } as const;
