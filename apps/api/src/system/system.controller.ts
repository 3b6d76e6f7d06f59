import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DiskUsage, SystemInfo } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { DiskUsageDto } from './disk-usage.dto.js';
import { SystemInfoDto } from './system-info.dto.js';
import { SystemService } from './system.service.js';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get('info')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: SystemInfoDto, description: "Host and Berth facts, as `docker info` gives them; counts are of the caller's team." })
  @ApiProblems()
  info(@CurrentPrincipal() principal: Principal): Promise<SystemInfo> {
    return this.system.info(principal.teamId);
  }

  @Get('df')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: DiskUsageDto, description: "Disk usage of the caller's team, as `docker system df -v` gives it." })
  @ApiProblems()
  diskUsage(@CurrentPrincipal() principal: Principal): Promise<DiskUsage> {
    return this.system.diskUsage(principal.teamId);
  }
}
