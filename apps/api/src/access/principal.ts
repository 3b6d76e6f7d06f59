import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export type Role = 'viewer' | 'operator' | 'admin';

/**
 * Who is calling: the team whose containers, images and volumes the request may see and
 * touch, and the caller's role in it. Every feature scopes its queries by `teamId`.
 */
export interface Principal {
  teamId: string;
  teamName: string;
  role: Role;
  userId?: string;
  tokenId?: string;
}

export type RequestWithPrincipal = Request & { principal?: Principal };

/** The calling principal, set by the principal guard before any handler runs. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('no principal on the request: the principal guard did not run');
  return principal;
});
