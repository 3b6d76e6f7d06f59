import { Module } from '@nestjs/common';
import { VolumeStorage } from './volume-storage.js';
import { VolumesController } from './volumes.controller.js';
import { VolumesRepository } from './volumes.repository.js';
import { VolumesService } from './volumes.service.js';

/** `docker volume`; exports VolumesService for the containers module (resolveForMount) and system df. */
@Module({ controllers: [VolumesController], providers: [VolumesRepository, VolumeStorage, VolumesService], exports: [VolumesService, VolumeStorage] })
export class VolumesModule {}
