import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, WhoAmI } from '@berth/contracts';
import type { Request, Response } from 'express';
import { AUDIT_LOCALS } from '../audit/audit.service.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { Public, RequiresRole } from '../auth/access-rule.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { SwitchTeamDto } from './dto/switch-team.dto.js';
import { LoginResponseDto, WhoAmIDto } from './dto/who-am-i.dto.js';
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
  @ApiOkResponse({ type: LoginResponseDto, description: 'Signed in: sets the httpOnly session cookie and the CSRF cookie.' })
  @ApiProblems({ 400: 'VALIDATION_FAILED, USER_REQUIRED', 401: 'LOGIN_FAILED or TOKEN_INVALID', 429: 'LOGIN_THROTTLED, with Retry-After' })
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
  @ApiProblems({ 400: 'USER_REQUIRED: a token is revoked, not signed out' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.logout(principal);
    clearSessionCookies(request, response);
  }

  @Get('me')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: WhoAmIDto, description: 'Who is calling, in which team, with which role.' })
  @ApiProblems()
  me(@CurrentPrincipal() principal: Principal): Promise<WhoAmI> {
    return this.sessions.whoAmI(principal);
  }

  @Put('team')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: WhoAmIDto, description: 'The session now acts in that team.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED, USER_REQUIRED',
    403: 'a session opened with a token stays in its team',
    404: 'TEAM_NOT_FOUND: no team of that name is yours',
  })
  async switchTeam(@CurrentPrincipal() principal: Principal, @Body() body: SwitchTeamDto): Promise<WhoAmI> {
    await this.sessions.switchTeam(principal, body.team);
    const membership = (await this.sessions.whoAmI(principal)).teams.find((team) => team.name === body.team)!;
    return this.sessions.whoAmI({ ...principal, teamId: membership.id, teamName: membership.name, role: membership.role });
  }

  @Put('password')
  @RequiresRole('viewer')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Changed; your other sessions are ended.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED, USER_REQUIRED, PASSWORD_TOO_SHORT',
    403: 'PASSWORD_MISMATCH: the current password is wrong; or a token weaker than the account',
  })
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.sessions.changePassword(principal, body.currentPassword, body.newPassword);
  }
}
