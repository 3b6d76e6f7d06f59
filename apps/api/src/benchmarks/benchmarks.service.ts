import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';
import { DefaultTeamService } from '../teams/default-team.service.js';
import { BenchCli } from './bench-cli.js';
import { BenchmarkJobs, type JobListener } from './benchmark-jobs.js';
import type { BenchmarkJobView, BenchmarkRunDetailView, BenchmarkRunPageView, BenchmarkSuiteView } from './benchmark-views.js';
import { BenchmarksRepository, type RunAudience } from './benchmarks.repository.js';

const DEFAULT_LIMIT = 20;
/** Reports of stored runs never change: the last few rendered are kept, as rendering starts a process. */
const CACHED_REPORTS = 16;

/**
 * Benchmark runs belong to the team that started them: its members see them, nobody else's.
 * The host's admins — admins of the default team, the bootstrap administrator's — see every
 * run, including those the bench CLI stored on the host itself (which belong to no team).
 */
@Injectable()
export class BenchmarksService {
  private readonly reports = new Map<string, string>();

  constructor(
    private readonly repository: BenchmarksRepository,
    private readonly cli: BenchCli,
    private readonly jobs: BenchmarkJobs,
    private readonly defaultTeam: DefaultTeamService,
  ) {}

  suites(): Promise<BenchmarkSuiteView[]> {
    return this.cli.listSuites();
  }

  async list(principal: Principal, query: { suite?: string; limit?: number; offset?: number }): Promise<BenchmarkRunPageView> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    return { ...(await this.repository.page(await this.audience(principal), { suite: query.suite, limit, offset })), limit, offset };
  }

  async get(principal: Principal, id: string): Promise<BenchmarkRunDetailView> {
    const run = await this.repository.find(await this.audience(principal), id);
    if (!run) throw runNotFound(id);
    return run;
  }

  async report(principal: Principal, id: string): Promise<string> {
    // Visibility first: the cache holds every team's reports.
    if (!(await this.repository.find(await this.audience(principal), id))) throw runNotFound(id);
    const cached = this.reports.get(id);
    if (cached) return cached;
    const html = await this.cli.report(id);
    this.reports.set(id, html);
    if (this.reports.size > CACHED_REPORTS) this.reports.delete(this.reports.keys().next().value!);
    return html;
  }

  async start(principal: Principal, suite: string, smoke: boolean): Promise<BenchmarkJobView> {
    const known = await this.cli.listSuites();
    if (!known.some((entry) => entry.name === suite)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'UNKNOWN_SUITE', `no suite "${suite}"; one of: ${known.map((entry) => entry.name).join(', ')}`);
    }
    return this.jobs.start(principal.teamId, suite, smoke);
  }

  async job(principal: Principal, id: string): Promise<BenchmarkJobView> {
    const job = this.jobs.get(id, await this.audience(principal));
    if (!job) throw jobNotFound(id);
    return job;
  }

  async follow(principal: Principal, id: string, listener: JobListener): Promise<{ view: BenchmarkJobView; unsubscribe: () => void }> {
    const subscription = this.jobs.subscribe(id, await this.audience(principal), listener);
    if (!subscription) throw jobNotFound(id);
    return subscription;
  }

  private async audience(principal: Principal): Promise<RunAudience> {
    const hostTeam = await this.defaultTeam.ensure();
    return principal.role === 'admin' && principal.teamId === hostTeam.id ? 'all' : { teamId: principal.teamId };
  }
}

function runNotFound(id: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'BENCHMARK_RUN_NOT_FOUND', `no benchmark run ${id}`);
}

function jobNotFound(id: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'BENCHMARK_JOB_NOT_FOUND', `no benchmark job ${id} (jobs are kept in memory until the API restarts)`);
}
