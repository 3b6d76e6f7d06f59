import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page, TeamMember } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { pageOf } from '../http/page-of.js';
import { PageQuery } from '../http/page-query.js';
import { AddMemberDto } from './dto/add-member.dto.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';
import { TeamMemberDto } from './dto/team-member.dto.js';
import { TeamsService } from './teams.service.js';

/** The members of the team the caller acts in. */
@ApiTags('teams')
@Controller('team/members')
export class MembersController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiPageResponse(TeamMemberDto, 'Members and their roles.')
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<Page<TeamMember>> {
    return pageOf(await this.teams.members(principal), query);
  }

  @Post()
  @RequiresRole('admin')
  @ApiCreatedResponse({ type: TeamMemberDto, description: 'Added (and created, when a password is given for a new username).' })
  @ApiProblems({
    400: 'VALIDATION_FAILED, PASSWORD_REQUIRED (a new username), PASSWORD_TOO_SHORT',
    403: 'ROLE_TOO_HIGH',
    409: 'ALREADY_MEMBER or USER_EXISTS',
  })
  add(@CurrentPrincipal() principal: Principal, @Body() body: AddMemberDto): Promise<TeamMember> {
    return this.teams.add(principal, body);
  }

  @Put(':username')
  @RequiresRole('admin')
  @ApiOkResponse({ type: TeamMemberDto, description: 'The new role applies from the next request on.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED', 404: 'MEMBER_NOT_FOUND', 409: 'LAST_ADMIN' })
  changeRole(@CurrentPrincipal() principal: Principal, @Param('username') username: string, @Body() body: ChangeRoleDto): Promise<TeamMember> {
    return this.teams.changeRole(principal, username, body.role);
  }

  @Delete(':username')
  @RequiresRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed; their sessions and tokens stop working in this team at once.' })
  @ApiProblems({ 404: 'MEMBER_NOT_FOUND', 409: 'LAST_ADMIN' })
  remove(@CurrentPrincipal() principal: Principal, @Param('username') username: string): Promise<void> {
    return this.teams.remove(principal, username);
  }
}
