import type { IncomingMessage } from 'node:http';
import { HttpStatus } from '@nestjs/common';
import type { Authenticator } from '../access/authenticator.service.js';
import { accessErrors } from '../auth/access-errors.js';
import { roleAtLeast, type Role } from '../auth/access-rule.js';
import type { Principal } from '../auth/principal.js';
import { ProblemException } from '../http/problem.js';

/** Exec and attach run commands in a container: the same role as any other change to it. */
export const SOCKET_ROLE: Role = 'operator';

/**
 * The access guard does not see WebSocket upgrades (they never reach Nest's routing), so
 * they are checked here the same way: credentials, then role. A browser sends the session
 * cookie with a WebSocket from any page and cannot be made to send a CSRF header, so a
 * cookie-authenticated upgrade must come from a page of our own origin.
 */
export async function authorizeSocket(authenticator: Authenticator, request: IncomingMessage): Promise<Principal> {
  const authentication = await authenticator.authenticate(request);
  if (!authentication) throw accessErrors.unauthenticated();
  if (authentication.via === 'session' && !sameOrigin(request)) {
    throw new ProblemException(
      HttpStatus.FORBIDDEN,
      'CROSS_ORIGIN_SOCKET',
      'a terminal opened with the session cookie must come from the console on this origin',
    );
  }
  if (!roleAtLeast(authentication.principal.role, SOCKET_ROLE)) throw accessErrors.roleRequired(SOCKET_ROLE, authentication.principal.role);
  return authentication.principal;
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin || !request.headers.host) return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
