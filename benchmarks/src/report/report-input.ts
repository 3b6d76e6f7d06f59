import type { StoredRun } from '../persistence/run-repository.js';
import type { SubjectResult } from '../run/run-suite.js';
import type { Comparison } from './compare-runs.js';

/** What both report formats are written from. */
export interface ReportInput {
  run: StoredRun;
  against?: { baseline: StoredRun; threshold: number; rows: Comparison[] };
}

/** Results grouped by metric, in the order the suite first produced each metric: one chart and one table each. */
export function byMetric(results: readonly SubjectResult[]): Map<string, SubjectResult[]> {
  const groups = new Map<string, SubjectResult[]>();
  for (const result of results) groups.set(result.metric, [...(groups.get(result.metric) ?? []), result]);
  return groups;
}

/** How the numbers were made, the same words in the HTML and the Markdown report. */
export function methodText(input: ReportInput): string[] {
  const lines = [
    "Subjects run one after another, never concurrently, each under tinybench: warm-up iterations first (discarded), then the measured ones; one sample is the wall-clock time of one iteration in milliseconds, unless the subject's method says a tool measured it (per-request latencies, a guest's own loop timings, memory in MiB).",
    'Statistics are over the samples: percentiles interpolate linearly between closest ranks, stddev is the sample standard deviation (n − 1).',
    `The ratio column is a subject's median over the median of "${input.run.baseline}", and only between results of the same metric.`,
    'Charts: the whisker spans p5–p95, the box p25–p75, the bar is the median; a subject that could not run here keeps its row with the reason, and is never estimated.',
  ];
  if (input.against) {
    lines.push(
      `Against the baseline run, a subject and metric whose median is more than ${(input.against.threshold * 100).toFixed(0)} % above the baseline run's median is a regression (the command then exits 1); one more than that below is an improvement.`,
    );
  }
  return lines;
}

export function formatMs(value: number | undefined): string {
  return value === undefined ? '' : value.toFixed(2);
}

export function formatChange(change: number | undefined): string {
  return change === undefined ? '' : `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(1)} %`;
}

/** The unit of one metric's results (a metric is measured in one unit); ms when none says otherwise. */
export function unitOf(results: readonly SubjectResult[]): string {
  return results[0]?.unit ?? 'ms';
}
