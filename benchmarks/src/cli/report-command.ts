import { resolve } from 'node:path';
import { openBenchDatabase } from '../persistence/bench-database.js';
import { loadRun } from '../persistence/run-repository.js';
import { compareRuns } from '../report/compare-runs.js';
import type { ReportInput } from '../report/report-input.js';
import { writeReport } from '../report/write-report.js';

export interface ReportOptions {
  baseline?: string;
  threshold?: string;
  out?: string;
  /** Narrows "latest" to one suite's newest run. */
  suite?: string;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/**
 * `bench report [RUN_ID|latest] [--baseline RUN_ID] [--threshold 0.1] [--out DIR]`: writes
 * report.html and report.md for a stored run. Exits 1 when, against the baseline, some
 * median got worse beyond the threshold, so a CI job can fail on it; 2 on bad arguments.
 */
export async function reportCommand(runId: string, options: ReportOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const threshold = Number(options.threshold ?? '0.1');
  if (!Number.isFinite(threshold) || threshold < 0) {
    log(`--threshold ${options.threshold} is not a fraction; use e.g. 0.1 for 10 %`);
    return 2;
  }
  const database = await openBenchDatabase(log, env);
  let input: ReportInput;
  try {
    const run = await loadRun(database.prisma, runId, options.suite);
    if (!run) {
      log(
        runId === 'latest' ? `no stored run${options.suite ? ` of suite ${options.suite}` : ''} in ${database.where}` : `no run ${runId} in ${database.where}`,
      );
      return 2;
    }
    input = { run };
    if (options.baseline) {
      const baseline = await loadRun(database.prisma, options.baseline);
      if (!baseline) {
        log(`no baseline run ${options.baseline} in ${database.where}`);
        return 2;
      }
      if (baseline.suite !== run.suite) {
        log(`run ${run.id} is of suite ${run.suite} and the baseline ${baseline.id} of ${baseline.suite}: nothing to compare`);
        return 2;
      }
      input.against = { baseline, threshold, rows: compareRuns(run, baseline, threshold) };
    }
  } finally {
    await database.close();
  }
  const written = await writeReport(input, resolve(options.out ?? `tmp/bench-reports/${input.run.id}`));
  process.stdout.write(`${written.html}\n${written.markdown}\n`);
  const regressions = input.against?.rows.filter((row) => row.status === 'regressed') ?? [];
  for (const row of regressions) log(`regression: ${row.subject} (${row.metric}) ${row.baseline!.toFixed(2)} → ${row.current!.toFixed(2)} ms`);
  return regressions.length > 0 ? 1 : 0;
}
