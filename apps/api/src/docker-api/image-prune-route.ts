import type { ImagePruneService } from '../images/image-prune.service.js';
import { DockerError } from './docker-errors.js';
import { queryFilters } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';

/**
 * `POST /images/prune` (`docker image prune`): the team's untagged images no container uses.
 * `-a` (`dangling=false`: every unused image) is refused rather than read as the default.
 */
export function imagePruneRoute(routes: DockerRoutes, pruner: ImagePruneService): void {
  routes.add('post', '/images/prune', 'operator', async ({ principal, request, response }) => {
    const filters = queryFilters(request);
    const dangling = filters['dangling']?.[0];
    if (dangling === 'false' || dangling === '0')
      throw new DockerError(400, 'NOT_SUPPORTED: pruning tagged images (docker image prune -a); remove them by name');
    const unknown = Object.keys(filters).filter((key) => key !== 'dangling');
    if (unknown.length) throw new DockerError(400, `NOT_SUPPORTED: image prune filters ${unknown.join(', ')}`);
    const report = await pruner.prune(principal.teamId);
    response.json({ ImagesDeleted: report.deleted.map((digest) => ({ Deleted: digest })), SpaceReclaimed: report.reclaimedBytes });
  });
}
