import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { ContainersModule } from '../containers/containers.module.js';
import { EventsModule } from '../events/events.module.js';
import { ImagesModule } from '../images/images.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { RegistryCredentialsModule } from '../registry-credentials/registry-credentials.module.js';
import { VolumesModule } from '../volumes/volumes.module.js';
import { SystemModule } from '../system/system.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { ContainerUseCases } from './container-use-cases.js';
import { DockerIdentity } from './docker-identity.service.js';
import { DockerListener } from './docker-listener.service.js';

/** The Docker Engine API: a second surface over the same use cases as REST, on its own listeners. */
@Module({
  imports: [AccessModule, TeamsModule, ContainersModule, ImagesModule, SystemModule, NetworksModule, VolumesModule, EventsModule, RegistryCredentialsModule],
  providers: [DockerIdentity, DockerListener, ContainerUseCases],
  exports: [DockerListener],
})
export class DockerApiModule {}
