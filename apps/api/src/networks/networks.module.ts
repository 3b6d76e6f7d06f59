import { Module } from '@nestjs/common';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { ContainerNetworking } from './container-networking.service.js';
import { NetworkAddresses } from './network-addresses.js';
import { NetworkMembershipService } from './network-membership.service.js';
import { NetworkOwners } from './network-owners.js';
import { NetworkReconciler } from './network-reconciler.service.js';
import { NetworksController } from './networks.controller.js';
import { NetworksRepository } from './networks.repository.js';
import { NetworksService } from './networks.service.js';

/** `docker network`; exports the container wiring to the containers module (start, exit, remove, stats, startup). */
@Module({
  controllers: [NetworksController],
  providers: [
    NetworksRepository,
    NetworksService,
    NetworkAddresses,
    NetworkMembershipService,
    NetworkReconciler,
    ContainerNetworking,
    // The owner marks are named after the state root, as the cgroup parent is.
    { provide: NetworkOwners, inject: [APP_CONTEXT], useFactory: (context: AppContext) => new NetworkOwners(context.config.root) },
  ],
  exports: [ContainerNetworking, NetworkReconciler, NetworksService, NetworkMembershipService],
})
export class NetworksModule {}
