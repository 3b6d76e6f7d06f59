import type { BenchmarkRunDetail } from '@berth/contracts';

export type ComparisonVerdict = 'slower' | 'faster' | 'same' | 'not comparable';

/** One subject and metric of two runs side by side: medians, the change, and what it amounts to. */
export interface ComparisonRow {
  subject: string;
  metric: string;
  unit: string;
  baseline?: number;
  current?: number;
  /** current / baseline − 1: +0.25 is 25 % more (slower, or more memory). */
  change?: number;
  verdict: ComparisonVerdict;
  /** Why a row cannot be compared: missing or failed in either run. */
  note?: string;
}

/** A change smaller than this either way is read as the same: medians of a few samples move that much on their own. */
export const DEFAULT_THRESHOLD = 0.1;

/**
 * Median against median per subject and metric of either run, in the current run's order (the
 * baseline's extra rows last). Lower is better for every metric the suites report (times and
 * MiB), the same rule as `bench report --baseline`.
 */
export function compareRuns(current: BenchmarkRunDetail, baseline: BenchmarkRunDetail, threshold = DEFAULT_THRESHOLD): ComparisonRow[] {
  const key = (subject: string, metric: string) => `${subject}\u0000${metric}`;
  const before = new Map(baseline.results.map((result) => [key(result.subject, result.metric), result]));
  const rows: ComparisonRow[] = [];
  const seen = new Set<string>();
  for (const result of current.results) {
    const id = key(result.subject, result.metric);
    seen.add(id);
    const old = before.get(id);
    const now = result.statistics?.median;
    const then = old?.statistics?.median;
    const base = { subject: result.subject, metric: result.metric, unit: result.unit };
    if (now === undefined || then === undefined || then === 0) {
      const note = !old ? 'not in the baseline run' : now === undefined ? whyNot(result) : whyNot(old);
      rows.push({ ...base, current: now, baseline: then, verdict: 'not comparable', note });
      continue;
    }
    const change = now / then - 1;
    rows.push({ ...base, current: now, baseline: then, change, verdict: change > threshold ? 'slower' : change < -threshold ? 'faster' : 'same' });
  }
  for (const old of baseline.results) {
    if (seen.has(key(old.subject, old.metric))) continue;
    rows.push({
      subject: old.subject,
      metric: old.metric,
      unit: old.unit,
      baseline: old.statistics?.median,
      verdict: 'not comparable',
      note: 'not in this run',
    });
  }
  return rows;
}

function whyNot(result: { missing?: string; error?: string }): string {
  if (result.missing) return `missing: ${result.missing}`;
  return `failed: ${result.error ?? 'no samples'}`;
}

/** `+12.5 %` / `−3.0 %`, or empty. */
export function formatChange(change: number | undefined): string {
  return change === undefined ? '' : `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(1)} %`;
}
