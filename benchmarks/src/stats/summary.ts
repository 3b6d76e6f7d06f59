/**
 * The statistics every benchmark result carries. Percentiles interpolate linearly between
 * closest ranks (the method of numpy's default and of most spreadsheets), so small sample
 * sets give stable, comparable numbers.
 */
export interface Summary {
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

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) throw new RangeError('no samples');
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('cannot summarize an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const variance = sorted.length > 1 ? sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (sorted.length - 1) : 0;
  return {
    samples: sorted.length,
    min: sorted[0]!,
    median: percentile(sorted, 0.5),
    mean,
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
    stddev: Math.sqrt(variance),
  };
}

/** How many times slower `subject` is than `baseline` (median over median); 1 = as fast. */
export function ratio(subject: Summary, baseline: Summary): number {
  return subject.median / baseline.median;
}
