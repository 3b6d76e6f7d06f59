import { Module } from '@nestjs/common';
import { ImagesRepository } from './images.repository.js';
import { ImagesService } from './images.service.js';

@Module({ providers: [ImagesRepository, ImagesService], exports: [ImagesService] })
export class ImagesModule {}
