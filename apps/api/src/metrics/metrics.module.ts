import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { RequestLatency } from './request-latency.js';
import { RequestMetricsMiddleware } from './request-metrics.middleware.js';

/** GET /metrics at the root, and the middleware that times every request for it. */
@Module({ controllers: [MetricsController], providers: [MetricsRepository, MetricsService, RequestLatency, RequestMetricsMiddleware] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
