import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { htmlReport } from './html-report.js';
import { markdownReport } from './markdown-report.js';
import type { ReportInput } from './report-input.js';

/** Writes `report.html` and `report.md` into `dir` (created when missing); returns their paths. */
export async function writeReport(input: ReportInput, dir: string): Promise<{ html: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const html = join(dir, 'report.html');
  const markdown = join(dir, 'report.md');
  await writeFile(html, htmlReport(input));
  await writeFile(markdown, markdownReport(input));
  return { html, markdown };
}
