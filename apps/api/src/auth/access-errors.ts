import { HttpStatus } from '@nestjs/common';
import { ProblemException, RetryLaterException } from '../http/problem.js';
import type { Role } from './access-rule.js';

/** The problems of authentication and authorization, with codes clients can rely on. */
export const accessErrors = {
  unauthenticated: () =>
    new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'UNAUTHENTICATED',
      'sign in, or send an API token as "Authorization: Bearer <token>" (an administrator creates tokens)',
    ),
  tokenRefused: (why: 'unknown' | 'revoked' | 'expired') =>
    new ProblemException(HttpStatus.UNAUTHORIZED, 'TOKEN_INVALID', `the token is ${why === 'unknown' ? 'not known here' : why}: use another token`),
  sessionEnded: () => new ProblemException(HttpStatus.UNAUTHORIZED, 'SESSION_EXPIRED', 'the session has ended: sign in again'),
  notMember: () => new ProblemException(HttpStatus.UNAUTHORIZED, 'NOT_A_MEMBER', 'you are no longer a member of this team: sign in again'),
  roleRequired: (needed: Role, role: Role) =>
    new ProblemException(HttpStatus.FORBIDDEN, 'ROLE_REQUIRED', `this needs the ${needed} role; you are ${role === 'admin' ? 'an' : 'a'} ${role} in this team`),
  csrf: () =>
    new ProblemException(
      HttpStatus.FORBIDDEN,
      'CSRF_TOKEN_INVALID',
      'a change made with the session cookie needs the X-CSRF-Token header (the value of the berth_csrf cookie)',
    ),
  loginFailed: () => new ProblemException(HttpStatus.UNAUTHORIZED, 'LOGIN_FAILED', 'wrong username or password'),
  boundToToken: (what: string) =>
    new ProblemException(
      HttpStatus.FORBIDDEN,
      'SESSION_BOUND_TO_TOKEN',
      `${what} is not possible with a session opened with an API token: it keeps the token's team and role; sign in with your password`,
    ),
  needsUser: (what: string) => new ProblemException(HttpStatus.BAD_REQUEST, 'USER_REQUIRED', `${what} needs a signed-in user, not a team token`),
};

/** 429 with the seconds to wait, which the problem filter sends as Retry-After. */
export class LoginThrottledException extends RetryLaterException {
  constructor(retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'LOGIN_THROTTLED', `too many failed sign-ins: try again in ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}
