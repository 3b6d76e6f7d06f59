import type { SuiteRun } from './run-suite.js';

/**
 * The human summary: one row per subject, median and spread in the result's unit (ms, or MiB
 * for a memory figure), ratio to the baseline.
 * A suite that measures more than one thing gets a metric column, so rows of different
 * metrics are not read as one comparison.
 */
export function formatTable(run: SuiteRun): string {
  const metrics = new Set(run.results.map((result) => result.metric));
  const withMetric = metrics.size > 1;
  const units = new Set(run.results.map((result) => result.unit));
  const unit = units.size === 1 ? ` ${[...units][0]}` : '';
  const header = [
    'subject',
    ...(withMetric ? ['metric'] : []),
    `median${unit}`,
    `p95${unit}`,
    `min${unit}`,
    ...(unit ? [] : ['unit']),
    'samples',
    `× ${run.baseline}`,
  ];
  // A missing or failed row's reason runs on past the number columns instead of widening them.
  const reasons = new Map<number, string>();
  const rows = run.results.map((result, index) => {
    const lead = [result.subject, ...(withMetric ? [result.metric] : [])];
    if (!result.summary) {
      reasons.set(index, result.missing ? `missing: ${result.missing}` : `failed: ${result.error ?? 'no samples'}`);
      return [...lead, ...header.slice(lead.length).map(() => '')];
    }
    const { median, p95, min, samples } = result.summary;
    return [
      ...lead,
      median.toFixed(2),
      p95.toFixed(2),
      min.toFixed(2),
      ...(unit ? [] : [result.unit]),
      String(samples),
      result.ratioToBaseline?.toFixed(2) ?? '',
    ];
  });
  const widths = header.map((_, column) => Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const lead = withMetric ? 2 : 1;
  const rowLine = (row: string[], index: number) => {
    const reason = reasons.get(index);
    if (reason === undefined) return line(row);
    return `${row
      .slice(0, lead)
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')}  ${reason}`;
  };
  return [`${run.suite}: ${run.description}`, line(header), ...rows.map(rowLine)].join('\n');
}
