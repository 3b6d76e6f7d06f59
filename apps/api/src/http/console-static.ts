import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { PROBLEM_CONTENT_TYPE } from '@berth/contracts';

// Paths that belong to the server; everything else is the console's (client-side routes).
const SERVER_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$)/;

/**
 * Serves the built console: its files, and index.html for any other GET so that deep
 * links such as /containers/web survive a reload.
 */
export function consoleMiddleware(consoleDir: string): express.RequestHandler[] {
  const index = join(consoleDir, 'index.html');
  const files = express.static(consoleDir, { index: false, fallthrough: true, maxAge: '1h' });
  const fallback = (request: Request, response: Response, next: NextFunction): void => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || SERVER_PATHS.test(request.path)) return next();
    if (!existsSync(index)) {
      response
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: 'Not Found',
            status: 404,
            code: 'CONSOLE_NOT_BUILT',
            detail: `the console is not built in ${consoleDir}; run \`npm run build\` (npm start does it for you)`,
          }),
        );
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  };
  return [(request, response, next) => (SERVER_PATHS.test(request.path) ? next() : files(request, response, next)), fallback];
}
