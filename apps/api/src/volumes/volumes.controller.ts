import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page, PruneVolumesResponse, VolumeDetail, VolumeSummary } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { pageOf } from '../http/page-of.js';
import { CreateVolumeDto } from './dto/create-volume.dto.js';
import { ListVolumesQuery } from './dto/list-volumes.query.js';
import { PruneQuery } from '../http/prune-query.js';
import { RemoveVolumeQuery } from './dto/remove-volume.query.js';
import { PruneVolumesResponseDto, VolumeDetailDto, VolumeSummaryDto } from './dto/volume-response.dto.js';
import { VolumesService } from './volumes.service.js';

@ApiTags('volumes')
@Controller('volumes')
export class VolumesController {
  constructor(private readonly volumes: VolumesService) {}

  @Post()
  @RequiresRole('operator')
  @ApiCreatedResponse({ type: VolumeSummaryDto })
  @ApiProblems({ 400: 'INVALID_VOLUME_NAME or VALIDATION_FAILED; nothing was created.', 409: 'VOLUME_EXISTS, QUOTA_EXCEEDED' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateVolumeDto): Promise<VolumeSummary> {
    return this.volumes.create(principal.teamId, body);
  }

  @Get()
  @RequiresRole('viewer')
  @ApiPageResponse(VolumeSummaryDto, 'Sorted by name.')
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListVolumesQuery): Promise<Page<VolumeSummary>> {
    return pageOf(await this.volumes.list(principal.teamId, query), query);
  }

  @Post('prune')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PruneVolumesResponseDto, description: 'Removes every volume of the team that no container mounts.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  prune(@CurrentPrincipal() principal: Principal, @Query() query: PruneQuery): Promise<PruneVolumesResponse> {
    return this.volumes.prune(principal.teamId, query.label);
  }

  @Get(':name')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: VolumeDetailDto })
  @ApiProblems({ 404: 'VOLUME_NOT_FOUND' })
  inspect(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<VolumeDetail> {
    return this.volumes.inspect(principal.teamId, name);
  }

  @Delete(':name')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed, with its data.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED',
    404: 'VOLUME_NOT_FOUND (not with force)',
    409: 'VOLUME_IN_USE: a container mounts it; force does not override this.',
  })
  remove(@CurrentPrincipal() principal: Principal, @Param('name') name: string, @Query() query: RemoveVolumeQuery): Promise<void> {
    return this.volumes.remove(principal.teamId, name, query.force);
  }
}
