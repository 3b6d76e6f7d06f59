import { Logger } from '@nestjs/common';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AuditService } from '../audit/audit.service.js';
import { PROBLEM_CODE_LOCAL } from '../http/problem-details.filter.js';
import type { Role } from '../auth/access-rule.js';
import type { Principal, RequestWithPrincipal } from '../auth/principal.js';
import { DockerError, dockerErrorOf } from './docker-errors.js';
import type { DockerIdentity, DockerListenerKind } from './docker-identity.service.js';
import { DOCKER_API_VERSION, DOCKER_MIN_API_VERSION, isSupportedVersion, splitVersion } from './docker-versions.js';

export interface DockerCall {
  principal: Principal;
  request: Request;
  response: Response;
  /** The API version the client asked for in its path. */
  version: string;
}

type Method = 'get' | 'head' | 'post' | 'put' | 'delete';

/** How route files register themselves: each route states the role it needs. */
export interface DockerRoutes {
  add(method: Method, path: string, role: Role, handler: (call: DockerCall) => Promise<void>): void;
  /** Answered before identity is checked: only `_ping`. */
  open(method: Method, path: string, handler: (request: Request, response: Response) => void): void;
}

const logger = new Logger('DockerApi');

/**
 * The Express application behind one Docker listener: the version prefix is taken off the
 * path, the caller's identity is established once per request, every change is audited as
 * on REST, and errors leave as Docker's `{"message": …}`.
 */
export function dockerRouter(via: DockerListenerKind, identity: DockerIdentity, audit: AuditService, register: (routes: DockerRoutes) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(versionPrefix);
  const json = express.json({ limit: '1mb', type: ['application/json', 'text/plain'] });
  // `docker cp`'s tar arrives labelled text/plain (Docker's client so labels any raw body): never parse it.
  app.use((request: Request, response: Response, next: NextFunction) => (request.path.endsWith('/archive') ? next() : json(request, response, next)));
  register({
    open: (method, path, handler) => app[method](path, handler),
    add: (method, path, role, handler) =>
      app[method](path, (request, response, next) => {
        void serve(request, response, role, handler).catch(next);
      }),
  });
  app.use((request: Request, _response: Response, next: NextFunction) => next(new DockerError(404, `page not found: ${request.method} ${request.path}`)));
  app.use(answerError);
  return app;

  async function serve(request: Request, response: Response, role: Role, handler: (call: DockerCall) => Promise<void>): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') audit.watch(request as RequestWithPrincipal, response, `docker.${actionOf(request)}`);
    const principal = await identity.principalOf(request, via);
    (request as RequestWithPrincipal).principal = principal;
    identity.require(principal, role);
    await handler({ principal, request, response, version: (response.locals['dockerVersion'] as string | undefined) ?? DOCKER_API_VERSION });
  }
}

/** `POST /containers/abc/start` → `containers.start`: the resource and the verb, ids left out. */
function actionOf(request: Request): string {
  const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
  const words = route.split('/').filter((part) => part && !part.startsWith(':') && !part.startsWith('*'));
  return words.join('.') || 'root';
}

function versionPrefix(request: Request, response: Response, next: NextFunction): void {
  const { version, url } = splitVersion(request.url);
  if (!isSupportedVersion(version)) {
    response
      .status(400)
      .json({ message: `client version ${version} is not supported: Berth serves Docker API ${DOCKER_MIN_API_VERSION} to ${DOCKER_API_VERSION}` });
    return;
  }
  request.url = url;
  response.locals['dockerVersion'] = version;
  next();
}

function answerError(error: unknown, _request: Request, response: Response, _next: NextFunction): void {
  const docker = isBodyError(error) ? new DockerError(error.status, `invalid request body: ${error.message}`) : dockerErrorOf(error, logger);
  response.locals[PROBLEM_CODE_LOCAL] = /^([A-Z_]+):/.exec(docker.message)?.[1] ?? null;
  if (response.headersSent) {
    // A streaming answer already began: the client sees the stream end early.
    response.destroy();
    return;
  }
  response.status(docker.status).json({ message: docker.message });
}

/** The JSON body parser's own refusals (malformed JSON, too large) carry their status. */
function isBodyError(error: unknown): error is { status: number; message: string } {
  const candidate = error as { status?: unknown; expose?: unknown };
  return typeof candidate.status === 'number' && candidate.expose === true;
}
