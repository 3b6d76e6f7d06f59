import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@berth/contracts';
import type { Request, Response } from 'express';
import { RuntimeError } from '@berth/runtime/model';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { codeForStatus } from './problem.js';
import { runtimeProblem } from './runtime-errors.js';

/**
 * Every error leaves the API as RFC 9457 problem details with a stable `code`.
 * Unexpected errors are logged in full and answered with a generic 500, so internals
 * never reach the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request.originalUrl ?? request.url);
    if (problem.status === 503) response.setHeader('Retry-After', '1');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      return {
        type: 'about:blank',
        title: HttpStatus[status] ? titleCase(HttpStatus[status]) : 'Error',
        status,
        detail: typeof fields['detail'] === 'string' ? fields['detail'] : exception.message,
        code: typeof fields['code'] === 'string' ? fields['code'] : codeForStatus(status),
        instance,
        ...(Array.isArray(fields['errors']) ? { errors: fields['errors'] as ProblemDetails['errors'] } : {}),
      };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'the database is not reachable right now; try again shortly',
        code: 'DATABASE_UNAVAILABLE',
        instance,
      };
    }
    if (exception instanceof RuntimeError) return this.toProblem(runtimeProblem(exception), instance);
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'an unexpected error occurred; the server log has the details',
      code: 'INTERNAL',
      instance,
    };
  }
}

function titleCase(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}
