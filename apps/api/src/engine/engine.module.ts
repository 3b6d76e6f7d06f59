import { Global, Module } from '@nestjs/common';
import { EngineService } from './engine.service.js';

/** The runtime and image store, shared by every feature module. */
@Global()
@Module({ providers: [EngineService], exports: [EngineService] })
export class EngineModule {}
