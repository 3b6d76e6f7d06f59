import { Injectable } from '@nestjs/common';
import { formatValue, type Labels, type PrometheusText, type Sample } from './prometheus-text.js';

/** prom-client's default buckets, in seconds: from a cached lookup to a slow image pull. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

interface Series {
  labels: Labels;
  /** Per bucket, not cumulative; rendering adds them up. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * API request latency by method, route pattern and status. The labels come only from
 * bounded sets (known methods, the routes the code declares, status codes), so a client
 * requesting random URLs cannot grow the number of series.
 */
@Injectable()
export class RequestLatency {
  private readonly series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method: METHODS.has(method) ? method : 'OTHER', route, status: String(status) };
    const key = `${labels.method} ${labels.route} ${labels.status}`;
    let series = this.series.get(key);
    if (!series) {
      series = { labels, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const bucket = LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
    if (bucket >= 0) series.buckets[bucket]! += 1;
    series.sum += seconds;
    series.count += 1;
  }

  render(text: PrometheusText): void {
    const samples: Sample[] = [];
    for (const series of [...this.series.values()].sort((a, b) => compare(a.labels, b.labels))) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((bound, index) => {
        cumulative += series.buckets[index]!;
        samples.push({ suffix: '_bucket', labels: { ...series.labels, le: formatValue(bound) }, value: cumulative });
      });
      samples.push({ suffix: '_bucket', labels: { ...series.labels, le: '+Inf' }, value: series.count });
      samples.push({ suffix: '_sum', labels: series.labels, value: series.sum });
      samples.push({ suffix: '_count', labels: series.labels, value: series.count });
    }
    text.family(
      'berth_http_request_duration_seconds',
      'histogram',
      'Time from a request arriving to its response being sent, by method, route pattern and status.',
      samples,
    );
  }
}

function compare(a: Labels, b: Labels): number {
  return `${a['route']} ${a['method']} ${a['status']}`.localeCompare(`${b['route']} ${b['method']} ${b['status']}`);
}
