import { pipeline } from 'node:stream/promises';
import { PATH_STAT_HEADER } from '@berth/contracts';
import { encodePathStat } from '../containers/files/path-stat.js';
import type { ContainerUseCases } from './container-use-cases.js';
import { queryFlag } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';

/**
 * `docker cp`: `HEAD` (the stat the CLI asks for first), `GET` (the path as a tar, its stat in
 * the header) and `PUT` (a tar into a directory) on `/containers/{id}/archive`, over the same
 * use cases as REST's. HEAD is registered first: Express would answer it with the GET route.
 */
export function containerArchiveRoutes(routes: DockerRoutes, useCases: ContainerUseCases): void {
  routes.add('head', '/containers/:id/archive', 'viewer', async ({ principal, request, response }) => {
    const stat = await useCases.copyFrom.stat(principal, String(request.params['id']), request.query['path']);
    response.status(200).setHeader(PATH_STAT_HEADER, encodePathStat(stat)).end();
  });

  routes.add('get', '/containers/:id/archive', 'viewer', async ({ principal, request, response }) => {
    await useCases.copyFrom.read(principal, String(request.params['id']), request.query['path'], async (stat, archive) => {
      response.status(200).setHeader('Content-Type', 'application/x-tar').setHeader(PATH_STAT_HEADER, encodePathStat(stat));
      await pipeline(archive, response);
    });
  });

  routes.add('put', '/containers/:id/archive', 'operator', async ({ principal, request, response }) => {
    // Docker's client labels the tar text/plain; the upload check (shared with REST) wants a tar type.
    if (/^text\/plain\b/.test(request.headers['content-type'] ?? '')) request.headers['content-type'] = 'application/x-tar';
    await useCases.copyTo.execute(principal, String(request.params['id']), request.query['path'], request, {
      noOverwriteDirNonDir: queryFlag(request, 'noOverwriteDirNonDir'),
      copyOwnership: queryFlag(request, 'copyUIDGID'),
    });
    response.status(200).end();
  });
}
