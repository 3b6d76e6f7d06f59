import { HttpException, HttpStatus, type Logger } from '@nestjs/common';
import type { ProblemDetails } from '@berth/contracts';
import { ImageError } from '@berth/images';
import { RuntimeError } from '@berth/runtime/model';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { codeForStatus } from './problem.js';
import { runtimeProblem } from './runtime-errors.js';

/**
 * Any error as the RFC 9457 problem document the API answers with: the one place that
 * decides its status, code and detail — for the exception filter, for errors inside a
 * stream that has begun, and for WebSocket upgrades refused before they happen.
 * Unexpected errors are logged in full and answered with a generic 500, so internals never
 * reach the client.
 */
export function problemOf(exception: unknown, instance: string | undefined, logger: Logger): ProblemDetails {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    return {
      type: 'about:blank',
      title: typeof HttpStatus[status] === 'string' ? titleCase(HttpStatus[status]) : 'Error',
      status,
      detail: typeof fields['detail'] === 'string' ? fields['detail'] : exception.message,
      code: typeof fields['code'] === 'string' ? fields['code'] : codeForStatus(status),
      ...(instance !== undefined ? { instance } : {}),
      ...(Array.isArray(fields['errors']) ? { errors: fields['errors'] as ProblemDetails['errors'] } : {}),
      ...(typeof fields['field'] === 'string' ? { field: fields['field'] } : {}),
    };
  }
  if (isDatabaseUnavailable(exception)) {
    logger.warn(`database unavailable: ${(exception as Error).message}`);
    return unexpected(503, 'DATABASE_UNAVAILABLE', 'the database is not reachable right now; try again shortly', instance);
  }
  if (exception instanceof RuntimeError || exception instanceof ImageError) return problemOf(runtimeProblem(exception), instance, logger);
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return unexpected(500, 'INTERNAL', 'an unexpected error occurred; the server log has the details', instance);
}

function unexpected(status: number, code: string, detail: string, instance: string | undefined): ProblemDetails {
  return { type: 'about:blank', title: titleCase(HttpStatus[status] as string), status, detail, code, ...(instance !== undefined ? { instance } : {}) };
}

/** `NOT_FOUND` → `Not Found`. */
function titleCase(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}
