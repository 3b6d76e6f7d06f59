import { Bench } from 'tinybench';
import { hostEnvironment } from '../environment/host-environment.js';
import { ratio, summarize, type Summary } from '../stats/summary.js';
import { MissingPeer, type Subject } from '../subjects/subject.js';
import type { Suite, SuiteContext } from '../suites/suite.js';

export interface SubjectResult {
  subject: string;
  method: string;
  metric: string;
  unit: 'ms';
  missing?: string;
  error?: string;
  samples: number[];
  summary?: Summary;
  /** Median over the baseline's median; only for results of the baseline's metric. */
  ratioToBaseline?: number;
}

export interface SuiteRun {
  suite: string;
  description: string;
  baseline: string;
  startedAt: string;
  finishedAt: string;
  environment: Record<string, string>;
  results: SubjectResult[];
}

/**
 * Runs every subject of a suite under tinybench, one after another (never concurrently:
 * they would share the two cores), and summarises the latency samples.
 */
export async function runSuite(suite: Suite, context: SuiteContext): Promise<SuiteRun> {
  const startedAt = new Date().toISOString();
  const prepared = await suite.prepare(context);
  const results: SubjectResult[] = [];
  try {
    for (const subject of prepared.subjects) {
      const metric = subject.metric ?? suite.metric ?? 'start-to-exit';
      const base = { subject: subject.name, method: subject.method, metric, unit: 'ms' as const, samples: [] };
      if (subject.missing) {
        context.log(`${subject.name}: missing (${subject.missing})`);
        results.push({ ...base, missing: subject.missing });
        continue;
      }
      context.log(`${subject.name}: measuring`);
      const measured = await measure(subject, context, suite.budget);
      if (measured.missing) context.log(`${subject.name}: missing (${measured.missing})`);
      results.push({ ...base, ...measured });
    }
  } finally {
    await prepared.cleanup();
  }
  // A ratio only compares like with like: a list latency over a start-to-exit time means nothing.
  // A baseline measured in several metrics (one row per metric) is the reference of each.
  for (const result of results) {
    const baseline = results.find((candidate) => candidate.subject === suite.baseline && candidate.metric === result.metric);
    if (baseline?.summary && result.summary) result.ratioToBaseline = ratio(result.summary, baseline.summary);
  }
  return {
    suite: suite.name,
    description: suite.description,
    baseline: suite.baseline,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: { ...hostEnvironment(), ...prepared.environment },
    results,
  };
}

async function measure(
  subject: Subject,
  context: SuiteContext,
  budget = { iterations: 50, timeMs: 5_000 },
): Promise<Pick<SubjectResult, 'samples' | 'summary' | 'error' | 'missing'>> {
  let iteration = 0;
  // A subject far slower than its suite's others (a VM boot) sets its own, smaller count.
  const own = subject.budget;
  const bench = new Bench({
    iterations: own ? (context.smoke ? own.smokeIterations : own.iterations) : context.smoke ? 5 : budget.iterations,
    time: own || context.smoke ? 0 : budget.timeMs,
    warmupIterations: own ? own.warmupIterations : context.smoke ? 1 : Math.min(5, Math.max(1, Math.floor(budget.iterations / 10))),
    warmupTime: 0,
    retainSamples: true,
    throws: false,
  });
  try {
    await subject.setup?.();
  } catch (error) {
    // Setup undoes what it did before it throws; teardown is only for a setup that finished.
    // Any other failure is this subject's error, and the remaining subjects still run.
    if (error instanceof MissingPeer) return { samples: [], missing: error.message };
    return { samples: [], error: `setup failed: ${(error as Error).message}` };
  }
  try {
    // An async function: tinybench then knows it returns a promise without calling it once
    // to find out, which would start an unmeasured, overlapping iteration.
    bench.add(subject.name, async () => {
      const started = bench.now();
      const reported = await subject.run(iteration++);
      if (typeof reported !== 'number') return undefined;
      // The tool's figure is the sample; the call's wall time still counts against the time budget.
      return { overriddenDuration: reported, overriddenIterationCost: bench.now() - started };
    });
    await bench.run();
  } finally {
    await subject.teardown?.();
  }
  const result = bench.tasks[0]!.result;
  if (result.state === 'errored') return { samples: [], error: result.error.message };
  if (result.state !== 'completed') return { samples: [], error: `ended ${result.state}` };
  // To the nanosecond: no timer here resolves finer, and the float noise beyond it would not
  // survive storing the samples (a run must read back from PostgreSQL equal to what was measured).
  const samples = (result.latency.samples ?? []).map((sample) => Math.round(sample * 1e6) / 1e6);
  return { samples, summary: summarize(samples) };
}
