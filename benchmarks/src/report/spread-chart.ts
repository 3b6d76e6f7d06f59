import type { SubjectResult } from '../run/run-suite.js';
import { percentile } from '../stats/summary.js';
import { chooseScale, formatTick } from './chart-scale.js';
import { escapeHtml } from './escape-html.js';
import { unitOf } from './report-input.js';

const WIDTH = 960;
const LABEL_WIDTH = 300;
const PLOT_RIGHT = WIDTH - 30;
const ROW = 34;
const TOP = 16;
const AXIS = 40;

/**
 * One metric's results as an inline SVG: per subject a p5–p95 whisker, a p25–p75 box and the
 * median as a bar, drawn from the samples themselves; with a baseline run, that run's median
 * as a hollow diamond. Missing and failed subjects keep their row with the reason, so the
 * chart shows what was not measured as plainly as what was.
 */
export function spreadChart(metric: string, results: readonly SubjectResult[], baselineMedians: ReadonlyMap<string, number> = new Map()): string {
  const spreads = results.map((result) => ({ result, spread: result.samples.length > 0 ? spreadOf(result.samples) : undefined }));
  const values = spreads.flatMap(({ result, spread }) => [
    ...(spread ? [spread.p5, spread.p95] : []),
    ...(baselineMedians.has(result.subject) ? [baselineMedians.get(result.subject)!] : []),
  ]);
  const scale = chooseScale(values, LABEL_WIDTH, PLOT_RIGHT);
  const height = TOP + results.length * ROW + AXIS;
  const axisY = TOP + results.length * ROW;
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    const x = scale.x(tick).toFixed(1);
    parts.push(`<line class="grid" x1="${x}" y1="${TOP}" x2="${x}" y2="${axisY}"/>`);
    parts.push(`<text class="tick" x="${x}" y="${axisY + 16}" text-anchor="middle">${formatTick(tick)}</text>`);
  }
  parts.push(`<line class="axis" x1="${LABEL_WIDTH}" y1="${axisY}" x2="${PLOT_RIGHT}" y2="${axisY}"/>`);
  parts.push(
    `<text class="axis-label" x="${(LABEL_WIDTH + PLOT_RIGHT) / 2}" y="${axisY + 34}" text-anchor="middle">${escapeHtml(metric)}, ${escapeHtml(unitOf(results))}${scale.kind === 'log' ? ' (log scale)' : ''}</text>`,
  );
  spreads.forEach(({ result, spread }, index) => {
    const y = TOP + index * ROW + ROW / 2;
    parts.push(`<text class="label" x="${LABEL_WIDTH - 10}" y="${y + 4}" text-anchor="end">${escapeHtml(result.subject)}</text>`);
    if (!spread) {
      const reason = result.missing ? `missing: ${result.missing}` : `failed: ${result.error ?? 'no samples'}`;
      // Shortened to fit the plot; the whole reason is in the tooltip and the table below.
      parts.push(`<text class="missing" x="${LABEL_WIDTH + 6}" y="${y + 4}"><title>${escapeHtml(reason)}</title>${escapeHtml(truncate(reason, 85))}</text>`);
      return;
    }
    const [x5, x25, x50, x75, x95] = [spread.p5, spread.p25, spread.median, spread.p75, spread.p95].map((value) => scale.x(value));
    const title = `<title>${escapeHtml(result.subject)}: median ${spread.median.toFixed(2)} ${escapeHtml(unitOf(results))}, p25–p75 ${spread.p25.toFixed(2)}–${spread.p75.toFixed(2)}, p5–p95 ${spread.p5.toFixed(2)}–${spread.p95.toFixed(2)} (${result.samples.length} samples)</title>`;
    parts.push(`<g class="subject">${title}`);
    parts.push(`<line class="whisker" x1="${x5!.toFixed(1)}" y1="${y}" x2="${x95!.toFixed(1)}" y2="${y}"/>`);
    for (const x of [x5!, x95!]) parts.push(`<line class="whisker" x1="${x.toFixed(1)}" y1="${y - 6}" x2="${x.toFixed(1)}" y2="${y + 6}"/>`);
    parts.push(`<rect class="box" x="${x25!.toFixed(1)}" y="${y - 9}" width="${Math.max(2, x75! - x25!).toFixed(1)}" height="18"/>`);
    parts.push(`<line class="median" x1="${x50!.toFixed(1)}" y1="${y - 11}" x2="${x50!.toFixed(1)}" y2="${y + 11}"/>`);
    parts.push(`<text class="value" x="${(x95! + 8).toFixed(1)}" y="${y + 4}">${spread.median.toFixed(2)}</text>`);
    parts.push('</g>');
    const before = baselineMedians.get(result.subject);
    if (before !== undefined) {
      const x = scale.x(before);
      parts.push(
        `<path class="baseline" d="M${x.toFixed(1)} ${y - 7} l6 7 l-6 7 l-6 -7 z"><title>baseline run median ${before.toFixed(2)} ${escapeHtml(unitOf(results))}</title></path>`,
      );
    }
  });
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(metric)}">${parts.join('')}</svg>`;
}

interface Spread {
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
}

function spreadOf(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => percentile(sorted, fraction);
  return { p5: at(0.05), p25: at(0.25), median: at(0.5), p75: at(0.75), p95: at(0.95) };
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
