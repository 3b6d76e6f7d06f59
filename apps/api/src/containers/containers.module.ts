import { Module } from '@nestjs/common';
import { ImagesModule } from '../images/images.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { VolumesModule } from '../volumes/volumes.module.js';
import { ContainerCommitService } from './container-commit.service.js';
import { ContainerSocketsService } from './container-sockets.service.js';
import { ContainerLauncher } from './container-launcher.service.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersController } from './containers.controller.js';
import { ContainersRepository } from './containers.repository.js';
import { ContainersService } from './containers.service.js';

@Module({
  imports: [ImagesModule, VolumesModule, NetworksModule],
  controllers: [ContainersController],
  providers: [ContainersRepository, ContainersService, ContainerLauncher, ContainerSupervisor, ContainerCommitService, ContainerSocketsService],
  exports: [ContainersService],
})
export class ContainersModule {}
