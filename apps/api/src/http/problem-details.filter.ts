import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE } from '@berth/contracts';
import type { Request, Response } from 'express';
import { LoginThrottledException } from '../access/access-errors.js';
import { AUDIT_LOCALS } from '../audit/audit.service.js';
import { problemOf } from './problem-of.js';

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
    if (exception instanceof LoginThrottledException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    // For the audit record of this call, written when the response is over.
    response.locals[AUDIT_LOCALS.errorCode] = problem.code;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
