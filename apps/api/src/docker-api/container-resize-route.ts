import { runtimeId } from '../containers/container-names.js';
import type { ContainersService } from '../containers/containers.service.js';
import type { EngineService } from '../engine/engine.service.js';
import { DockerError } from './docker-errors.js';
import type { DockerRoutes } from './docker-router.js';
import { sizeOf } from './exec-routes.js';

/** `POST /containers/{id}/resize?h=&w=`: `docker run -it` and `docker attach` follow the user's terminal. */
export function containerResizeRoute(routes: DockerRoutes, containers: ContainersService, engine: EngineService): void {
  routes.add('post', '/containers/:id/resize', 'operator', async ({ principal, request, response }) => {
    const row = await containers.row(principal, String(request.params['id']));
    const size = sizeOf(request);
    if (!size) throw new DockerError(400, 'h and w are required');
    if (!(row.config as { tty?: boolean }).tty) throw new DockerError(400, `Container ${row.id} has no terminal (it was not created with Tty)`);
    if (row.status !== 'running' && row.status !== 'paused') throw new DockerError(409, `Container ${row.id} is not running`);
    await engine.runtime.resizeTerminal(runtimeId(row.id), size.rows, size.cols);
    response.status(200).end();
  });
}
