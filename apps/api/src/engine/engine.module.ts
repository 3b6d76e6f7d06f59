import { Global, Module } from '@nestjs/common';
import { DB_HOST_TOOLS } from '@berth/db';
import { IMAGES_HOST_TOOLS } from '@berth/images';
import { ContainerBundles } from './container-bundle.js';
import { EngineService } from './engine.service.js';
import { HostCapabilities } from './host-capabilities.js';
import { RUNTIME_HOST_TOOLS, RuntimeAdapter } from './runtime-adapter.js';

/** The runtime, the bundles and the image store, and what the host lets them do, shared by every feature module. */
@Global()
@Module({
  providers: [
    EngineService,
    RuntimeAdapter,
    ContainerBundles,
    { provide: HostCapabilities, useFactory: () => new HostCapabilities([...RUNTIME_HOST_TOOLS, ...IMAGES_HOST_TOOLS, ...DB_HOST_TOOLS]) },
  ],
  exports: [EngineService, RuntimeAdapter, ContainerBundles, HostCapabilities],
})
export class EngineModule {}
