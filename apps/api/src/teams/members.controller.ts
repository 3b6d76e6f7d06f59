import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { TeamMember } from '@berth/contracts';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { AddMemberDto } from './dto/add-member.dto.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';
import { TeamsService } from './teams.service.js';

/** The members of the team the caller acts in. */
@ApiTags('teams')
@Controller('team/members')
export class MembersController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOkResponse({ description: 'Members and their roles.' })
  list(@CurrentPrincipal() principal: Principal): Promise<TeamMember[]> {
    return this.teams.members(principal);
  }

  @Post()
  @RequiresRole('admin')
  @ApiCreatedResponse({ description: 'Added (and created, when a password is given for a new username).' })
  @ApiConflictResponse({ description: 'ALREADY_MEMBER or USER_EXISTS' })
  add(@CurrentPrincipal() principal: Principal, @Body() body: AddMemberDto): Promise<TeamMember> {
    return this.teams.add(principal, body);
  }

  @Put(':username')
  @RequiresRole('admin')
  @ApiOkResponse({ description: 'The new role applies from the next request on.' })
  @ApiNotFoundResponse({ description: 'MEMBER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'LAST_ADMIN' })
  changeRole(@CurrentPrincipal() principal: Principal, @Param('username') username: string, @Body() body: ChangeRoleDto): Promise<TeamMember> {
    return this.teams.changeRole(principal, username, body.role);
  }

  @Delete(':username')
  @RequiresRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed; their sessions and tokens stop working in this team at once.' })
  @ApiConflictResponse({ description: 'LAST_ADMIN' })
  remove(@CurrentPrincipal() principal: Principal, @Param('username') username: string): Promise<void> {
    return this.teams.remove(principal, username);
  }
}
