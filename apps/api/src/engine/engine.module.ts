import { Global, Module } from '@nestjs/common';
import { DB_HOST_TOOLS } from '@berth/db';
import { IMAGES_HOST_TOOLS } from '@berth/images';
import { RUNTIME_HOST_TOOLS } from '@berth/runtime';
import { EngineService } from './engine.service.js';
import { HostCapabilities } from './host-capabilities.js';

/** The runtime and image store, and what the host lets them do, shared by every feature module. */
@Global()
@Module({
  providers: [
    EngineService,
    { provide: HostCapabilities, useFactory: () => new HostCapabilities([...RUNTIME_HOST_TOOLS, ...IMAGES_HOST_TOOLS, ...DB_HOST_TOOLS]) },
  ],
  exports: [EngineService, HostCapabilities],
})
export class EngineModule {}
