import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './access-rule.js';

/**
 * Who is calling: the team whose containers, images and volumes the request may see and
 * touch, the caller's role in it, and how the caller proved it (a token or a console session).
 * Every feature scopes its queries by `teamId`.
 */
export interface Principal {
  teamId: string;
  teamName: string;
  role: Role;
  userId?: string;
  username?: string;
  tokenId?: string;
  tokenName?: string;
  sessionId?: string;
}

export type RequestWithPrincipal = Request & { principal?: Principal };

/** How a principal appears in audit records and logs. */
export function actorOf(principal: Principal): string {
  if (principal.username) return principal.username;
  return principal.tokenName ? `token ${principal.tokenName}` : 'unknown';
}

/** The calling principal, set by the access guard before any handler runs. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('no principal on the request: the route is public or the access guard did not run');
  return principal;
});
