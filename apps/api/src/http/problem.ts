import { HttpException, HttpStatus } from '@nestjs/common';
import type { ProblemDetails } from '@berth/contracts';

/**
 * Throw this from services: an HTTP status, a stable code, and a detail a user can act on.
 * The problem filter turns it into `application/problem+json`.
 */
export class ProblemException extends HttpException {
  constructor(status: HttpStatus, code: string, detail: string, errors?: ProblemDetails['errors'], field?: string) {
    super({ code, detail, errors, field }, status);
  }
}

/** A problem that passes with time (429, 503): the filter sends the wait as Retry-After. */
export class RetryLaterException extends ProblemException {
  constructor(
    status: HttpStatus,
    code: string,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, code, detail);
  }
}

/** The code for a status when the thrower did not name one (Nest's NotFoundException and friends). */
export function codeForStatus(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string' ? name : `HTTP_${status}`;
}
