import { HttpStatus } from '@nestjs/common';
import { ProblemException } from './problem.js';

/**
 * A RuntimeError (runtime) or ImageError (image library) as an HTTP problem: its code stays the stable
 * code, the status says whose mistake it was. Codes not listed are the server's (500).
 */
export function runtimeProblem(error: { code: string; message: string }): ProblemException {
  return new ProblemException(statusFor(error.code), error.code, error.message);
}

function statusFor(code: string): HttpStatus {
  if (code === 'INVALID_STATUS') return HttpStatus.CONFLICT;
  if (code === 'NOT_SUPPORTED') return HttpStatus.UNPROCESSABLE_ENTITY;
  if (code.startsWith('INVALID_') || code === 'UNKNOWN_SIGNAL') return HttpStatus.BAD_REQUEST;
  if (code === 'ENOENT' || code.endsWith('_NOT_FOUND')) return HttpStatus.NOT_FOUND;
  if (code === 'EEXIST') return HttpStatus.CONFLICT;
  if (code === 'ETIMEDOUT') return HttpStatus.GATEWAY_TIMEOUT;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}
