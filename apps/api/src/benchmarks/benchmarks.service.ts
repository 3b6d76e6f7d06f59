import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '../http/problem.js';
import { BenchCli } from './bench-cli.js';
import { BenchmarkJobs, type JobListener } from './benchmark-jobs.js';
import type { BenchmarkJobView, BenchmarkRunDetailView, BenchmarkRunPageView, BenchmarkSuiteView } from './benchmark-views.js';
import { BenchmarksRepository } from './benchmarks.repository.js';

const DEFAULT_LIMIT = 20;
/** Reports of stored runs never change: the last few rendered are kept, as rendering starts a process. */
const CACHED_REPORTS = 16;

@Injectable()
export class BenchmarksService {
  private readonly reports = new Map<string, string>();

  constructor(
    private readonly repository: BenchmarksRepository,
    private readonly cli: BenchCli,
    private readonly jobs: BenchmarkJobs,
  ) {}

  suites(): Promise<BenchmarkSuiteView[]> {
    return this.cli.listSuites();
  }

  async list(query: { suite?: string; limit?: number; offset?: number }): Promise<BenchmarkRunPageView> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    return { ...(await this.repository.page({ suite: query.suite, limit, offset })), limit, offset };
  }

  async get(id: string): Promise<BenchmarkRunDetailView> {
    const run = await this.repository.find(id);
    if (!run) throw runNotFound(id);
    return run;
  }

  async report(id: string): Promise<string> {
    const cached = this.reports.get(id);
    if (cached) return cached;
    if (!(await this.repository.find(id))) throw runNotFound(id);
    const html = await this.cli.report(id);
    this.reports.set(id, html);
    if (this.reports.size > CACHED_REPORTS) this.reports.delete(this.reports.keys().next().value!);
    return html;
  }

  async start(suite: string, smoke: boolean): Promise<BenchmarkJobView> {
    const known = await this.cli.listSuites();
    if (!known.some((entry) => entry.name === suite)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'UNKNOWN_SUITE', `no suite "${suite}"; one of: ${known.map((entry) => entry.name).join(', ')}`);
    }
    return this.jobs.start(suite, smoke);
  }

  job(id: string): BenchmarkJobView {
    const job = this.jobs.get(id);
    if (!job) throw jobNotFound(id);
    return job;
  }

  follow(id: string, listener: JobListener): { view: BenchmarkJobView; unsubscribe: () => void } {
    const subscription = this.jobs.subscribe(id, listener);
    if (!subscription) throw jobNotFound(id);
    return subscription;
  }
}

function runNotFound(id: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'BENCHMARK_RUN_NOT_FOUND', `no benchmark run ${id}`);
}

function jobNotFound(id: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'BENCHMARK_JOB_NOT_FOUND', `no benchmark job ${id} (jobs are kept in memory until the API restarts)`);
}
