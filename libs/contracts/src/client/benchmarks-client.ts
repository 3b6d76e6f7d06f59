import { API_PREFIX } from '../api-paths.js';
import {
  BENCHMARK_PROGRESS_EVENTS,
  type BenchmarkJob,
  type BenchmarkProgressLine,
  type BenchmarkRunDetail,
  type BenchmarkRunListQuery,
  type BenchmarkRunPage,
  type BenchmarkSuiteInfo,
  type StartBenchmarkRequest,
} from '../benchmarks.js';
import type { Page, PageQuery } from '../page.js';
import { readSse } from './sse.js';
import type { HttpTransport } from './transport.js';

/** What the progress stream yields: a line of the CLI's output, or the finished job (always last). */
export type BenchmarkProgress = { kind: 'line'; line: string } | { kind: 'done'; job: BenchmarkJob };

/** /api/v1/benchmarks. */
export class BenchmarksClient {
  constructor(private readonly http: HttpTransport) {}

  suites(query: PageQuery = {}): Promise<Page<BenchmarkSuiteInfo>> {
    return this.http.json('GET', path('suites'), { query: { ...query } });
  }

  /** Stored runs, newest first. */
  runs(query: BenchmarkRunListQuery = {}): Promise<BenchmarkRunPage> {
    return this.http.json('GET', path('runs'), { query: { ...query } });
  }

  run(id: string): Promise<BenchmarkRunDetail> {
    return this.http.json('GET', path('runs', id));
  }

  /** The self-contained HTML report (inline CSS and SVG, no scripts). */
  async report(id: string): Promise<string> {
    const response = await this.http.send('GET', path('runs', id, 'report'), { accept: 'text/html' });
    return response.text();
  }

  /** Starts a run (admin only); a 409 BENCHMARK_RUNNING while another runs. */
  start(request: StartBenchmarkRequest): Promise<BenchmarkJob> {
    return this.http.json('POST', path('runs'), { json: request });
  }

  job(id: string): Promise<BenchmarkJob> {
    return this.http.json('GET', path('jobs', id));
  }

  /** The job's output so far, then live, ending with the finished job. */
  async *progress(jobId: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<BenchmarkProgress> {
    const response = await this.http.send('GET', path('jobs', jobId, 'progress'), { accept: 'text/event-stream', signal: options.signal });
    for await (const message of readSse(response)) {
      if (message.event === BENCHMARK_PROGRESS_EVENTS.line) yield { kind: 'line', line: (JSON.parse(message.data) as BenchmarkProgressLine).line };
      else if (message.event === BENCHMARK_PROGRESS_EVENTS.done) {
        yield { kind: 'done', job: JSON.parse(message.data) as BenchmarkJob };
        return;
      }
    }
  }
}

function path(...segments: string[]): string {
  return `${API_PREFIX}/benchmarks/${segments.map(encodeURIComponent).join('/')}`;
}
