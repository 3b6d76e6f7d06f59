import type { SubjectResult } from '../run/run-suite.js';
import { byMetric, formatChange, formatMs, methodText, unitOf, type ReportInput } from './report-input.js';

/** The summary for a pull request or a CI job page: the same tables as the HTML report, without the charts. */
export function markdownReport(input: ReportInput): string {
  const { run, against } = input;
  const lines = [
    `# Berth benchmark: ${run.suite}`,
    '',
    `${run.description}`,
    '',
    `Run \`${run.id}\`, ${run.startedAt} – ${run.finishedAt}, git ${run.environment['git revision'] ?? 'unknown'}.`,
    '',
  ];
  if (against) {
    const regressions = against.rows.filter((row) => row.status === 'regressed');
    const percent = `${(against.threshold * 100).toFixed(0)} %`;
    lines.push(`## Against the baseline run \`${against.baseline.id}\``, '');
    lines.push(regressions.length > 0 ? `**${regressions.length} regression(s) beyond ${percent}.**` : `No regression beyond ${percent}.`, '');
    lines.push(
      ...table(
        ['subject', 'metric', 'baseline median ms', 'median ms', 'change', 'verdict'],
        against.rows.map((row) => [
          row.subject,
          row.metric,
          formatMs(row.baseline),
          formatMs(row.current),
          formatChange(row.change),
          row.status === 'regressed' ? '**REGRESSION**' : `${row.status}${row.note ? ` (${row.note})` : ''}`,
        ]),
      ),
      '',
    );
  }
  for (const [metric, results] of byMetric(run.results)) {
    lines.push(`## ${metric}`, '', ...resultsTable(results, run.baseline), '');
  }
  lines.push('## Environment', '', ...table(['', ''], Object.entries(run.environment)), '');
  lines.push('## Method', '', ...methodText(input).flatMap((line) => [line, '']));
  lines.push(
    ...table(
      ['subject', 'how it is driven'],
      run.results.map((result) => [result.subject, result.method]),
    ),
    '',
  );
  return lines.join('\n');
}

function resultsTable(results: readonly SubjectResult[], baseline: string): string[] {
  const unit = unitOf(results);
  return table(
    ['subject', 'samples', ...['min', 'median', 'mean', 'p95', 'p99', 'max', 'stddev'].map((column) => `${column} ${unit}`), `× ${baseline}`],
    results.map((result) => {
      const s = result.summary;
      if (!s)
        return [result.subject, result.missing ? `missing: ${result.missing}` : `failed: ${result.error ?? 'no samples'}`, '', '', '', '', '', '', '', ''];
      return [
        result.subject,
        String(s.samples),
        ...[s.min, s.median, s.mean, s.p95, s.p99, s.max, s.stddev].map(formatMs),
        result.ratioToBaseline?.toFixed(2) ?? '',
      ];
    }),
  );
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)];
}
