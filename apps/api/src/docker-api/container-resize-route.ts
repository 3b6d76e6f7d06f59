import type { ContainersService } from '../containers/containers.service.js';
import type { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { DockerError } from './docker-errors.js';
import type { DockerRoutes } from './docker-router.js';
import { sizeOf } from './exec-routes.js';

/** `POST /containers/{id}/resize?h=&w=`: `docker run -it` and `docker attach` follow the user's terminal. */
export function containerResizeRoute(routes: DockerRoutes, containers: ContainersService, runtime: RuntimeAdapter): void {
  routes.add('post', '/containers/:id/resize', 'operator', async ({ principal, request, response }) => {
    const row = await containers.row(principal, String(request.params['id']));
    const size = sizeOf(request);
    if (!size) throw new DockerError(400, 'h and w are required');
    if (!(row.config as { tty?: boolean }).tty) throw new DockerError(400, `Container ${row.id} has no terminal (it was not created with Tty)`);
    if (row.status !== 'running' && row.status !== 'paused') throw new DockerError(409, `Container ${row.id} is not running`);
    await runtime.resizeTerminal(row.id, size.rows, size.cols);
    response.status(200).end();
  });
}
