import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Page, TeamMembershipView } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { TeamMembershipViewDto } from '../access/dto/who-am-i.dto.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { pageOf } from '../http/page-of.js';
import { PageQuery } from '../http/page-query.js';
import { CreateTeamDto } from './dto/create-team.dto.js';
import { TeamsService } from './teams.service.js';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiPageResponse(TeamMembershipViewDto, 'The teams you belong to, with your role in each.')
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<Page<TeamMembershipView>> {
    return pageOf(await this.teams.mine(principal), query);
  }

  @Post()
  @RequiresRole('admin')
  @ApiCreatedResponse({ type: TeamMembershipViewDto, description: 'A new team, with you as its admin.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 409: 'TEAM_EXISTS' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTeamDto): Promise<TeamMembershipView> {
    return this.teams.create(principal, body.name);
  }
}
