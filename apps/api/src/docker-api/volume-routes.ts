import type { VolumeSummary } from '@berth/contracts';
import type { VolumesService } from '../volumes/volumes.service.js';
import { DockerError } from './docker-errors.js';
import { queryFilters, queryFlag } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';

/** `docker volume` and Compose's named volumes. */
export function volumeRoutes(routes: DockerRoutes, volumes: VolumesService): void {
  routes.add('get', '/volumes', 'viewer', async ({ principal, request, response }) => {
    const filters = queryFilters(request);
    const dangling = filters['dangling']?.[0];
    const list = await volumes.list(principal.teamId, {
      name: filters['name']?.[0],
      label: filters['label'],
      dangling: dangling === undefined ? undefined : dangling === 'true' || dangling === '1',
    });
    response.json({ Volumes: list.map(dockerVolume), Warnings: [] });
  });

  routes.add('get', '/volumes/:name', 'viewer', async ({ principal, request, response }) => {
    response.json(dockerVolume(await volumes.inspect(principal.teamId, String(request.params['name']))));
  });

  routes.add('post', '/volumes/create', 'operator', async ({ principal, request, response }) => {
    const body = (request.body ?? {}) as { Name?: string; Driver?: string; DriverOpts?: Record<string, string> | null; Labels?: Record<string, string> | null };
    if (body.Driver && body.Driver !== 'local') throw new DockerError(400, `NOT_SUPPORTED: volume driver ${body.Driver} (local only)`);
    if (body.DriverOpts && Object.keys(body.DriverOpts).length) throw new DockerError(400, 'NOT_SUPPORTED: volume driver options');
    const created = await volumes.create(principal.teamId, { name: body.Name || undefined, labels: body.Labels ?? {} });
    response.status(201).json(dockerVolume(created));
  });

  routes.add('delete', '/volumes/:name', 'operator', async ({ principal, request, response }) => {
    await volumes.remove(principal.teamId, String(request.params['name']), queryFlag(request, 'force'));
    response.status(204).end();
  });

  routes.add('post', '/volumes/prune', 'operator', async ({ principal, request, response }) => {
    const pruned = await volumes.prune(principal.teamId, queryFilters(request)['label'] ?? []);
    response.json({ VolumesDeleted: pruned.volumesDeleted, SpaceReclaimed: pruned.spaceReclaimedBytes });
  });
}

export function dockerVolume(volume: VolumeSummary) {
  return {
    Name: volume.name,
    Driver: volume.driver,
    Mountpoint: volume.mountpoint,
    CreatedAt: volume.createdAt,
    Labels: volume.labels,
    Scope: volume.scope,
    Options: {},
    UsageData: { Size: -1, RefCount: volume.refCount },
  };
}
