import { Module } from '@nestjs/common';
import { ImagesModule } from '../images/images.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { VolumesModule } from '../volumes/volumes.module.js';
import { CommitContainer } from './commit-container.js';
import { ContainerFilesController } from './container-files.controller.js';
import { CopyFromContainer } from './copy-from-container.js';
import { CopyToContainer } from './copy-to-container.js';
import { ContainerRoots } from './files/container-root.service.js';
import { ContainerLauncher } from './container-launcher.service.js';
import { ContainerReconciler } from './container-reconciler.service.js';
import { ContainerSocketsService } from './container-sockets.service.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersController } from './containers.controller.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';
import { CreateContainer } from './create-container.js';
import { ExecContainer } from './exec-container.js';
import { HealthMonitor } from './health-monitor.service.js';
import { KillContainer } from './kill-container.js';
import { PauseContainer } from './pause-container.js';
import { PruneContainers } from './prune-containers.js';
import { RemoveContainer } from './remove-container.js';
import { RenameContainer } from './rename-container.js';
import { RestartContainer } from './restart-container.js';
import { StartContainer } from './start-container.js';
import { StopContainer } from './stop-container.js';
import { UnpauseContainer } from './unpause-container.js';
import { UpdateContainer } from './update-container.js';
import { RestartScheduler } from './restart-scheduler.service.js';
import { WaitContainer } from './wait-container.js';

/** The container use cases, one per verb; every surface (REST now, the Docker Engine API next) calls these. */
const USE_CASES = [
  CreateContainer,
  StartContainer,
  StopContainer,
  RestartContainer,
  KillContainer,
  PauseContainer,
  UnpauseContainer,
  WaitContainer,
  RemoveContainer,
  PruneContainers,
  RenameContainer,
  UpdateContainer,
  ExecContainer,
  CommitContainer,
  CopyFromContainer,
  CopyToContainer,
];

@Module({
  imports: [ImagesModule, VolumesModule, NetworksModule],
  controllers: [ContainersController, ContainerFilesController],
  providers: [
    ContainersRepository,
    ContainersService,
    ContainerLauncher,
    ContainerSupervisor,
    RestartScheduler,
    ContainerReconciler,
    ContainerSocketsService,
    ContainerRoots,
    HealthMonitor,
    ...USE_CASES,
  ],
  exports: [ContainersService, ...USE_CASES],
})
export class ContainersModule {}
