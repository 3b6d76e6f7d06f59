import { HttpStatus, Injectable } from '@nestjs/common';
import type { ContainerDetail, CreateContainerRequest, UpdateContainerRequest } from '@berth/contracts';
import { HostAccessService } from '../access/host-access/host-access.service.js';
import type { Principal } from '../auth/principal.js';
import { ContainerBundles } from '../engine/container-bundle.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { ProblemException } from '../http/problem.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { isLive } from './container-guards.js';
import { toOciResources } from './container-resources.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';

/**
 * `docker update`: new limits (live now on a running container, at the next start on a
 * stopped one) and a new restart policy. Every refusal comes before the first change.
 */
@Injectable()
export class UpdateContainer {
  constructor(
    private readonly containers: ContainersService,
    private readonly repository: ContainersRepository,
    private readonly runtime: RuntimeAdapter,
    private readonly bundles: ContainerBundles,
    private readonly quotas: TeamQuotas,
    private readonly events: EventsService,
    private readonly hostAccess: HostAccessService,
  ) {}

  async execute(principal: Principal, idOrName: string, request: UpdateContainerRequest): Promise<ContainerDetail> {
    const row = await this.containers.row(principal, idOrName);
    this.hostAccess.checkContainerUpdate(principal, request);
    const resources = toOciResources(request.resources);
    if (row.autoRemove && request.restartPolicy && request.restartPolicy.name !== 'no') {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'CONFLICTING_OPTIONS', 'an auto-removed container cannot get a restart policy');
    }
    if (resources.memory?.limit !== undefined) await this.quotas.requireMemoryRoom(row.teamId, resources.memory.limit, row.id);
    const spec = row.spec as { linux?: { resources?: object } };
    const data: Parameters<ContainersRepository['update']>[1] = {};
    if (Object.keys(resources).length > 0) {
      // Live containers change now; stopped ones take the new limits at their next start.
      if (isLive(row.status)) await this.runtime.update(row.id, resources);
      const merged = { ...spec, linux: { ...spec.linux, resources: { ...spec.linux?.resources, ...resources } } };
      this.bundles.writeSpec(row.id, merged);
      data.spec = merged;
      data.config = { ...(row.config as object), resources: { ...(row.config as CreateContainerRequest).resources, ...request.resources } };
    }
    if (request.restartPolicy) {
      data.restartPolicy = request.restartPolicy.name;
      data.restartMaxRetries = request.restartPolicy.maximumRetryCount ?? 0;
    }
    const updated = await this.repository.update(row.id, data, row);
    this.events.record({ teamId: row.teamId, type: 'container', action: 'update', actorId: row.id, attributes: { name: row.name } });
    return this.containers.detail(updated);
  }
}
