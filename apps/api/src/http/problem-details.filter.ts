import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE } from '@berth/contracts';
import type { Request, Response } from 'express';
import { problemOf } from './problem-of.js';
import { RetryLaterException } from './problem.js';

/**
 * The key of `response.locals` under which the filter leaves the code it answered with, for
 * whatever reports on the finished response (the audit record) without catching the error itself.
 */
export const PROBLEM_CODE_LOCAL = 'problemCode';

/** Every error leaves the API as RFC 9457 problem details with a stable `code` (problem-of.ts decides which). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = problemOf(exception, request.originalUrl ?? request.url, this.logger);
    if (problem.status === 503) response.setHeader('Retry-After', '1');
    if (exception instanceof RetryLaterException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.locals[PROBLEM_CODE_LOCAL] = problem.code;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
