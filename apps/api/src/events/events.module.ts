import { Global, Module } from '@nestjs/common';
import { EventsFeedService } from './events-feed.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

/** Global: every feature records events; the events controller (SSE, queries) is registered under /api/v1. */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsRepository, EventsService, EventsFeedService],
  exports: [EventsService, EventsRepository, EventsFeedService],
})
export class EventsModule {}
