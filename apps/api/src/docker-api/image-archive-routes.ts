import type { ImageArchiveService } from '../images/image-archive.service.js';
import { DockerError } from './docker-errors.js';
import { queryFlag } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';
import { JSON_STREAM } from './stream-frames.js';

/** `docker save` (`GET /images/get`, `GET /images/{name}/get`) and `docker load` (`POST /images/load`). */
export function imageArchiveRoutes(routes: DockerRoutes, archives: ImageArchiveService): void {
  routes.add('get', '/images/get', 'viewer', async ({ principal, request, response }) => {
    const names = request.query['names'];
    const list = (Array.isArray(names) ? names : names === undefined ? [] : [names]).map(String);
    if (list.length !== 1) throw new DockerError(400, `NOT_SUPPORTED: saving ${list.length} images in one archive (save one image per call)`);
    await archives.save(principal.teamId, list[0]!, response);
  });

  routes.add('get', '/images/*name/get', 'viewer', async ({ principal, request, response }) => {
    const name = request.params['name'];
    await archives.save(principal.teamId, Array.isArray(name) ? name.join('/') : String(name), response);
  });

  routes.add('post', '/images/load', 'operator', async ({ principal, request, response }) => {
    const { loaded } = await archives.load(principal.teamId, request);
    const quiet = queryFlag(request, 'quiet');
    response.status(200).setHeader('Content-Type', JSON_STREAM);
    for (const image of loaded) response.write(`${JSON.stringify({ stream: quiet ? `${image.id}\n` : `Loaded image: ${image.reference}\n` })}\n`);
    response.end();
  });
}
