import type { SuiteRun } from '../run/run-suite.js';

export type ComparisonStatus = 'regressed' | 'improved' | 'unchanged' | 'not comparable';

export interface Comparison {
  subject: string;
  metric: string;
  current?: number;
  baseline?: number;
  /** current median / baseline median − 1: +0.25 is 25 % slower. */
  change?: number;
  status: ComparisonStatus;
  /** Why a row could not be compared (missing or failed on either side). */
  note?: string;
}

/**
 * Median against median, per subject and metric present in either run. Lower is better for
 * every metric the suites have (latencies), so a median more than `threshold` above the
 * baseline's is a regression and one more than `threshold` below is an improvement.
 */
export function compareRuns(current: SuiteRun, baseline: SuiteRun, threshold: number): Comparison[] {
  const key = (subject: string, metric: string) => `${subject}\u0000${metric}`;
  const before = new Map(baseline.results.map((result) => [key(result.subject, result.metric), result]));
  const seen = new Set<string>();
  const rows: Comparison[] = [];
  for (const result of current.results) {
    const id = key(result.subject, result.metric);
    seen.add(id);
    const old = before.get(id);
    const row = { subject: result.subject, metric: result.metric, current: result.summary?.median, baseline: old?.summary?.median };
    if (row.current === undefined || row.baseline === undefined) {
      const why = !old
        ? 'not in the baseline run'
        : row.baseline === undefined
          ? `baseline: ${old.missing ?? old.error ?? 'no samples'}`
          : `now: ${result.missing ?? result.error ?? 'no samples'}`;
      rows.push({ ...row, status: 'not comparable', note: why });
      continue;
    }
    const change = row.current / row.baseline - 1;
    rows.push({ ...row, change, status: change > threshold ? 'regressed' : change < -threshold ? 'improved' : 'unchanged' });
  }
  for (const old of baseline.results) {
    if (!seen.has(key(old.subject, old.metric)))
      rows.push({ subject: old.subject, metric: old.metric, baseline: old.summary?.median, status: 'not comparable', note: 'not in this run' });
  }
  return rows;
}
