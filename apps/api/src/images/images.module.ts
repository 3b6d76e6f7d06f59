import { Module } from '@nestjs/common';
import { RegistryCredentialsModule } from '../registry-credentials/registry-credentials.module.js';
import { ImageArchiveService } from './image-archive.service.js';
import { ImageBuildService } from './image-build.service.js';
import { ImagePruneService } from './image-prune.service.js';
import { ImageRegistryService } from './image-registry.service.js';
import { ImageStoreLock } from './image-store-lock.js';
import { ImageStoreNames } from './image-store-names.js';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { IMAGES_CONFIG, imagesConfig } from './images-config.js';
import { ImagesController } from './images.controller.js';
import { ImagesRepository } from './images.repository.js';
import { ImagesService } from './images.service.js';
import { SnapshotsInUse } from './snapshots-in-use.js';

@Module({
  imports: [RegistryCredentialsModule],
  controllers: [ImagesController],
  providers: [
    { provide: IMAGES_CONFIG, useFactory: (context: AppContext) => imagesConfig(context.config), inject: [APP_CONTEXT] },
    ImagesRepository,
    ImageStoreLock,
    ImageStoreNames,
    SnapshotsInUse,
    ImagesService,
    ImageRegistryService,
    ImageArchiveService,
    ImageBuildService,
    ImagePruneService,
  ],
  exports: [ImagesService, ImageStoreLock, ImageRegistryService, ImageBuildService, ImageArchiveService, ImagePruneService],
})
export class ImagesModule {}
