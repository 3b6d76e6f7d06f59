import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RequestLatency } from './request-latency.js';

/** Requests that matched no route share one label value, so unknown URLs add no series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request that reaches Nest, including those a guard or the validation pipe
 * refuses. The route label is the pattern Express matched (`/api/v1/volumes/:name`), read
 * when the response is done. Event streams are left out: their duration is how long a
 * client watched, not how fast the API answered.
 */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly latency: RequestLatency) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    // Nest mounts this middleware as a catch-all route of its own: a request that no
    // controller route matched still carries that one.
    const ownRoute: unknown = request.route;
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      if (String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.latency.observe(request.method, routePattern(request, ownRoute), response.statusCode, seconds);
    };
    response.once('finish', record).once('close', record);
    next();
  }
}

function routePattern(request: Request, ownRoute: unknown): string {
  if (request.route === ownRoute) return UNMATCHED_ROUTE;
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : UNMATCHED_ROUTE;
}
