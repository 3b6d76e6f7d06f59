import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MetricsService } from './metrics.service.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';

/**
 * For Prometheus, outside /api/v1 like the probes. Not scoped to a team: it shows every
 * container on the host, for the operator who runs Berth, so keep it off networks that
 * team members reach (bind the API to loopback or filter /metrics at the proxy).
 */
@ApiTags('metrics')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiProduces(PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({
    description:
      'Prometheus text format 0.0.4: per running container CPU seconds, memory usage and limit, pids; containers by state; API request latency histogram by method, route and status. Covers all teams (operator view).',
  })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
