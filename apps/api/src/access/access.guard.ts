import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { accessErrors } from '../auth/access-errors.js';
import { ACCESS_RULE, isMutating, roleAtLeast, type AccessRule } from '../auth/access-rule.js';
import type { RequestWithPrincipal } from '../auth/principal.js';
import { csrfMatches } from '../auth/secrets.js';
import { ProblemException } from '../http/problem.js';
import { Authenticator } from './authenticator.service.js';
import { CSRF_HEADER } from './session-cookies.js';

/**
 * The one gate of every route: authenticates, checks CSRF for cookie-authenticated changes,
 * and compares the caller's role with the route's rule. A route without a rule is refused.
 * It only decides: the audit module records the call, refused or not.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ProblemException(HttpStatus.FORBIDDEN, 'ACCESS_RULE_MISSING', 'this route has no access rule, so nobody may call it');
    if (rule.kind === 'public') return true;

    const authentication = await this.authenticator.authenticate(request);
    if (!authentication) throw accessErrors.unauthenticated();
    request.principal = authentication.principal;
    if (isMutating(request.method) && authentication.sessionSecret !== undefined && !csrfMatches(request.headers[CSRF_HEADER], authentication.sessionSecret)) {
      throw accessErrors.csrf();
    }
    if (!roleAtLeast(authentication.principal.role, rule.role)) throw accessErrors.roleRequired(rule.role, authentication.principal.role);
    return true;
  }
}
