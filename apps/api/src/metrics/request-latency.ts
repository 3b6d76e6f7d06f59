import { Injectable } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';

/** prom-client's default buckets, in seconds: from a cached lookup to a slow image pull. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * API request latency by method, route pattern and status. The labels come only from
 * bounded sets (known methods, the routes the code declares, status codes), so a client
 * requesting random URLs cannot grow the number of series. Its registry belongs to this
 * application, not to prom-client's global one, so two servers in one process (the tests)
 * never count each other's requests.
 */
@Injectable()
export class RequestLatency {
  readonly registry = new Registry();
  private readonly histogram = new Histogram({
    name: 'berth_http_request_duration_seconds',
    help: 'Time from a request arriving to its response being sent, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  observe(method: string, route: string, status: number, seconds: number): void {
    this.histogram.observe({ method: METHODS.has(method) ? method : 'OTHER', route, status: String(status) }, seconds);
  }
}
