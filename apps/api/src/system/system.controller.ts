import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SystemInfo } from '@berth/contracts';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { BERTH_VERSION } from '../version.js';
import { detectCgroupLayout, hostFacts } from './host-facts.js';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(@Inject(APP_CONTEXT) private readonly context: AppContext) {}

  @Get('info')
  @ApiOkResponse({ description: 'Host and Berth facts, as `docker info` gives them.' })
  info(): SystemInfo {
    return {
      version: BERTH_VERSION,
      ...hostFacts(),
      cgroupVersion: detectCgroupLayout(),
      database: this.context.database.mode,
      stateRoot: this.context.config.root,
    };
  }
}
