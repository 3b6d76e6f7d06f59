import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { PruneVolumesResponse, VolumeDetail, VolumeSummary } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { CreateVolumeDto } from './dto/create-volume.dto.js';
import { ListVolumesQuery } from './dto/list-volumes.query.js';
import { PruneVolumesQuery } from './dto/prune-volumes.query.js';
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
  @ApiBadRequestResponse({ description: 'INVALID_VOLUME_NAME or VALIDATION_FAILED; nothing was created.' })
  @ApiConflictResponse({ description: 'VOLUME_EXISTS' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateVolumeDto): Promise<VolumeSummary> {
    return this.volumes.create(principal.teamId, body);
  }

  @Get()
  @RequiresRole('viewer')
  @ApiOkResponse({ type: [VolumeSummaryDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListVolumesQuery): Promise<VolumeSummary[]> {
    return this.volumes.list(principal.teamId, query);
  }

  @Post('prune')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PruneVolumesResponseDto, description: 'Removes every volume of the team that no container mounts.' })
  prune(@CurrentPrincipal() principal: Principal, @Query() query: PruneVolumesQuery): Promise<PruneVolumesResponse> {
    return this.volumes.prune(principal.teamId, query.label);
  }

  @Get(':name')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: VolumeDetailDto })
  @ApiNotFoundResponse({ description: 'VOLUME_NOT_FOUND' })
  inspect(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<VolumeDetail> {
    return this.volumes.inspect(principal.teamId, name);
  }

  @Delete(':name')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed, with its data.' })
  @ApiNotFoundResponse({ description: 'VOLUME_NOT_FOUND (not with force)' })
  @ApiConflictResponse({ description: 'VOLUME_IN_USE: a container mounts it; force does not override this.' })
  remove(@CurrentPrincipal() principal: Principal, @Param('name') name: string, @Query() query: RemoveVolumeQuery): Promise<void> {
    return this.volumes.remove(principal.teamId, name, query.force);
  }
}
