import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { ProblemException } from '../http/problem.js';
import { accessErrors } from './access-errors.js';
import { ACCESS_RULE, type AccessRule } from './access-rule.js';
import { Authenticator } from './authenticator.service.js';
import { roleAtLeast, type RequestWithPrincipal } from './principal.js';
import { CSRF_HEADER, csrfTokenOf } from './session-cookies.js';

/** Methods that change something: audited, and CSRF-checked when the session cookie is the credential. */
export function isMutating(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * The one gate of every route: starts the audit record of a mutating call (so refusals are
 * recorded too), then authenticates, checks CSRF for cookie-authenticated changes, and
 * compares the caller's role with the route's rule. A route without a rule is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const response = context.switchToHttp().getResponse<Response>();
    const mutating = isMutating(request.method);
    if (mutating) this.audit.watch(request, response, AuditService.actionOf(context.getClass(), context.getHandler()));

    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ProblemException(HttpStatus.FORBIDDEN, 'ACCESS_RULE_MISSING', 'this route has no access rule, so nobody may call it');
    if (rule.kind === 'public') return true;

    const authentication = await this.authenticator.authenticate(request);
    if (!authentication) throw accessErrors.unauthenticated();
    request.principal = authentication.principal;
    if (mutating && authentication.sessionSecret !== undefined && !csrfMatches(request.headers[CSRF_HEADER], authentication.sessionSecret)) {
      throw accessErrors.csrf();
    }
    if (!roleAtLeast(authentication.principal.role, rule.role)) throw accessErrors.roleRequired(rule.role, authentication.principal.role);
    return true;
  }
}

function csrfMatches(header: string | string[] | undefined, sessionSecret: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionSecret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
