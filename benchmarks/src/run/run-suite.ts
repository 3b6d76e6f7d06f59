import { Bench } from 'tinybench';
import { hostEnvironment } from '../environment/host-environment.js';
import { ratio, summarize, type Summary } from '../stats/summary.js';
import { MissingPeer, type Subject, type Unit } from '../subjects/subject.js';
import type { Suite, SuiteContext } from '../suites/suite.js';

export interface SubjectResult {
  subject: string;
  method: string;
  metric: string;
  unit: Unit;
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
      const base = { subject: subject.name, method: subject.method, metric, unit: subject.unit ?? 'ms', samples: [] };
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
  if (subject.collect) return collected(subject, subject.collect.bind(subject), context.smoke);
  if (!subject.run) {
    await subject.teardown?.();
    return { samples: [], error: 'the subject has neither run nor collect' };
  }
  const run = subject.run.bind(subject);
  try {
    // An async function: tinybench then knows it returns a promise without calling it once
    // to find out, which would start an unmeasured, overlapping iteration.
    bench.add(subject.name, async () => {
      const started = bench.now();
      const reported = await run(iteration++);
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
  const samples = (result.latency.samples ?? []).map(toNanosecond);
  return { samples, summary: summarize(samples) };
}

/** A subject whose samples a tool measured: they are taken as they are, and the teardown runs on every path. */
async function collected(
  subject: Subject,
  collect: (smoke: boolean) => Promise<number[]>,
  smoke: boolean,
): Promise<Pick<SubjectResult, 'samples' | 'summary' | 'error' | 'missing'>> {
  let samples: number[];
  try {
    samples = (await collect(smoke)).map(toNanosecond);
  } catch (error) {
    if (error instanceof MissingPeer) return { samples: [], missing: error.message };
    return { samples: [], error: (error as Error).message };
  } finally {
    await subject.teardown?.();
  }
  if (samples.length === 0 || samples.some((sample) => !Number.isFinite(sample))) return { samples: [], error: `no usable samples: [${samples.join(', ')}]` };
  return { samples, summary: summarize(samples) };
}

/**
 * To the nanosecond (or its MiB equivalent): no timer here resolves finer, and the float noise
 * beyond it would not survive storing the samples (a run must read back equal to what was measured).
 */
function toNanosecond(sample: number): number {
  return Math.round(sample * 1e6) / 1e6;
}
