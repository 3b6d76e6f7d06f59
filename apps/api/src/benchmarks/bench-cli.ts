import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { ProblemException } from '../http/problem.js';
import type { BenchmarkSuiteView } from './benchmark-views.js';

const run = promisify(execFile);

/**
 * The built bench CLI (benchmarks/dist/cli/bench.js). The API may not import the benchmarks
 * project (apps depend on libs only), so it drives the CLI as a process: the suites, the runs
 * and the report renderer are then exactly those of `npm run bench`. BERTH_BENCH_CLI overrides the path.
 */
const DEFAULT_CLI = fileURLToPath(new URL('../../../../benchmarks/dist/cli/bench.js', import.meta.url));
const LIST_TIMEOUT_MS = 30_000;
const REPORT_TIMEOUT_MS = 60_000;

@Injectable()
export class BenchCli {
  readonly path: string;
  private suites: Promise<BenchmarkSuiteView[]> | undefined;

  constructor(@Inject(APP_CONTEXT) private readonly context: AppContext) {
    this.path = process.env['BERTH_BENCH_CLI'] || DEFAULT_CLI;
  }

  /** `bench --list`, asked once: the suites change only with a new build. */
  listSuites(): Promise<BenchmarkSuiteView[]> {
    this.suites ??= this.list().catch((error: unknown) => {
      this.suites = undefined; // a later build may fix it
      throw error;
    });
    return this.suites;
  }

  /** The run's self-contained HTML report, rendered by `bench report ID --out DIR` from the API's own database. */
  async report(runId: string): Promise<string> {
    this.ensureBuilt();
    const out = await mkdtemp(join(tmpdir(), 'berth-api-report-'));
    try {
      await run(process.execPath, [this.path, 'report', runId, '--out', out], { env: this.env(), timeout: REPORT_TIMEOUT_MS });
      return await readFile(join(out, 'report.html'), 'utf8');
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim() ?? (error as Error).message;
      throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, 'BENCHMARK_REPORT_FAILED', `bench report ${runId} failed: ${stderr.slice(-400)}`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }

  /** `bench --suite S [--smoke] --json --persist` into the API's database; progress on stderr, the stored run as JSON on stdout. */
  startRun(suite: string, smoke: boolean): ChildProcess {
    this.ensureBuilt();
    const args = [this.path, '--suite', suite, '--json', '--persist', ...(smoke ? ['--smoke'] : [])];
    return spawn(process.execPath, args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private async list(): Promise<BenchmarkSuiteView[]> {
    this.ensureBuilt();
    const { stdout } = await run(process.execPath, [this.path, '--list'], { env: this.env(), timeout: LIST_TIMEOUT_MS });
    return stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, ...description] = line.split('\t');
        return { name: name!, description: description.join('\t') };
      });
  }

  private ensureBuilt(): void {
    if (!existsSync(this.path)) {
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'BENCHMARKS_NOT_BUILT',
        `the bench CLI ${this.path} is not built: npx nx run @berth/benchmarks:build`,
      );
    }
  }

  /** The API's own database, where the console reads runs from. */
  private env(): NodeJS.ProcessEnv {
    return { ...process.env, DATABASE_URL: this.context.database.url };
  }
}
