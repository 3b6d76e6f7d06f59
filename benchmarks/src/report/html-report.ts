import type { SubjectResult } from '../run/run-suite.js';
import type { Comparison } from './compare-runs.js';
import { escapeHtml as e } from './escape-html.js';
import { byMetric, formatChange, formatMs, methodText, unitOf, type ReportInput } from './report-input.js';
import { spreadChart } from './spread-chart.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #1b1f24; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
.meta { color: #57606a; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eaeef2; text-align: right; vertical-align: top; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
tr.regressed td { background: #ffebe9; } tr.improved td { background: #dafbe1; }
.flag { font-weight: 600; color: #cf222e; } .missing { color: #9a6700; }
svg.chart { max-width: 100%; height: auto; }
svg .grid { stroke: #eaeef2; } svg .axis { stroke: #57606a; } svg text { font: 12px system-ui, sans-serif; fill: #1b1f24; }
svg .tick, svg .axis-label { fill: #57606a; } svg text.missing { fill: #9a6700; font-style: italic; }
svg .whisker { stroke: #0969da; stroke-width: 1.5; } svg .box { fill: #b6e3ff; stroke: #0969da; } svg .median { stroke: #0a3069; stroke-width: 3; }
svg .baseline { fill: none; stroke: #cf222e; stroke-width: 1.5; } svg .value { fill: #57606a; }
`;

/** The whole report in one file: inline CSS and SVG, no scripts, nothing fetched, so it opens anywhere and can be archived as is. */
export function htmlReport(input: ReportInput): string {
  const { run, against } = input;
  const regressions = against?.rows.filter((row) => row.status === 'regressed') ?? [];
  const baselineMedians = (metric: string) =>
    new Map(against?.baseline.results.filter((result) => result.metric === metric && result.summary).map((result) => [result.subject, result.summary!.median]));
  const sections = [...byMetric(run.results)].map(
    ([metric, results]) => `<h2>${e(metric)}</h2>${spreadChart(metric, results, baselineMedians(metric))}${resultsTable(results, run.baseline)}`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Berth benchmark: ${e(run.suite)} ${e(run.id)}</title><style>${STYLE}</style></head>
<body>
<h1>Berth benchmark: ${e(run.suite)}</h1>
<p class="meta">${e(run.description)}<br>run <code>${e(run.id)}</code>, ${e(run.startedAt)} – ${e(run.finishedAt)}, git ${e(run.environment['git revision'] ?? 'unknown')}</p>
${against ? comparisonSection(against.rows, against.baseline.id, against.threshold, regressions.length) : ''}
${sections.join('\n')}
<h2>Environment</h2>
<table>${Object.entries(run.environment)
    .map(([key, value]) => `<tr><th class="text">${e(key)}</th><td class="text">${e(value)}</td></tr>`)
    .join('')}</table>
<h2>Method</h2>
${methodText(input)
  .map((line) => `<p>${e(line)}</p>`)
  .join('')}
<table><tr><th>subject</th><th class="text">how it is driven</th></tr>${run.results
    .map((result) => `<tr><td>${e(result.subject)}</td><td class="text">${e(result.method)}</td></tr>`)
    .join('')}</table>
</body></html>
`;
}

function resultsTable(results: readonly SubjectResult[], baseline: string): string {
  const head = ['subject', 'samples', 'min', 'median', 'mean', 'p95', 'p99', 'max', 'stddev', `× ${baseline}`];
  const rows = results.map((result) => {
    if (!result.summary) {
      const reason = result.missing ? `missing: ${result.missing}` : `failed: ${result.error ?? 'no samples'}`;
      return `<tr><td>${e(result.subject)}</td><td class="text missing" colspan="${head.length - 1}">${e(reason)}</td></tr>`;
    }
    const s = result.summary;
    const cells = [String(s.samples), ...[s.min, s.median, s.mean, s.p95, s.p99, s.max, s.stddev].map(formatMs), result.ratioToBaseline?.toFixed(2) ?? ''];
    return `<tr><td>${e(result.subject)}</td>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  });
  return `<table><tr>${head.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr>${rows.join('')}</table><p class="meta">All values in ${e(unitOf(results))}.</p>`;
}

function comparisonSection(rows: readonly Comparison[], baselineId: string, threshold: number, regressions: number): string {
  const verdict =
    regressions > 0
      ? `<p class="flag">${regressions} regression${regressions === 1 ? '' : 's'} beyond ${(threshold * 100).toFixed(0)} % against run ${e(baselineId)}</p>`
      : `<p>No regression beyond ${(threshold * 100).toFixed(0)} % against run <code>${e(baselineId)}</code>.</p>`;
  const body = rows
    .map(
      (row) =>
        `<tr class="${row.status.replace(' ', '-')}"><td>${e(row.subject)}</td><td class="text">${e(row.metric)}</td><td>${formatMs(row.baseline)}</td><td>${formatMs(row.current)}</td><td>${formatChange(row.change)}</td><td class="text${row.status === 'regressed' ? ' flag' : ''}">${e(row.status === 'regressed' ? 'REGRESSION' : row.status)}${row.note ? ` (${e(row.note)})` : ''}</td></tr>`,
    )
    .join('');
  return `<h2>Against the baseline run</h2>${verdict}<table><tr><th>subject</th><th class="text">metric</th><th>baseline median</th><th>median</th><th>change</th><th class="text">verdict</th></tr>${body}</table>`;
}
