import { Injectable } from '@nestjs/common';
import { ContainersService } from '../containers/containers.service.js';
import { CopyFromContainer } from '../containers/copy-from-container.js';
import { CopyToContainer } from '../containers/copy-to-container.js';
import { CreateContainer } from '../containers/create-container.js';
import { KillContainer } from '../containers/kill-container.js';
import { PauseContainer } from '../containers/pause-container.js';
import { PruneContainers } from '../containers/prune-containers.js';
import { RemoveContainer } from '../containers/remove-container.js';
import { RenameContainer } from '../containers/rename-container.js';
import { RestartContainer } from '../containers/restart-container.js';
import { StartContainer } from '../containers/start-container.js';
import { StopContainer } from '../containers/stop-container.js';
import { UnpauseContainer } from '../containers/unpause-container.js';
import { UpdateContainer } from '../containers/update-container.js';
import { WaitContainer } from '../containers/wait-container.js';

/**
 * The container use cases the Docker API speaks to — the same ones REST's controller calls,
 * so a container behaves alike whichever surface made it. Queries (list, inspect, logs,
 * stats, top) and one object per verb.
 */
@Injectable()
export class ContainerUseCases {
  constructor(
    readonly queries: ContainersService,
    readonly create: CreateContainer,
    readonly start: StartContainer,
    readonly stop: StopContainer,
    readonly restart: RestartContainer,
    readonly kill: KillContainer,
    readonly pause: PauseContainer,
    readonly unpause: UnpauseContainer,
    readonly rename: RenameContainer,
    readonly wait: WaitContainer,
    readonly remove: RemoveContainer,
    readonly update: UpdateContainer,
    readonly prune: PruneContainers,
    readonly copyFrom: CopyFromContainer,
    readonly copyTo: CopyToContainer,
  ) {}
}
