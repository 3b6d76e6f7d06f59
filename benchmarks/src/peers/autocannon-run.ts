import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

export interface LoadReport {
  /** Every answered request's latency in ms, as autocannon timed it. */
  latenciesMs: number[];
  /** Requests completed in each whole second of the run. */
  perSecond: number[];
  requestsPerSecond: number;
  /** Answers that were not 2xx, and requests that failed or timed out. */
  non2xx: number;
  errors: number;
}

/**
 * One autocannon run in this process: `connections` keep-alive connections sending GETs for
 * `seconds`. Every response's latency is kept (autocannon's own summary has no p95), and the
 * count of each second, for the spread of the throughput.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const latenciesMs: number[] = [];
  // Counted from the responses' own arrival, by whole second since the start: autocannon's
  // ticks come from a timer of their own that races its counter's reset.
  const perSecond = Array.from({ length: options.seconds }, () => 0);
  let errors = 0;
  const started = performance.now();
  const instance = autocannon({ url: options.url, connections: options.connections, duration: options.seconds, headers: options.headers });
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    latenciesMs.push(responseTime);
    const second = Math.floor((performance.now() - started) / 1000);
    if (second < perSecond.length) perSecond[second]!++;
  });
  instance.on('reqError', () => errors++);
  const result = await instance;
  return {
    latenciesMs,
    perSecond,
    requestsPerSecond: result.requests.total / result.duration,
    non2xx: result.non2xx,
    errors: errors + result.timeouts,
  };
}
