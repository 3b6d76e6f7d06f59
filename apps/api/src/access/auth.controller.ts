import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { LoginResponse, WhoAmI } from '@berth/contracts';
import type { Request, Response } from 'express';
import { AUDIT_LOCALS } from '../audit/audit.service.js';
import { Public, RequiresRole } from '../auth/access-rule.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { SwitchTeamDto } from './dto/switch-team.dto.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { csrfTokenOf } from '../auth/secrets.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'Signed in: sets the httpOnly session cookie and the CSRF cookie.' })
  @ApiUnauthorizedResponse({ description: 'LOGIN_FAILED or TOKEN_INVALID' })
  @ApiTooManyRequestsResponse({ description: 'LOGIN_THROTTLED, with Retry-After' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<LoginResponse> {
    const client = { ip: request.ip ?? request.socket.remoteAddress ?? 'unknown', userAgent: request.headers['user-agent'] ?? null };
    response.locals[AUDIT_LOCALS.actor] = body.username ?? 'token';
    const { secret, principal } =
      body.token !== undefined
        ? await this.sessions.loginWithToken(body.token, client)
        : await this.sessions.loginWithPassword(body.username!, body.password!, client);
    // The record of this call belongs to the team signed in to, under the user's name.
    (request as Request & { principal?: Principal }).principal = principal;
    setSessionCookies(request, response, secret);
    return { ...(await this.sessions.whoAmI(principal)), csrfToken: csrfTokenOf(secret) };
  }

  @Post('logout')
  @RequiresRole('viewer')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session is ended and its cookies cleared.' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.logout(principal);
    clearSessionCookies(request, response);
  }

  @Get('me')
  @RequiresRole('viewer')
  @ApiOkResponse({ description: 'Who is calling, in which team, with which role.' })
  me(@CurrentPrincipal() principal: Principal): Promise<WhoAmI> {
    return this.sessions.whoAmI(principal);
  }

  @Put('team')
  @RequiresRole('viewer')
  @ApiOkResponse({ description: 'The session now acts in that team.' })
  async switchTeam(@CurrentPrincipal() principal: Principal, @Body() body: SwitchTeamDto): Promise<WhoAmI> {
    await this.sessions.switchTeam(principal, body.team);
    const membership = (await this.sessions.whoAmI(principal)).teams.find((team) => team.name === body.team)!;
    return this.sessions.whoAmI({ ...principal, teamId: membership.id, teamName: membership.name, role: membership.role });
  }

  @Put('password')
  @RequiresRole('viewer')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Changed; your other sessions are ended.' })
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.sessions.changePassword(principal, body.currentPassword, body.newPassword);
  }
}
