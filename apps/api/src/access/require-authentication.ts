import { PROBLEM_CONTENT_TYPE } from '@berth/contracts';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { accessErrors } from '../auth/access-errors.js';
import type { Authenticator } from './authenticator.service.js';
import { problemOf } from '../http/problem-of.js';

/**
 * For what Nest's guard does not cover — the OpenAPI document and its UI are plain Express
 * handlers —: any authenticated caller may read, nobody else.
 */
export function requireAuthentication(authenticator: Authenticator): RequestHandler {
  const logger = new Logger('Access');
  return (request: Request, response: Response, next: NextFunction) => {
    authenticator
      .authenticate(request)
      .then((authentication) => {
        if (!authentication) throw accessErrors.unauthenticated();
        next();
      })
      .catch((error: unknown) => {
        const problem = problemOf(error, request.originalUrl, logger);
        response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      });
  };
}
