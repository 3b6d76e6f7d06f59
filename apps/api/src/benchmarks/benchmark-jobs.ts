import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { ProblemException } from '../http/problem.js';
import { BenchCli } from './bench-cli.js';
import type { BenchmarkJobView } from './benchmark-views.js';
import { BenchmarksRepository, type RunAudience } from './benchmarks.repository.js';

/** Lines kept per job: what the progress stream replays to a late subscriber. */
const KEPT_LINES = 200;
/** Finished jobs remembered for GET /jobs/:id. */
const KEPT_JOBS = 20;

export type JobListener = (event: { kind: 'line'; line: string } | { kind: 'done'; job: BenchmarkJobView }) => void;

interface Job {
  /** The team that started it: its members see the job and the run it stores. */
  teamId: string;
  view: BenchmarkJobView;
  child?: ChildProcess;
  listeners: Set<JobListener>;
}

/**
 * Runs started through the API: one bench CLI child at a time (two suites measured at once
 * would share the cores and each other's numbers), its stderr lines fanned out to progress
 * streams, its stdout (the stored run as JSON) read for the run id when it exits.
 */
@Injectable()
export class BenchmarkJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('BenchmarkJobs');
  private readonly jobs = new Map<string, Job>();
  private running: Job | undefined;

  constructor(
    private readonly cli: BenchCli,
    private readonly runs: BenchmarksRepository,
  ) {}

  start(teamId: string, suite: string, smoke: boolean): BenchmarkJobView {
    if (this.running) {
      const { id, suite: other } = this.running.view;
      // Another team's job is not named: its id would be theirs to follow.
      const which = this.running.teamId === teamId ? `benchmark job ${id} (${other})` : "another team's benchmark job";
      throw new ProblemException(HttpStatus.CONFLICT, 'BENCHMARK_RUNNING', `${which} is still running; one run at a time keeps the numbers honest`);
    }
    const job: Job = {
      teamId,
      view: { id: randomUUID(), suite, smoke, state: 'running', startedAt: new Date().toISOString(), log: [] },
      listeners: new Set(),
    };
    job.child = this.cli.startRun(suite, smoke);
    this.running = job;
    this.remember(job);
    this.follow(job, job.child);
    return snapshot(job);
  }

  get(id: string, audience: RunAudience): BenchmarkJobView | undefined {
    const job = this.visible(id, audience);
    return job && snapshot(job);
  }

  /** Calls `listener` with every line from now on and the end; returns the lines so far (and the end, when the job is over) and an unsubscribe. */
  subscribe(id: string, audience: RunAudience, listener: JobListener): { view: BenchmarkJobView; unsubscribe: () => void } | undefined {
    const job = this.visible(id, audience);
    if (!job) return undefined;
    if (job.view.state === 'running') job.listeners.add(listener);
    return { view: snapshot(job), unsubscribe: () => job.listeners.delete(listener) };
  }

  /** The API stopping takes its run along: a half-measured run is not stored. */
  onApplicationShutdown(): void {
    this.running?.child?.kill('SIGTERM');
  }

  private follow(job: Job, child: ChildProcess): void {
    let stdout = '';
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.line(job, line);
    });
    child.once('error', (error) => this.line(job, `bench: could not start the bench CLI: ${error.message}`));
    child.once('close', (code, signal) => {
      if (partial) this.line(job, partial);
      void this.finish(job, code, signal, runIdOf(stdout));
    });
  }

  /** The stored run goes to the job's team before anyone hears the job is done, so its id is never a 404 to them. */
  private async finish(job: Job, code: number | null, signal: NodeJS.Signals | null, runId: string | undefined): Promise<void> {
    if (runId) await this.runs.claim(runId, job.teamId).catch((error: Error) => this.logger.error(`giving run ${runId} to its team: ${error.message}`));
    job.view = {
      ...job.view,
      state: code === 0 ? 'succeeded' : 'failed',
      finishedAt: new Date().toISOString(),
      exitCode: code ?? (signal ? 128 : 1),
      ...(runId ? { runId } : {}),
    };
    job.child = undefined;
    if (this.running === job) this.running = undefined;
    const done = snapshot(job);
    for (const listener of job.listeners) listener({ kind: 'done', job: done });
    job.listeners.clear();
  }

  private visible(id: string, audience: RunAudience): Job | undefined {
    const job = this.jobs.get(id);
    return job && (audience === 'all' || audience.teamId === job.teamId) ? job : undefined;
  }

  private line(job: Job, line: string): void {
    job.view.log.push(line);
    if (job.view.log.length > KEPT_LINES) job.view.log.splice(0, job.view.log.length - KEPT_LINES);
    for (const listener of job.listeners) listener({ kind: 'line', line });
  }

  private remember(job: Job): void {
    this.jobs.set(job.view.id, job);
    for (const [id, old] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) break;
      if (old.view.state !== 'running') this.jobs.delete(id);
    }
  }
}

function snapshot(job: Job): BenchmarkJobView {
  return { ...job.view, log: [...job.view.log] };
}

/** The stored run's id from `bench --json --persist` output: one JSON document, `id` first. A run that could not be stored has none. */
function runIdOf(stdout: string): string | undefined {
  try {
    const id = (JSON.parse(stdout) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
