import { Module } from '@nestjs/common';
import { VolumesModule } from '../volumes/volumes.module.js';
import { SystemController } from './system.controller.js';
import { SystemRepository } from './system.repository.js';
import { SystemService } from './system.service.js';

@Module({ imports: [VolumesModule], controllers: [SystemController], providers: [SystemRepository, SystemService], exports: [SystemService] })
export class SystemModule {}
