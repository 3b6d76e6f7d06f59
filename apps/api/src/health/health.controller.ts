import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { HealthResponseDto, ReadinessResponseDto } from './health.dto.js';
import type { HealthResponse, ReadinessResponse } from '@berth/contracts';
import type { Response } from 'express';
import { BERTH_VERSION } from '../version.js';
import { ReadinessService } from './readiness.service.js';
import { Public } from '../auth/access-rule.js';

/** Probes for people and orchestrators; outside /api/v1 and without authentication. */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('healthz')
  @Public()
  @ApiOkResponse({ type: HealthResponseDto, description: 'The process is up.' })
  @ApiProblems()
  health(): HealthResponse {
    return { status: 'ok', version: BERTH_VERSION, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('readyz')
  @Public()
  @ApiOkResponse({ type: ReadinessResponseDto, description: 'Database reachable and migrated.' })
  @ApiServiceUnavailableResponse({ type: ReadinessResponseDto, description: 'A check failed; the body (not a problem document) says which.' })
  @ApiProblems()
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessResponse> {
    const result = await this.readiness.check();
    if (result.status !== 'ready') response.status(503);
    return result;
  }
}
