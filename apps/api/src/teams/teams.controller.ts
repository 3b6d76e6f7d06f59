import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { TeamMembershipView } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { CreateTeamDto } from './dto/create-team.dto.js';
import { TeamsService } from './teams.service.js';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOkResponse({ description: 'The teams you belong to, with your role in each.' })
  list(@CurrentPrincipal() principal: Principal): Promise<TeamMembershipView[]> {
    return this.teams.mine(principal);
  }

  @Post()
  @RequiresRole('admin')
  @ApiCreatedResponse({ description: 'A new team, with you as its admin.' })
  @ApiConflictResponse({ description: 'TEAM_EXISTS' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTeamDto): Promise<TeamMembershipView> {
    return this.teams.create(principal, body.name);
  }
}
