import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { DefaultTeamService } from './default-team.service.js';
import type { RequestWithPrincipal } from './principal.js';

/** Puts the caller's principal on the request (today: the default team's admin). */
@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(private readonly defaultTeam: DefaultTeamService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    request.principal ??= await this.defaultTeam.principal();
    return true;
  }
}
