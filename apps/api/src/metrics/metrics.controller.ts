import { Controller, Get, Header } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { ApiTextResponse } from '../http/openapi/text-response.js';
import { MetricsService, PROMETHEUS_CONTENT_TYPE } from './metrics.service.js';

/**
 * For Prometheus, outside /api/v1 like the probes. Scoped like everything else: a scrape
 * with a team's token (`bearer_token` in Prometheus) sees that team's containers; the
 * request latency histogram is about the API itself and names no resources.
 */
@ApiTags('metrics')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @RequiresRole('viewer')
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiProduces(PROMETHEUS_CONTENT_TYPE)
  @ApiTextResponse(
    PROMETHEUS_CONTENT_TYPE,
    "Prometheus text format 0.0.4: per running container of the caller's team CPU seconds, memory usage and limit, pids; containers by state; API request latency histogram by method, route and status.",
  )
  @ApiProblems()
  scrape(@CurrentPrincipal() principal: Principal): Promise<string> {
    return this.metrics.render(principal.teamId);
  }
}
